-- The duration metrics of durations.sql per incident severity ('unknown' when missing).
-- The in-scope incidents read once (materialized), not once per arm of d.
WITH i AS MATERIALIZED (
    SELECT severity, mttd, mtta, mttc, mttr FROM m_incidents
),
d AS (
    SELECT 'mttd' AS metric, severity, mttd AS minutes FROM i
    UNION ALL SELECT 'mtta', severity, mtta FROM i
    UNION ALL SELECT 'mttc', severity, mttc FROM i
    UNION ALL SELECT 'mttr', severity, mttr FROM i
),
stats AS (
    SELECT metric,
           coalesce(severity, 'unknown') AS severity,
           count(minutes) FILTER (WHERE minutes >= 0) AS n,
           -- integer microseconds: the same digits whatever order the threads add in (durations.sql)
           avg(CAST(round(minutes * 60e6) AS BIGINT)) FILTER (WHERE minutes >= 0) / 60e6 AS mean_minutes,
           -- both quantiles from one sort of the values
           quantile_cont(minutes, [0.5, 0.9]) FILTER (WHERE minutes >= 0) AS quantiles
    FROM d
    GROUP BY metric, severity
)
SELECT metric, severity, n, mean_minutes,
       quantiles[1] AS median_minutes, quantiles[2] AS p90_minutes
FROM stats
ORDER BY metric,
         CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3
             WHEN 'low' THEN 4 WHEN 'informational' THEN 5 ELSE 6 END;
