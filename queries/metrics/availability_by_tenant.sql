-- availability.sql for every tenant at once: which fields the export files holding each
-- tenant's rows carry (see availability.sql for the rule). One row per tenant; the fields of each
-- file are gathered once.
WITH incident_files AS (
    SELECT source_file,
           bool_or(first_activity_at IS NOT NULL) AS first_activity_at,
           bool_or(acknowledged_at IS NOT NULL) AS acknowledged_at,
           bool_or(contained_at IS NOT NULL) AS contained_at,
           bool_or(closed_at IS NOT NULL) AS closed_at,
           bool_or(classification IS NOT NULL) AS verdict,
           bool_or(closed_by IS NOT NULL) AS closed_by,
           bool_or(ai_assisted IS NOT NULL) AS ai_assisted
    FROM incidents GROUP BY source_file
),
alert_files AS (
    SELECT source_file,
           bool_or(first_activity_at IS NOT NULL) AS first_activity_at,
           bool_or(verdict IS NOT NULL) AS verdict,
           bool_or(closed_by IS NOT NULL) AS closed_by,
           bool_or(domain IS NOT NULL) AS domain,
           bool_or(incident_id IS NOT NULL) AS links
    FROM alerts GROUP BY source_file
),
tenant_files AS (
    SELECT DISTINCT tenant, source_file FROM incidents
    UNION SELECT DISTINCT tenant, source_file FROM alerts
)
SELECT t.tenant,
       coalesce(bool_or(i.first_activity_at) OR bool_or(a.first_activity_at), false) AS first_activity_at,
       coalesce(bool_or(i.acknowledged_at), false) AS acknowledged_at,
       coalesce(bool_or(i.contained_at), false) AS contained_at,
       coalesce(bool_or(i.closed_at), false) AS closed_at,
       coalesce(bool_or(i.verdict) OR bool_or(a.verdict), false) AS verdict,
       coalesce(bool_or(i.closed_by) OR bool_or(a.closed_by), false) AS closed_by,
       coalesce(bool_or(i.ai_assisted), false) AS ai_assisted,
       coalesce(bool_or(a.domain), false) AS domain,
       coalesce(bool_or(a.links), false) AS links,
       bool_or(a.source_file IS NOT NULL) AS alerts,
       EXISTS (SELECT 1 FROM automation) AS automation,
       (SELECT string_agg(DISTINCT l.source, ', ' ORDER BY l.source) FROM loads l
         WHERE l.source IS NOT NULL
           AND l.file IN (SELECT f.source_file FROM tenant_files f WHERE f.tenant = t.tenant)) AS sources
FROM tenant_files t
LEFT JOIN incident_files i ON i.source_file = t.source_file
LEFT JOIN alert_files a ON a.source_file = t.source_file
GROUP BY t.tenant
ORDER BY t.tenant;
