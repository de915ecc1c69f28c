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
created AS (
    SELECT tenant, created_at FROM m_all_incidents, span
    WHERE NOT merged AND created_at >= span.lo AND created_at < span.hi
    UNION ALL
    SELECT tenant, created_at FROM alert_facts, span
    WHERE (getvariable('m_tenant') IS NULL OR tenant = getvariable('m_tenant'))
      AND created_at >= span.lo AND created_at < span.hi
),
-- The rows reduced to the earliest and latest instant of each UTC day and scope key (a few
-- hundred rows instead of millions meeting the months). Exact: a day is shorter than any month,
-- so it meets at most two consecutive months, and when its rows fall in both, its earliest row
-- lies in the first and its latest in the second: the months holding a row are exactly those
-- holding a day's earliest or latest instant.
days AS MATERIALIZED (
    SELECT CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key,
           min(created_at) AS first_at, max(created_at) AS last_at
    FROM created
    GROUP BY scope_key, epoch_us(created_at) // 86400000000
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
