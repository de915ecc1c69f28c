-- The UTC days whose counts (facts/alert_days.sql, alert_day_attack.sql, alert_hours.sql) a
-- load that updated the facts in place must compute again: those its alerts had before (added
-- by facts/scope_alerts.sql) and those of their new facts, and the months of those days
-- (facts/alert_months.sql, summed from the days). Their stored rows are deleted here;
-- facts.rs then inserts them again from every alert of those days, which it finds between the
-- first and the end of the last of them (session variables: constants to DuckDB, so that the
-- scan of the facts, stored in creation order, skips the row groups outside them).
INSERT INTO fact_scope_days
SELECT DISTINCT f.tenant, epoch_us(f.created_at) // 86400000000 * 86400000000
FROM alert_facts f
JOIN fact_scope_alerts s ON s.tenant = f.tenant AND s.alert_id = f.alert_id;

DELETE FROM alert_days AS d
USING (SELECT DISTINCT tenant, day_us FROM fact_scope_days) AS s
WHERE d.tenant = s.tenant AND d.day_us = s.day_us;

DELETE FROM alert_day_attack AS d
USING (SELECT DISTINCT tenant, day_us FROM fact_scope_days) AS s
WHERE d.tenant = s.tenant AND d.day_us = s.day_us;

DELETE FROM alert_hours AS h
USING (SELECT DISTINCT tenant, day_us FROM fact_scope_days) AS s
WHERE h.tenant = s.tenant AND h.hour_us // 86400000000 * 86400000000 = s.day_us;

DELETE FROM alert_months AS m
USING (SELECT DISTINCT tenant, epoch_us(date_trunc('month', make_timestamp(day_us))) AS month_us
       FROM fact_scope_days) AS s
WHERE m.tenant = s.tenant AND m.month_us = s.month_us;

SET VARIABLE fact_days_from = (SELECT CAST(make_timestamp(min(day_us)) AS TIMESTAMPTZ) FROM fact_scope_days);
SET VARIABLE fact_days_to = (SELECT CAST(make_timestamp(max(day_us) + 86400000000) AS TIMESTAMPTZ) FROM fact_scope_days);
