-- The stored alerts rows this load replaces: those with the (tenant, alert_id) of a loadable row
-- of this load (merge_alerts.sql then writes the rows that win). Run only when the table holds
-- rows: a first load, and every run on files, has nothing to replace.
DELETE FROM alerts AS stored
USING (SELECT DISTINCT tenant, alert_id FROM norm_alerts WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.alert_id = incoming.alert_id;
