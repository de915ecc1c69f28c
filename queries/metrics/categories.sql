-- categories: per category, the in-scope incidents (by their effective category: their own, else
-- the one most of their linked alerts carry; incident_facts.sql), the MTTR of those incidents
-- (n and median, as the mttr metric: non-negative, both ends known) and the in-scope alerts
-- carrying the category themselves. Spellings that differ only in case are one category
-- ("Phishing", "phishing" and "PHISHING" from two tools or two analysts), shown in its most
-- frequent spelling among those incidents and alerts (of two as frequent, the first in text
-- order). Incidents and alerts without a category form one row with category NULL. One set of
-- rows per scope key (by_tenant). Most incidents first, then most alerts, then category in text
-- order, the row without a category last. The alerts are read as counts per category
-- (m_alert_groups: the daily counts of a period's whole UTC days, its part days from the alerts).
WITH inc0 AS (
    SELECT scope_key,
           eff_category AS category,
           mttr
    FROM m_incidents
),
al0 AS (
    SELECT scope_key, category, CAST(sum(n) AS BIGINT) AS n
    FROM m_alert_groups
    GROUP BY ALL
),
spelling AS (
    SELECT scope_key, lower(category) AS k, first(category ORDER BY n DESC, category) AS category
    FROM (
        SELECT scope_key, category, CAST(sum(n) AS BIGINT) AS n
        FROM (SELECT scope_key, category, CAST(1 AS BIGINT) AS n FROM inc0
              UNION ALL SELECT scope_key, category, n FROM al0)
        WHERE category IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY ALL
),
inc AS (
    SELECT scope_key,
           lower(category) AS k,
           count(*) AS incidents,
           count(*) FILTER (WHERE mttr >= 0) AS mttr_n,
           quantile_cont(mttr, 0.5) FILTER (WHERE mttr >= 0) AS mttr_median_minutes
    FROM inc0
    GROUP BY ALL
),
al AS (
    SELECT scope_key, lower(category) AS k, CAST(sum(n) AS BIGINT) AS alerts
    FROM al0
    GROUP BY ALL
),
joined AS (
    SELECT coalesce(inc.scope_key, al.scope_key) AS scope_key,
           coalesce(inc.k, al.k) AS k,
           coalesce(inc.incidents, 0) AS incidents,
           coalesce(inc.mttr_n, 0) AS mttr_n,
           inc.mttr_median_minutes,
           coalesce(al.alerts, 0) AS alerts
    FROM inc
    FULL OUTER JOIN al ON al.scope_key = inc.scope_key AND al.k IS NOT DISTINCT FROM inc.k
)
SELECT j.scope_key, s.category, j.incidents, j.mttr_n, j.mttr_median_minutes, j.alerts
FROM joined j
LEFT JOIN spelling s ON s.scope_key = j.scope_key AND s.k = j.k
ORDER BY j.scope_key, j.k IS NULL, j.incidents DESC, j.alerts DESC, s.category;
