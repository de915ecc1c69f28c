-- backlog: non-merged incidents created before the period end and not closed before it
-- (closed_at missing or ≥ period end), whatever their creation date: the open queue at the end
-- of the period. An incident marked closed without a closed_at counts as open, because when it
-- closed is unknown (the data-quality section counts these).
SELECT CASE WHEN (SELECT by_tenant FROM m_params) THEN i.tenant ELSE '*' END AS scope_key,
       count(*) AS backlog
FROM m_all_incidents i
WHERE NOT i.merged
  AND i.created_at < (SELECT period_to FROM m_params)
  AND (i.closed_at IS NULL OR i.closed_at >= (SELECT period_to FROM m_params))
GROUP BY scope_key
ORDER BY scope_key;
