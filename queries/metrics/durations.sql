-- mttd, mtta, mttc, mttr over in-scope incidents (see m_incidents in scope.sql for the ends):
--   mttd = created_at − effective first activity; mtta = acknowledged_at − created_at;
--   mttc = contained_at − created_at; mttr = closed_at − created_at.
-- A duration counts only when both ends are known; negative ones are excluded (and counted).
-- median and p90 are linear-interpolated quantiles (quantile_cont); minutes throughout.
-- One row per metric and scope key (see by_tenant in params.sql): every arm of d gives a row per
-- incident, so a metric with no measurable duration still has its row (n = 0). A new duration
-- metric is one more arm here (and its catalog entry in src/metrics/catalog.rs).
-- i is materialized: the four arms of d read it, not four scans of the facts.
WITH i AS MATERIALIZED (
    SELECT scope_key,
           mttd, mtta, mttc, mttr
    FROM m_incidents
),
d AS (
    SELECT scope_key, 'mttd' AS metric, mttd AS minutes FROM i
    UNION ALL SELECT scope_key, 'mtta', mtta FROM i
    UNION ALL SELECT scope_key, 'mttc', mttc FROM i
    UNION ALL SELECT scope_key, 'mttr', mttr FROM i
),
stats AS (
    SELECT d.scope_key, d.metric,
           count(d.minutes) FILTER (WHERE d.minutes >= 0) AS n,
           -- the mean of whole microseconds: an integer sum is the same whatever order the threads
           -- add in, so the same data always gives the same digits
           avg(CAST(round(d.minutes * 60e6) AS BIGINT)) FILTER (WHERE d.minutes >= 0) / 60e6 AS mean_minutes,
           -- both quantiles from one sort of the values
           quantile_cont(d.minutes, [0.5, 0.9]) FILTER (WHERE d.minutes >= 0) AS quantiles,
           count(d.minutes) FILTER (WHERE d.minutes < 0) AS negative
    FROM d
    GROUP BY d.scope_key, d.metric
)
SELECT scope_key, metric, n, mean_minutes,
       quantiles[1] AS median_minutes, quantiles[2] AS p90_minutes, negative
FROM stats
ORDER BY scope_key, metric;
