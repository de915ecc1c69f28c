-- The period and tenant of m_params as session variables, which DuckDB folds into constants
-- when it plans a query: the views of scope.sql filter the facts with them, so
-- each scan prunes by created_at and tests the tenant once rather than on every row.
SET VARIABLE m_period_from = (SELECT period_from FROM m_params);
SET VARIABLE m_period_to = (SELECT period_to FROM m_params);
SET VARIABLE m_tenant = (SELECT tenant FROM m_params);
-- Whether the aggregate queries give one row per tenant instead of one for the whole scope
-- (m_scope_key in scope.sql): not until by_tenant.sql says so.
SET VARIABLE m_by_tenant = false;
-- The earliest end of the periods of periods.sql (the period's end, or a history's first month's).
SET VARIABLE m_first_end = (SELECT min(period_to) FROM m_periods);
-- The whole UTC days of the period, [m_whole_from, m_whole_to): the alert counts read them from
-- the daily counts (facts/alert_days.sql), and the rest of the period (at most a part day at
-- each end) from the alerts themselves (m_alert_groups in scope.sql). A period without a whole
-- day, or a database without daily counts (a run on files keeps none), reads every alert: both
-- bounds are then the period's end.
SET VARIABLE m_whole_days = (
    SELECT (epoch_us(period_from) + 86399999999) // 86400000000 < epoch_us(period_to) // 86400000000
           AND EXISTS (SELECT 1 FROM alert_days)
    FROM m_params);
SET VARIABLE m_whole_from = (
    SELECT CASE WHEN getvariable('m_whole_days')
                THEN CAST(make_timestamp((epoch_us(period_from) + 86399999999) // 86400000000 * 86400000000) AS TIMESTAMPTZ)
                ELSE period_to END
    FROM m_params);
SET VARIABLE m_whole_to = (
    SELECT CASE WHEN getvariable('m_whole_days')
                THEN CAST(make_timestamp(epoch_us(period_to) // 86400000000 * 86400000000) AS TIMESTAMPTZ)
                ELSE period_to END
    FROM m_params);
-- The whole UTC calendar months among those days, [m_months_from, m_months_to): the alert counts
-- read them from the monthly sums (facts/alert_months.sql), a few rows per combination instead
-- of a month of daily rows, and the whole days outside them from the daily counts. Without a
-- whole month, or a database without monthly sums, both are m_whole_to: every whole day is read
-- from the daily counts.
SET VARIABLE m_months = (
    SELECT CASE WHEN first_month < last_month AND EXISTS (SELECT 1 FROM alert_months)
                THEN [CAST(first_month AS TIMESTAMPTZ), CAST(last_month AS TIMESTAMPTZ)]
                ELSE [getvariable('m_whole_to'), getvariable('m_whole_to')] END
    FROM (SELECT CASE WHEN date_trunc('month', whole_from) = whole_from THEN whole_from
                      ELSE date_trunc('month', whole_from) + INTERVAL 1 MONTH END AS first_month,
                 date_trunc('month', whole_to) AS last_month
          FROM (SELECT make_timestamp(epoch_us(getvariable('m_whole_from'))) AS whole_from,
                       make_timestamp(epoch_us(getvariable('m_whole_to'))) AS whole_to)));
SET VARIABLE m_months_from = getvariable('m_months')[1];
SET VARIABLE m_months_to = getvariable('m_months')[2];
