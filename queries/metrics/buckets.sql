-- The weeks of the period, computed in Rust in the user's time zone and passed as one JSON
-- parameter: [{"label": "2026-09-28", "from": RFC 3339, "to": RFC 3339}, ...].
CREATE OR REPLACE TEMP TABLE m_buckets AS
SELECT b.label, CAST(b."from" AS TIMESTAMPTZ) AS bucket_from, CAST(b."to" AS TIMESTAMPTZ) AS bucket_to
FROM (SELECT unnest(from_json($1, '[{"label": "VARCHAR", "from": "VARCHAR", "to": "VARCHAR"}]')) AS b);
