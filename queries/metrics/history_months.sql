-- history_months: how many of the months in $1 (JSON [{"from", "to"}]: the twelve calendar months
-- ending with the period's last month, in the user's time zone, computed in Rust) hold at least
-- one incident (not merged) or alert of the tenant scope in m_params. Months with data, not
-- calendar age: one incident two years ago followed by silence is no history. One row per scope
-- key (see by_tenant in params.sql); a key without data in those months has no row (0).
WITH months AS (
    SELECT CAST(m."from" AS TIMESTAMPTZ) AS month_from, CAST(m."to" AS TIMESTAMPTZ) AS month_to
    FROM (SELECT unnest(from_json($1, '[{"from": "VARCHAR", "to": "VARCHAR"}]')) AS m)
),
span AS (SELECT min(month_from) AS lo, max(month_to) AS hi FROM months),
created AS (
    SELECT tenant, created_at FROM m_all_incidents, span
    WHERE NOT merged AND created_at >= span.lo AND created_at < span.hi
    UNION ALL
    SELECT tenant, created_at FROM alert_facts, span
    WHERE (getvariable('m_tenant') IS NULL OR tenant = getvariable('m_tenant'))
      AND created_at >= span.lo AND created_at < span.hi
)
-- The month of each row by an as-of join on the month starts (the months are consecutive: the
-- last start at or before the row is its month), sort-based, instead of a range join of every
-- row against every month.
SELECT CASE WHEN (SELECT by_tenant FROM m_params) THEN c.tenant ELSE '*' END AS scope_key,
       count(DISTINCT m.month_from) AS history_months
FROM created c
ASOF JOIN months m ON c.created_at >= m.month_from
WHERE c.created_at < m.month_to
GROUP BY scope_key
ORDER BY scope_key;
