-- The stored incidents rows this load replaces: those with the (tenant, incident_id) of a row this
-- load keeps (merge_incidents.sql then writes them), not of an id whose stored row is newer
-- (load/stored_newer_rows.sql). Run only when the table holds rows: a first load, and every run
-- on files, has nothing to replace.
DELETE FROM incidents AS stored
USING (SELECT DISTINCT tenant, incident_id FROM norm_incidents
       WHERE _problem IS NULL AND rowid NOT IN (SELECT row_id FROM sg_losing_rows)) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.incident_id = incoming.incident_id;
