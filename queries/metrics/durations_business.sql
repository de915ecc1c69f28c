-- mttd_business, mtta_business, mttc_business, mttr_business: the duration metrics of
-- durations.sql measured in business time (m_incidents_business of business.sql), over the same
-- incidents; same statistics (mean of whole microseconds, linear-interpolated median and p90),
-- one row per metric and scope key.
WITH i AS (
    SELECT *
    FROM m_incidents_business
),
d AS (
    SELECT scope_key, 'mttd_business' AS metric, mttd_business AS minutes FROM i
    UNION ALL SELECT scope_key, 'mtta_business', mtta_business FROM i
    UNION ALL SELECT scope_key, 'mttc_business', mttc_business FROM i
    UNION ALL SELECT scope_key, 'mttr_business', mttr_business FROM i
),
stats AS (
    SELECT d.scope_key, d.metric,
           count(d.minutes) AS n,
           avg(CAST(round(d.minutes * 60e6) AS BIGINT)) / 60e6 AS mean_minutes,
           -- both quantiles from one sort of the values
           quantile_cont(d.minutes, [0.5, 0.9]) AS quantiles
    FROM d
    GROUP BY d.scope_key, d.metric
)
SELECT scope_key, metric, n, mean_minutes,
       quantiles[1] AS median_minutes, quantiles[2] AS p90_minutes
FROM stats
ORDER BY scope_key, metric;
