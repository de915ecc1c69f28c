-- Loadable automation rows of this load, into a table that already holds rows: they replace the
-- stored rows with the same (tenant, run_id) (deleted first by replace_automation.sql). Of the rows
-- of one id, only the one load/losing_rows.sql keeps is copied. A table that is empty adopts the
-- rows instead (load/adopt_rows.sql).
INSERT INTO automation
SELECT n.tenant, n.run_id, n.incident_id, n.alert_id, n.playbook, n.action, n.started_at, n.finished_at, n.outcome, n.approved_by, n.approved_at,
       n.load_id, n.source_file, n._line
FROM norm_automation AS n
WHERE n._problem IS NULL
  AND n.rowid NOT IN (SELECT row_id FROM sg_losing_rows);
