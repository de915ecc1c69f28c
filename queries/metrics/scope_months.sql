-- The populations of scope.sql keyed by month, for a history measured in one pass: m_params
-- spans the months of m_periods, and every in-scope row counts for the month (m_periods, in the
-- user's time zone, computed in Rust) that holds its created_at (started_at for automation).
--
-- The month of a row is looked up by its UTC day counted from the first month's start, an
-- equality join on a table of a few hundred days rather than a range join of millions of rows
-- with the months: a day is shorter than any month, so at most one month starts inside it, and
-- a row of that day belongs to that month from its start (next_from) on, else to the month that
-- holds the day's start.
CREATE OR REPLACE TEMP TABLE m_month_days AS
WITH days AS (
    SELECT unnest(range(0, (epoch_us(getvariable('m_period_to')) - epoch_us(getvariable('m_period_from')))
                           // 86400000000 + 1)) AS day
),
starts AS (
    SELECT day, epoch_us(getvariable('m_period_from')) + day * 86400000000 AS start_us
    FROM days
),
months AS (
    SELECT scope_key, epoch_us(period_from) AS from_us, period_from FROM m_periods
)
SELECT s.day,
       holding.scope_key AS month_key,
       starting.period_from AS next_from,
       starting.scope_key AS next_key
FROM starts s
ASOF JOIN months holding ON s.start_us >= holding.from_us
LEFT JOIN months starting ON starting.from_us > s.start_us AND starting.from_us < s.start_us + 86400000000;

CREATE OR REPLACE TEMP MACRO m_month_day(t) AS
    (epoch_us(t) - epoch_us(getvariable('m_period_from'))) // 86400000000;

CREATE OR REPLACE TEMP VIEW m_incidents AS
SELECT i.*, CASE WHEN i.created_at >= d.next_from THEN d.next_key ELSE d.month_key END AS scope_key
FROM m_period_incidents i
JOIN m_month_days d ON d.day = m_month_day(i.created_at);

CREATE OR REPLACE TEMP VIEW m_alerts AS
SELECT a.*, CASE WHEN a.created_at >= d.next_from THEN d.next_key ELSE d.month_key END AS scope_key
FROM m_period_alerts a
JOIN m_month_days d ON d.day = m_month_day(a.created_at);

CREATE OR REPLACE TEMP VIEW m_automation AS
SELECT a.*, CASE WHEN a.started_at >= d.next_from THEN d.next_key ELSE d.month_key END AS scope_key
FROM m_period_automation a
JOIN m_month_days d ON d.day = m_month_day(a.started_at);

-- A history's months do not fall on UTC days in every zone: its alert groups and ATT&CK counts
-- come from the alerts themselves, one row each, keyed by month (scope.sql's table macros).
CREATE OR REPLACE TEMP VIEW m_alert_groups AS
SELECT * FROM m_alert_rows(getvariable('m_period_from'), getvariable('m_period_to'));

CREATE OR REPLACE TEMP VIEW m_alert_attack AS
SELECT * FROM m_alert_items(getvariable('m_period_from'), getvariable('m_period_to'));
