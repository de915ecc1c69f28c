-- Which canonical fields the loaded exports provide at all: a field no row has makes the metrics
-- that need it "not available from this export" (null with a reason), never 0. Judged per
-- export file over the whole database, not one period: a file either carries a field or does
-- not. One row per tenant (the files that hold any of its rows, so a client exported from
-- another tool is judged by its own files) and one row for all tenants (tenant NULL, every
-- file). Automation actions count from any file: an automation export without a client's
-- actions says that client had none. The fields of each file are gathered once.
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
),
file_sources AS (
    SELECT DISTINCT file, source FROM loads WHERE source IS NOT NULL
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
       coalesce(bool_or(a.source_file IS NOT NULL), false) AS alerts,
       EXISTS (SELECT 1 FROM automation) AS automation,
       string_agg(DISTINCT s.source, ', ' ORDER BY s.source) AS sources
FROM tenant_files t
LEFT JOIN incident_files i ON i.source_file = t.source_file
LEFT JOIN alert_files a ON a.source_file = t.source_file
LEFT JOIN file_sources s ON s.file = t.source_file
GROUP BY GROUPING SETS ((t.tenant), ())
ORDER BY t.tenant NULLS FIRST;
