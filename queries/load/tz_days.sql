-- For a named --input-timezone: the UTC offset of every local day 1970–2100, from the zone's
-- transitions (computed in Rust with chrono-tz into sg_tz_transitions). A day with a change holds
-- the offsets before and after it and the local second (old wall clock) until which the old one
-- applies. Local times skipped by a change read with the old offset, so that they move forward
-- by the gap (02:30 on the spring change is 03:30), as the period flags and the business
-- calendar read them (time.rs); repeated times take the earlier instant.
CREATE OR REPLACE TEMP TABLE sg_tz_days AS
WITH t AS (
    SELECT at_utc + to_seconds(before_s) AS switch_local, before_s, after_s
    FROM sg_tz_transitions
),
days AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(TIMESTAMP '1970-01-01', TIMESTAMP '2100-01-02', INTERVAL 1 DAY)
),
start_offset AS (
    SELECT d.day,
           coalesce(t.after_s, (SELECT fixed_offset_seconds FROM sg_settings)) AS off_start
    -- Strictly after: a change at local midnight (Cairo, Havana, the Azores) belongs to its own
    -- day, whose first hour is then the gap, read with the offset before it.
    FROM days d ASOF LEFT JOIN t ON CAST(d.day AS TIMESTAMP) > t.switch_local
)
SELECT s.day,
       s.off_start AS off_before,
       CAST(coalesce(epoch(t.switch_local) - epoch(CAST(CAST(t.switch_local AS DATE) AS TIMESTAMP))
                     + greatest(t.after_s - t.before_s, 0), 86400) AS INTEGER) AS before_until_sec,
       coalesce(t.after_s, s.off_start) AS off_after
FROM start_offset s
LEFT JOIN t ON CAST(t.switch_local AS DATE) = s.day
QUALIFY row_number() OVER (PARTITION BY s.day ORDER BY t.switch_local) = 1
ORDER BY s.day;

CREATE OR REPLACE TEMP MACRO sg_local_to_utc(l) AS (
    l - to_seconds(coalesce(
        (SELECT CASE WHEN epoch(l) - epoch(CAST(CAST(l AS DATE) AS TIMESTAMP)) < d.before_until_sec
                     THEN d.off_before ELSE d.off_after END
         FROM sg_tz_days d WHERE d.day = CAST(l AS DATE)),
        (SELECT fixed_offset_seconds FROM sg_settings)))
)::TIMESTAMPTZ;
