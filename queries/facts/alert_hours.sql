-- alert_hours: per tenant and UTC hour (hour_us, its first microsecond since 1970), the alerts
-- counted by effective verdict and closer: the weekly series (metrics/weekly.sql) reads these
-- rows instead of every alert when each of a period's week boundaries falls on an hour. Kept,
-- built and updated as alert_days.sql (/*days counted*/ filters the alerts by their UTC day).
CREATE OR REPLACE TABLE alert_hours AS
SELECT tenant,
       epoch_us(created_at) // 3600000000 * 3600000000 AS hour_us,
       eff_verdict, eff_closed_by,
       count(*) AS n
FROM alert_facts
WHERE /*days counted*/
GROUP BY ALL
ORDER BY tenant, hour_us;
