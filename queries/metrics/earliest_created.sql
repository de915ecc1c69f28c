-- The earliest incident created_at of the tenant(s) in m_params, in microseconds since the epoch:
-- the start of the history for history_months.
SELECT CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key,
       epoch_us(min(created_at)) AS earliest_us
FROM m_all_incidents
GROUP BY scope_key
ORDER BY scope_key;
