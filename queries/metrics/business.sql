-- Business-time durations of the in-scope incidents (m_incidents of scope.sql): the length of
-- the overlap of [start, end) with the working intervals of m_work_intervals, exact to the
-- microsecond. With W(t) = the working time from the calendar's first interval up to t (one
-- as-of join per end: the last interval starting at or before t), the overlap of [a, b) is
-- W(b) − W(a): set-wise, no per-incident loop.
-- A business duration is measured exactly when its calendar duration is (both ends known, not
-- negative), so mttd_business … mttr_business have the populations of mttd … mttr.
CREATE OR REPLACE TEMP MACRO m_work_us(t, start_us, end_us, before_us) AS
    coalesce(before_us + least(epoch_us(t) - start_us, end_us - start_us), 0);

CREATE OR REPLACE TEMP VIEW m_incidents_business AS
WITH i AS (
    SELECT *,
           epoch_us(eff_first_activity) AS first_us,
           epoch_us(created_at) AS created_us,
           epoch_us(acknowledged_at) AS acknowledged_us,
           epoch_us(contained_at) AS contained_us,
           epoch_us(closed_at) AS closed_us
    FROM m_incidents
)
SELECT i.*,
       CASE WHEN i.mttd >= 0 THEN
           (m_work_us(i.created_at, wc.start_us, wc.end_us, wc.before_us)
            - m_work_us(i.eff_first_activity, wf.start_us, wf.end_us, wf.before_us)) / 60e6 END AS mttd_business,
       CASE WHEN i.mtta >= 0 THEN
           (m_work_us(i.acknowledged_at, wa.start_us, wa.end_us, wa.before_us)
            - m_work_us(i.created_at, wc.start_us, wc.end_us, wc.before_us)) / 60e6 END AS mtta_business,
       CASE WHEN i.mttc >= 0 THEN
           (m_work_us(i.contained_at, wn.start_us, wn.end_us, wn.before_us)
            - m_work_us(i.created_at, wc.start_us, wc.end_us, wc.before_us)) / 60e6 END AS mttc_business,
       CASE WHEN i.mttr >= 0 THEN
           (m_work_us(i.closed_at, wr.start_us, wr.end_us, wr.before_us)
            - m_work_us(i.created_at, wc.start_us, wc.end_us, wc.before_us)) / 60e6 END AS mttr_business
FROM i
ASOF LEFT JOIN m_work_intervals wf ON i.first_us >= wf.start_us
ASOF LEFT JOIN m_work_intervals wc ON i.created_us >= wc.start_us
ASOF LEFT JOIN m_work_intervals wa ON i.acknowledged_us >= wa.start_us
ASOF LEFT JOIN m_work_intervals wn ON i.contained_us >= wn.start_us
ASOF LEFT JOIN m_work_intervals wr ON i.closed_us >= wr.start_us;
