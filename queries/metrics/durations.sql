-- mttd, mtta, mttc, mttr over in-scope incidents (see m_incidents in scope.sql for the ends):
--   mttd = created_at − effective first activity; mtta = acknowledged_at − created_at;
--   mttc = contained_at − created_at; mttr = closed_at − created_at.
-- A duration counts only when both ends are known; negative ones are excluded (and counted).
-- median and p90 are linear-interpolated quantiles (quantile_cont); minutes throughout.
WITH d AS (
    SELECT 'mttd' AS metric, mttd AS minutes FROM m_incidents
    UNION ALL SELECT 'mtta', mtta FROM m_incidents
    UNION ALL SELECT 'mttc', mttc FROM m_incidents
    UNION ALL SELECT 'mttr', mttr FROM m_incidents
),
names AS (SELECT unnest(['mttd', 'mtta', 'mttc', 'mttr']) AS metric)
SELECT n.metric,
       count(d.minutes) FILTER (WHERE d.minutes >= 0) AS n,
       avg(d.minutes) FILTER (WHERE d.minutes >= 0) AS mean_minutes,
       quantile_cont(d.minutes, 0.5) FILTER (WHERE d.minutes >= 0) AS median_minutes,
       quantile_cont(d.minutes, 0.9) FILTER (WHERE d.minutes >= 0) AS p90_minutes,
       count(d.minutes) FILTER (WHERE d.minutes < 0) AS negative
FROM names n LEFT JOIN d USING (metric)
GROUP BY n.metric
ORDER BY n.metric;
