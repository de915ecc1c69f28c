-- Keeps the times of the lake rows a run measuring some months left unread ($1, JSON: a list of
-- {kind, tenant, first_us, last_us, latest_us, rows}; load/lake_months.rs) for the queries that read
-- every row's times or counts every row (metrics/data_span.sql, latest_timestamp.sql,
-- history_months.sql, tenants/summary.sql).
INSERT INTO lake_unread_extents
SELECT e.kind, e.tenant,
       make_timestamp(e.first_us)::TIMESTAMPTZ,
       make_timestamp(e.last_us)::TIMESTAMPTZ,
       make_timestamp(e.latest_us)::TIMESTAMPTZ,
       e.rows
FROM (SELECT unnest(from_json(CAST($1 AS VARCHAR),
        '[{"kind": "VARCHAR", "tenant": "VARCHAR", "first_us": "BIGINT", "last_us": "BIGINT", "latest_us": "BIGINT", "rows": "BIGINT"}]')) AS e);
