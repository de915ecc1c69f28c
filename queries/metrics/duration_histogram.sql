-- Distribution of each duration metric over in-scope incidents (non-negative durations only), in
-- fixed buckets of minutes: [0, 15), [15, 60), [60, 240), [240, 1440), [1440, 4320), [4320, ∞).
-- The in-scope incidents read once (materialized), not once per arm of d.
WITH i AS MATERIALIZED (
    SELECT mttd, mtta, mttc, mttr FROM m_incidents
),
d AS (
    SELECT 'mttd' AS metric, mttd AS minutes FROM i WHERE mttd >= 0
    UNION ALL SELECT 'mtta', mtta FROM i WHERE mtta >= 0
    UNION ALL SELECT 'mttc', mttc FROM i WHERE mttc >= 0
    UNION ALL SELECT 'mttr', mttr FROM i WHERE mttr >= 0
),
buckets AS (
    SELECT * FROM (VALUES (1, '< 15 min', 0.0, 15.0), (2, '15–60 min', 15.0, 60.0), (3, '1–4 h', 60.0, 240.0),
                          (4, '4–24 h', 240.0, 1440.0), (5, '1–3 d', 1440.0, 4320.0), (6, '≥ 3 d', 4320.0, NULL))
        AS b(bucket, label, lower_minutes, upper_minutes)
),
metrics AS (SELECT unnest(['mttd', 'mtta', 'mttc', 'mttr']) AS metric)
SELECT m.metric, b.bucket, b.label, b.lower_minutes, b.upper_minutes,
       count(d.minutes) AS incidents
FROM metrics m
CROSS JOIN buckets b
LEFT JOIN d ON d.metric = m.metric AND d.minutes >= b.lower_minutes
           AND (b.upper_minutes IS NULL OR d.minutes < b.upper_minutes)
GROUP BY m.metric, b.bucket, b.label, b.lower_minutes, b.upper_minutes
ORDER BY m.metric, b.bucket;
