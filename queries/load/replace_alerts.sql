-- The stored alerts rows this load replaces: those with the (tenant, alert_id) of a row this
-- load keeps (merge_alerts.sql then writes them), not of an id whose stored row is newer
-- (load/stored_newer_rows.sql). Run only when the table holds rows: a first load, and every run
-- on files, has nothing to replace.
DELETE FROM alerts AS stored
USING (SELECT DISTINCT tenant, alert_id FROM norm_alerts
       WHERE _problem IS NULL AND rowid NOT IN (SELECT row_id FROM sg_losing_rows)) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.alert_id = incoming.alert_id;
