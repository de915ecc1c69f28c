-- Loadable alerts rows of this load, into a table that already holds rows: they replace the
-- stored rows with the same (tenant, alert_id) (deleted first by replace_alerts.sql). Of the rows
-- of one id, only the one load/losing_rows.sql keeps is copied (none when the stored row is newer:
-- load/stored_newer_rows.sql). A table that is empty adopts the
-- rows instead (load/adopt_rows.sql).
INSERT INTO alerts
SELECT n.tenant, n.alert_id, n.incident_id, n.title, n.rule_id, n.rule_name, n.product, n.domain, n.severity, n.first_activity_at, n.created_at, n.status, n.verdict, n.closed_at, n.closed_by, n.tactics, n.techniques, n.entity_user, n.entity_host, n.entity_ip,
       n.load_id, n.source_file, n._line, n.category
FROM norm_alerts AS n
WHERE n._problem IS NULL
  AND n.rowid NOT IN (SELECT row_id FROM sg_losing_rows);
