-- Which canonical fields the loaded exports provide at all: a field no row of the database has
-- makes the metrics that need it "not available from this export" (null with a reason), never 0.
-- Whole database, not one period or tenant: an export either carries a field or does not. Each
-- test stops at the first row that has the field.
SELECT
    EXISTS (SELECT 1 FROM incidents WHERE first_activity_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM alerts WHERE first_activity_at IS NOT NULL) AS first_activity_at,
    EXISTS (SELECT 1 FROM incidents WHERE acknowledged_at IS NOT NULL) AS acknowledged_at,
    EXISTS (SELECT 1 FROM incidents WHERE contained_at IS NOT NULL) AS contained_at,
    EXISTS (SELECT 1 FROM incidents WHERE closed_at IS NOT NULL) AS closed_at,
    EXISTS (SELECT 1 FROM incidents WHERE classification IS NOT NULL)
        OR EXISTS (SELECT 1 FROM alerts WHERE verdict IS NOT NULL) AS verdict,
    EXISTS (SELECT 1 FROM incidents WHERE closed_by IS NOT NULL)
        OR EXISTS (SELECT 1 FROM alerts WHERE closed_by IS NOT NULL) AS closed_by,
    EXISTS (SELECT 1 FROM incidents WHERE ai_assisted IS NOT NULL) AS ai_assisted,
    EXISTS (SELECT 1 FROM alerts WHERE domain IS NOT NULL) AS domain,
    EXISTS (SELECT 1 FROM alerts WHERE incident_id IS NOT NULL) AS links,
    EXISTS (SELECT 1 FROM alerts) AS alerts,
    EXISTS (SELECT 1 FROM automation) AS automation,
    (SELECT string_agg(DISTINCT source, ', ' ORDER BY source) FROM loads WHERE source IS NOT NULL) AS sources;
