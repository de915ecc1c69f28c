-- The business calendar's working intervals [start_us, end_us) in UTC epoch microseconds, built
-- in Rust from the targets file's [calendar] (working days minus holidays, local hours turned
-- into instants day by day in the calendar's zone, so daylight-saving changes are exact) and
-- passed as one JSON parameter: [{"s": start, "e": end}, ...], ascending and disjoint.
-- before_us: the working time of every earlier interval. The working time up to an instant t is
-- then before_us + least(t − start_us, end_us − start_us) of the last interval that starts at or
-- before t (0 before the first): see m_work_us in business.sql.
CREATE OR REPLACE TEMP TABLE m_work_intervals AS
WITH w AS (
    SELECT unnest(from_json($1, '[{"s": "BIGINT", "e": "BIGINT"}]'), recursive := true)
)
SELECT s AS start_us,
       e AS end_us,
       CAST(coalesce(sum(e - s) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS BIGINT) AS before_us
FROM w
ORDER BY s;
