-- categories: per category, the in-scope incidents (by their effective category: their own, else
-- the one most of their linked alerts carry; incident_facts.sql), the MTTR of those incidents
-- (n and median, as the mttr metric: non-negative, both ends known) and the in-scope alerts
-- carrying the category themselves. Incidents and alerts without a category form one row with
-- category NULL. One set of rows per scope key (by_tenant). Most incidents first, then most
-- alerts, then category in text order, the row without a category last.
WITH inc AS (
    SELECT CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key,
           eff_category AS category,
           count(*) AS incidents,
           count(*) FILTER (WHERE mttr >= 0) AS mttr_n,
           quantile_cont(mttr, 0.5) FILTER (WHERE mttr >= 0) AS mttr_median_minutes
    FROM m_incidents
    GROUP BY ALL
),
al AS (
    SELECT CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key,
           category,
           count(*) AS alerts
    FROM m_alerts
    GROUP BY ALL
),
joined AS (
    SELECT coalesce(inc.scope_key, al.scope_key) AS scope_key,
           coalesce(inc.category, al.category) AS category,
           coalesce(inc.incidents, 0) AS incidents,
           coalesce(inc.mttr_n, 0) AS mttr_n,
           inc.mttr_median_minutes,
           coalesce(al.alerts, 0) AS alerts
    FROM inc
    FULL OUTER JOIN al ON al.scope_key = inc.scope_key AND al.category IS NOT DISTINCT FROM inc.category
)
SELECT * FROM joined
ORDER BY scope_key, category IS NULL, incidents DESC, alerts DESC, category;
