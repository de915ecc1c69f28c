-- The months and tenant scopes whose results are kept (month_results.sql): of the latest $1
-- calendar months (UTC) that hold alerts, all tenants (tenant NULL) and each tenant, each kept
-- when it holds at least $2 alerts in the month (a smaller one measures fast enough without).
-- from_us, to_us: the month's bounds in microseconds since 1970. load_id: the database's latest
-- load, which the kept rows carry.
WITH per_tenant AS (
    SELECT tenant, month_us, sum(n) AS alerts
    FROM alert_months
    WHERE month_us IN (SELECT DISTINCT month_us FROM alert_months ORDER BY month_us DESC LIMIT $1)
    GROUP BY tenant, month_us
),
scopes AS (
    SELECT CAST(NULL AS VARCHAR) AS tenant, month_us, sum(alerts) AS alerts
    FROM per_tenant GROUP BY month_us
    UNION ALL
    SELECT tenant, month_us, alerts FROM per_tenant
)
SELECT tenant,
       month_us AS from_us,
       epoch_us(date_trunc('month', make_timestamp(month_us)) + INTERVAL 1 MONTH) AS to_us,
       coalesce((SELECT max(load_id) FROM loads), 0) AS load_id
FROM scopes
WHERE alerts >= $2
ORDER BY month_us, tenant NULLS FIRST;
