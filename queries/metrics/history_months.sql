-- history_months: how many of the months in $1 (JSON [{"key", "from", "to"}]: the twelve calendar
-- months ending with the period's last month, in the user's time zone, computed in Rust) hold at
-- least one incident (not merged) or alert of the tenant scope in m_params. Months with data, not
-- calendar age: one incident two years ago followed by silence is no history. One row per scope
-- key: the months' key when set (a history gives each of its months its own twelve, keyed by
-- that month), else the rows' (see by_tenant in params.sql); a key without data in those months
-- has no row (0).
WITH months AS (
    SELECT m.key AS window_key,
           CAST(m."from" AS TIMESTAMPTZ) AS month_from, CAST(m."to" AS TIMESTAMPTZ) AS month_to
    FROM (SELECT unnest(from_json($1, '[{"key": "VARCHAR", "from": "VARCHAR", "to": "VARCHAR"}]')) AS m)
),
span AS (SELECT min(month_from) AS lo, max(month_to) AS hi FROM months),
-- The first and last creation time of each UTC day with data (facts/created_days.sql): a month
-- holds a row exactly when one of these times falls in it (a day holds at most one month
-- boundary), so the rows themselves are not read.
-- Alerts and incidents (not merged) a run from a lake left unread for their months count by the
-- first and last time of those of each partition (lake_unread_extents: load/lake_months.rs):
-- the months holding those hold its rows, as a UTC month's partition overlaps at most two local
-- months.
days AS MATERIALIZED (
    SELECT m_scope_key(tenant) AS scope_key,
           first_at, last_at
    FROM (SELECT tenant, first_at, last_at FROM created_days
          UNION ALL
          SELECT tenant, first_at, last_at FROM lake_unread_extents WHERE kind IN ('alerts', 'incidents')), span
    WHERE m_in_tenant_scope(tenant)
      AND last_at >= span.lo AND first_at < span.hi
),
ends AS (
    SELECT scope_key, first_at AS created_at FROM days
    UNION ALL
    SELECT scope_key, last_at FROM days
)
SELECT coalesce(m.window_key, e.scope_key) AS scope_key,
       count(DISTINCT m.month_from) AS history_months
FROM ends e
JOIN months m ON e.created_at >= m.month_from AND e.created_at < m.month_to
GROUP BY ALL
ORDER BY scope_key;
