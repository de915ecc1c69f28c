-- The alerts whose facts a load may have changed: those it loaded or linked
-- (facts_touched_alerts: load/touched_loaded.sql), and those whose incident's facts change
-- (fact_scope_incidents: facts/scope_incidents.sql). An alert's facts read its own row and its
-- incident's (the incident it counts for, the final classification, closer and close).
CREATE OR REPLACE TEMP TABLE fact_scope_alerts AS
SELECT tenant, alert_id FROM facts_touched_alerts
UNION
SELECT a.tenant, a.alert_id
FROM alerts a
WHERE EXISTS (SELECT 1 FROM fact_scope_incidents s WHERE s.tenant = a.tenant AND s.incident_id = a.incident_id);

-- The UTC days those alerts have in the stored facts: their daily counts (facts/alert_days.sql)
-- are computed again, with the days of their new facts (facts/scope_days.sql).
CREATE OR REPLACE TEMP TABLE fact_scope_days AS
SELECT DISTINCT f.tenant, epoch_us(f.created_at) // 86400000000 * 86400000000 AS day_us
FROM alert_facts f
JOIN fact_scope_alerts s ON s.tenant = f.tenant AND s.alert_id = f.alert_id;

-- The stored facts of both, computed again next (facts.rs).
DELETE FROM incident_facts AS f
USING fact_scope_incidents AS s
WHERE f.tenant = s.tenant AND f.incident_id = s.incident_id;

DELETE FROM alert_facts AS f
USING fact_scope_alerts AS s
WHERE f.tenant = s.tenant AND f.alert_id = s.alert_id;
