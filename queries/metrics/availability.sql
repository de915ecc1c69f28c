-- Which canonical fields the loaded exports provide at all: a field no row of the database has
-- makes the metrics that need it "not available from this export" (null with a reason), never 0.
-- Whole database, not one period: an export either carries a field or does not. One tenant ($1)
-- or all (NULL): an MSSP's tenants can come from different tools. Each test stops at the first
-- row that has the field.
SELECT
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND first_activity_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM alerts WHERE ($1 IS NULL OR tenant = $1) AND first_activity_at IS NOT NULL) AS first_activity_at,
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND acknowledged_at IS NOT NULL) AS acknowledged_at,
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND contained_at IS NOT NULL) AS contained_at,
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND closed_at IS NOT NULL) AS closed_at,
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND classification IS NOT NULL)
        OR EXISTS (SELECT 1 FROM alerts WHERE ($1 IS NULL OR tenant = $1) AND verdict IS NOT NULL) AS verdict,
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND closed_by IS NOT NULL)
        OR EXISTS (SELECT 1 FROM alerts WHERE ($1 IS NULL OR tenant = $1) AND closed_by IS NOT NULL) AS closed_by,
    EXISTS (SELECT 1 FROM incidents WHERE ($1 IS NULL OR tenant = $1) AND ai_assisted IS NOT NULL) AS ai_assisted,
    EXISTS (SELECT 1 FROM alerts WHERE ($1 IS NULL OR tenant = $1) AND domain IS NOT NULL) AS domain,
    EXISTS (SELECT 1 FROM alerts WHERE ($1 IS NULL OR tenant = $1) AND incident_id IS NOT NULL) AS links,
    EXISTS (SELECT 1 FROM alerts WHERE $1 IS NULL OR tenant = $1) AS alerts,
    EXISTS (SELECT 1 FROM automation WHERE $1 IS NULL OR tenant = $1) AS automation,
    (SELECT string_agg(DISTINCT source, ', ' ORDER BY source) FROM loads WHERE source IS NOT NULL) AS sources;
