-- Whether the weekly series reads the hourly counts: run once the week buckets are set (buckets.sql).
-- Whether the weekly series counts the alerts from the hourly counts (facts/alert_hours.sql):
-- when the database keeps them and every week boundary, the period's ends included, falls on a
-- UTC hour (a whole-hour zone's midnights do). A constant to DuckDB, so that weekly.sql scans
-- either the hours or the alerts, never both.
SET VARIABLE m_week_hours = (
    SELECT coalesce(bool_and(epoch_us(bucket_from) % 3600000000 = 0 AND epoch_us(bucket_to) % 3600000000 = 0), false)
           AND epoch_us(getvariable('m_period_from')) % 3600000000 = 0
           AND epoch_us(getvariable('m_period_to')) % 3600000000 = 0
           AND EXISTS (SELECT 1 FROM alert_hours)
    FROM m_buckets);
