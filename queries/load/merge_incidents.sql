-- Loadable incidents rows of this load, into a table that already holds rows: they replace the
-- stored rows with the same (tenant, incident_id) (deleted first by replace_incidents.sql). Of the rows
-- of one id, only the one load/losing_rows.sql keeps is copied (none when the stored row is newer:
-- load/stored_newer_rows.sql). A table that is empty adopts the
-- rows instead (load/adopt_rows.sql).
INSERT INTO incidents
SELECT n.tenant, n.incident_id, n.title, n.severity, n.status, n.classification, n.first_activity_at, n.created_at, n.acknowledged_at, n.contained_at, n.closed_at, n.owner, n.closed_by, n.ai_assisted, n.redirected_to,
       n.load_id, n.source_file, n._line, n.category
FROM norm_incidents AS n
WHERE n._problem IS NULL
  AND n.rowid NOT IN (SELECT row_id FROM sg_losing_rows);
