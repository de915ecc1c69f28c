-- highlights: the period's critical and high true-positive incidents (in-scope: created in the
-- period, not merged; severity critical or high; classification true_positive), with their
-- effective category and their time to contain and to resolve in minutes (created → contained /
-- closed; NULL when an end is unknown or the duration is negative). `total` is how many there
-- are; the ten first are listed: critical before high, then by creation time, tenant and id.
-- One set of rows per scope key (by_tenant).
WITH h AS (
    SELECT scope_key,
           tenant, incident_id, title, severity, eff_category AS category, created_at,
           CASE WHEN mttc >= 0 THEN mttc END AS contain_minutes,
           CASE WHEN mttr >= 0 THEN mttr END AS resolve_minutes
    FROM m_incidents
    WHERE severity IN ('critical', 'high') AND classification = 'true_positive'
),
ranked AS (
    SELECT *,
           count(*) OVER (PARTITION BY scope_key) AS total,
           row_number() OVER (PARTITION BY scope_key
                              ORDER BY CASE severity WHEN 'critical' THEN 1 ELSE 2 END, created_at, tenant, incident_id) AS rank
    FROM h
)
SELECT scope_key, total, rank, tenant, incident_id, title, severity, category,
       epoch_us(created_at) AS created_us,
       contain_minutes, resolve_minutes
FROM ranked
WHERE rank <= 10
ORDER BY scope_key, rank;
