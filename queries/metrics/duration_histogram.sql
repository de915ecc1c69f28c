-- Distribution of each duration metric over in-scope incidents (non-negative durations only), in
-- fixed buckets of minutes: [0, 15), [15, 60), [60, 240), [240, 1440), [1440, 4320), [4320, ∞).
-- Each duration is given its bucket by comparing it with the bucket edges (the CASE below, whose
-- edges are the lower bounds of `buckets`), then counted: one pass over the in-scope incidents,
-- not a range join of every duration with every bucket.
WITH i AS MATERIALIZED (
    SELECT mttd, mtta, mttc, mttr FROM m_incidents
),
d AS (
    SELECT 'mttd' AS metric, mttd AS minutes FROM i WHERE mttd >= 0
    UNION ALL SELECT 'mtta', mtta FROM i WHERE mtta >= 0
    UNION ALL SELECT 'mttc', mttc FROM i WHERE mttc >= 0
    UNION ALL SELECT 'mttr', mttr FROM i WHERE mttr >= 0
),
counted AS (
    SELECT metric,
           CASE WHEN minutes < 15.0 THEN 1 WHEN minutes < 60.0 THEN 2 WHEN minutes < 240.0 THEN 3
                WHEN minutes < 1440.0 THEN 4 WHEN minutes < 4320.0 THEN 5 ELSE 6 END AS bucket,
           count(*) AS incidents
    FROM d
    GROUP BY ALL
),
buckets AS (
    SELECT * FROM (VALUES (1, '< 15 min', 0.0, 15.0), (2, '15–60 min', 15.0, 60.0), (3, '1–4 h', 60.0, 240.0),
                          (4, '4–24 h', 240.0, 1440.0), (5, '1–3 d', 1440.0, 4320.0), (6, '≥ 3 d', 4320.0, NULL))
        AS b(bucket, label, lower_minutes, upper_minutes)
),
metrics AS (SELECT unnest(['mttd', 'mtta', 'mttc', 'mttr']) AS metric)
SELECT m.metric, b.bucket, b.label, b.lower_minutes, b.upper_minutes,
       coalesce(c.incidents, 0) AS incidents
FROM metrics m
CROSS JOIN buckets b
LEFT JOIN counted c ON c.metric = m.metric AND c.bucket = b.bucket
ORDER BY m.metric, b.bucket;
