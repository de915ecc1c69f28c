-- created_days: per tenant and UTC day (days since 1970-01-01), the first and last creation
-- time of the rows counted as data (non-merged incidents and every alert). A history's "months
-- with data" (metrics/history_months.sql) reads these few rows per day instead of every row of
-- twelve months. A day is shorter than any month, so it holds at most one month boundary: a
-- month has a row exactly when the first or the last time of one of its days falls in it.
-- Built whole from the facts at the end of every load (a replaced row can move a day's ends).
CREATE OR REPLACE TABLE created_days AS
SELECT tenant, day, min(created_at) AS first_at, max(created_at) AS last_at
FROM (
    SELECT tenant, created_at, epoch_us(created_at) // 86400000000 AS day
    FROM incident_facts WHERE NOT merged
    UNION ALL
    SELECT tenant, created_at, epoch_us(created_at) // 86400000000 AS day
    FROM alert_facts
)
GROUP BY tenant, day
ORDER BY tenant, day;
