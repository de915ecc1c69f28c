-- Loadable alerts rows of this load replace the stored rows with the same (tenant, alert_id).
-- Within this load the latest file wins, and within a file the last row of an id wins (exports
-- that write one row per update, such as Sentinel's, end with the current state).
DELETE FROM alerts AS stored
USING (SELECT DISTINCT tenant, alert_id FROM norm_alerts WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.alert_id = incoming.alert_id;

INSERT INTO alerts
SELECT n.tenant, n.alert_id, n.incident_id, n.title, n.rule_id, n.rule_name, n.product, n.domain, n.severity, n.first_activity_at, n.created_at, n.status, n.verdict, n.closed_at, n.closed_by, n.tactics, n.techniques, n.entity_user, n.entity_host, n.entity_ip,
       (SELECT load_id FROM sg_settings), f.file, n._line
FROM norm_alerts AS n JOIN stage_files AS f USING (_file_seq)
WHERE n._problem IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM norm_alerts AS later
      WHERE later.tenant = n.tenant AND later.alert_id = n.alert_id AND later._problem IS NULL
        AND (later._file_seq, later._line) > (n._file_seq, n._line)
  );
