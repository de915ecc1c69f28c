-- Which canonical fields the loaded exports provide at all: a field no row has makes the metrics
-- that need it "not available from this export" (null with a reason), never 0. Judged per
-- export file over the whole database, not one period: a file either carries a field or does
-- not. For one tenant ($1; NULL = all), the files that hold any of its rows count, so a client
-- exported from another tool is judged by its own files. Automation actions count from any file:
-- an automation export without a client's actions says that client had none. Each test stops at
-- the first row that has the field.
WITH files AS (
    SELECT DISTINCT source_file FROM incidents WHERE $1 IS NOT NULL AND tenant = $1
    UNION SELECT DISTINCT source_file FROM alerts WHERE $1 IS NOT NULL AND tenant = $1
),
inc AS (SELECT * FROM incidents WHERE $1 IS NULL OR source_file IN (SELECT source_file FROM files)),
al AS (SELECT * FROM alerts WHERE $1 IS NULL OR source_file IN (SELECT source_file FROM files))
SELECT
    EXISTS (SELECT 1 FROM inc WHERE first_activity_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM al WHERE first_activity_at IS NOT NULL) AS first_activity_at,
    EXISTS (SELECT 1 FROM inc WHERE acknowledged_at IS NOT NULL) AS acknowledged_at,
    EXISTS (SELECT 1 FROM inc WHERE contained_at IS NOT NULL) AS contained_at,
    EXISTS (SELECT 1 FROM inc WHERE closed_at IS NOT NULL) AS closed_at,
    EXISTS (SELECT 1 FROM inc WHERE classification IS NOT NULL)
        OR EXISTS (SELECT 1 FROM al WHERE verdict IS NOT NULL) AS verdict,
    EXISTS (SELECT 1 FROM inc WHERE closed_by IS NOT NULL)
        OR EXISTS (SELECT 1 FROM al WHERE closed_by IS NOT NULL) AS closed_by,
    EXISTS (SELECT 1 FROM inc WHERE ai_assisted IS NOT NULL) AS ai_assisted,
    EXISTS (SELECT 1 FROM al WHERE domain IS NOT NULL) AS domain,
    EXISTS (SELECT 1 FROM al WHERE incident_id IS NOT NULL) AS links,
    EXISTS (SELECT 1 FROM al) AS alerts,
    EXISTS (SELECT 1 FROM automation) AS automation,
    (SELECT string_agg(DISTINCT l.source, ', ' ORDER BY l.source) FROM loads l
      WHERE l.source IS NOT NULL AND ($1 IS NULL OR l.file IN (SELECT source_file FROM files))) AS sources;
