-- The periods the aggregate queries measure ($1, JSON [{"key", "from", "to"}], RFC 3339 instants
-- computed in Rust): one period with key NULL (rows keyed by tenant or '*', see by_tenant in
-- params.sql), or the calendar months of a history, contiguous and each keyed by its label (rows
-- keyed by month, see scope_months.sql). m_params holds their span.
CREATE OR REPLACE TEMP TABLE m_periods AS
SELECT p.key AS scope_key,
       CAST(p."from" AS TIMESTAMPTZ) AS period_from,
       CAST(p."to" AS TIMESTAMPTZ) AS period_to
FROM (SELECT unnest(from_json($1, '[{"key": "VARCHAR", "from": "VARCHAR", "to": "VARCHAR"}]')) AS p)
ORDER BY period_from;
