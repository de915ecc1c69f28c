-- The incidents and alerts whose facts this load changed, on the loaded side (its rows carry its
-- load_id): its incidents and review times, the incident each of its alerts and automation runs
-- names (after links filled it), and its alerts, the alerts its links name and those whose
-- link it removed (load/merge_supplements.sql). Adds to
-- load/touched_replaced.sql; facts/scope_*.sql read both.
INSERT INTO facts_touched_incidents
SELECT tenant, incident_id FROM incidents WHERE load_id = (SELECT load_id FROM sg_settings)
UNION
SELECT tenant, incident_id FROM incident_reviews WHERE load_id = (SELECT load_id FROM sg_settings)
UNION
SELECT tenant, incident_id FROM alerts
WHERE load_id = (SELECT load_id FROM sg_settings) AND incident_id IS NOT NULL
UNION
SELECT a.tenant, a.incident_id
FROM links l JOIN alerts a ON a.tenant = l.tenant AND a.alert_id = l.alert_id
WHERE l.load_id = (SELECT load_id FROM sg_settings) AND a.incident_id IS NOT NULL
UNION
SELECT tenant, incident_id FROM automation
WHERE load_id = (SELECT load_id FROM sg_settings) AND incident_id IS NOT NULL
UNION
SELECT a.tenant, a.incident_id
FROM automation au JOIN alerts a ON a.tenant = au.tenant AND a.alert_id = au.alert_id
WHERE au.load_id = (SELECT load_id FROM sg_settings) AND a.incident_id IS NOT NULL;

-- A view: read only when the facts are updated in place (facts.rs), not when they are built whole.
CREATE OR REPLACE TEMP VIEW facts_touched_alerts AS
SELECT tenant, alert_id FROM alerts WHERE load_id = (SELECT load_id FROM sg_settings)
UNION
SELECT tenant, alert_id FROM links WHERE load_id = (SELECT load_id FROM sg_settings)
UNION
SELECT tenant, alert_id FROM sg_unlinked_alerts;
