-- The breaches behind sla.sql, one row per incident × target it missed (same population, same
-- durations), for the report's list: tenant, incident id, title, severity, target, hours, the
-- duration and the target in minutes, and the overrun. Ordered by target (critical first), then
-- the largest overrun, then tenant and incident id. $1: the targets, as in sla.sql.
WITH t AS (
    SELECT unnest(from_json($1, '[{"ord": "INTEGER", "severity": "VARCHAR", "target": "VARCHAR", "hours": "VARCHAR", "minutes": "DOUBLE"}]'), recursive := true)
),
d AS (
    SELECT tenant, incident_id, severity, 'acknowledge' AS target, mtta AS calendar_minutes, mtta_business AS business_minutes FROM m_incidents_business
    UNION ALL SELECT tenant, incident_id, severity, 'contain', mttc, mttc_business FROM m_incidents_business
    UNION ALL SELECT tenant, incident_id, severity, 'resolve', mttr, mttr_business FROM m_incidents_business
),
measured AS (
    SELECT d.tenant, d.incident_id, d.severity, t.ord, t.target, t.hours, t.minutes AS target_minutes,
           CASE t.hours WHEN 'business' THEN d.business_minutes ELSE d.calendar_minutes END AS minutes
    FROM d
    JOIN t ON d.severity = t.severity AND d.target = t.target
    WHERE d.calendar_minutes >= 0
)
SELECT m.tenant, m.incident_id, n.title, m.severity, m.target, m.hours, m.minutes,
       m.target_minutes, m.minutes - m.target_minutes AS overrun_minutes
FROM measured m
LEFT JOIN incidents n ON n.tenant = m.tenant AND n.incident_id = m.incident_id
WHERE m.minutes > m.target_minutes
ORDER BY m.ord, overrun_minutes DESC, m.tenant, m.incident_id;
