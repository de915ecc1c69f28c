-- The incidents whose facts this load's rows may change through the stored rows they replace:
-- the incident a replaced alert or automation run named (directly, or through the alert the run
-- names), and the incident an alert took from a link that this load's links may move. Read before the merge deletes them; load/touched_loaded.sql adds the loaded side, and
-- facts/scope_incidents.sql widens both to the merge chains they belong to.
CREATE OR REPLACE TEMP TABLE facts_touched_incidents AS
SELECT a.tenant, a.incident_id
FROM alerts a
WHERE a.incident_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM norm_alerts n
              WHERE n._problem IS NULL AND n.tenant = a.tenant AND n.alert_id = a.alert_id)
UNION
SELECT au.tenant, au.incident_id
FROM automation au
WHERE au.incident_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM norm_automation n
              WHERE n._problem IS NULL AND n.tenant = au.tenant AND n.run_id = au.run_id)
UNION
SELECT a.tenant, a.incident_id
FROM automation au
JOIN alerts a ON a.tenant = au.tenant AND a.alert_id = au.alert_id
WHERE a.incident_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM norm_automation n
              WHERE n._problem IS NULL AND n.tenant = au.tenant AND n.run_id = au.run_id)
UNION
SELECT a.tenant, a.incident_id
FROM alerts a
JOIN link_fills f ON f.tenant = a.tenant AND f.alert_id = a.alert_id
WHERE a.incident_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM norm_links n WHERE n.tenant = a.tenant AND n.alert_id = a.alert_id);
