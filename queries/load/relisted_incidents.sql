-- The incidents whose row this load keeps from a file that lists incidents' alerts (one with
-- incident-side links: Sentinel `AlertIds`, an OCSF Incident Finding's list): that file's list
-- is the incident's now, so the incident's stored links to alerts it no longer lists go
-- (load/merge_supplements.sql), as those of an older file of the same load do
-- (load/superseded_links.sql). Read while norm_incidents is this load's (an empty canonical
-- table adopts it next); empty when no link is stored.
CREATE OR REPLACE TEMP TABLE sg_relisted_incidents AS
SELECT DISTINCT i.tenant, i.incident_id
FROM norm_incidents AS i
LEFT JOIN sg_losing_rows AS l ON l.row_id = i.rowid
WHERE i._problem IS NULL AND l.row_id IS NULL
  AND i._file_seq IN (SELECT DISTINCT _file_seq FROM norm_links)
  AND EXISTS (SELECT 1 FROM links)
ORDER BY ALL;
