-- alert_months: the daily counts of alert_days.sql summed per tenant and UTC calendar month
-- (month_us, its first microsecond since 1970), with the same columns: a period's whole UTC
-- months read these rows (m_alert_groups in metrics/scope.sql), a few per combination of what
-- the alert counts read, instead of a month of daily rows (tens of thousands a day on a busy
-- database). Counts add up exactly, so every path gives the same figures. Built whole from
-- alert_days after it, or, when a load updates the facts in place, for the months of the days
-- it counted again: facts.rs fills /*months counted*/ (true, or those months: fact_scope_days in
-- facts/scope_days.sql, which deletes their rows first).
CREATE OR REPLACE TABLE alert_months AS
SELECT tenant,
       epoch_us(date_trunc('month', make_timestamp(day_us))) AS month_us,
       rule_key, rule_name, eff_verdict, eff_closed_by, closed, linked, with_rule_id,
       with_techniques, domain, category,
       CAST(sum(n) AS BIGINT) AS n,
       max(latest) AS latest
FROM alert_days
WHERE /*months counted*/
GROUP BY ALL
ORDER BY tenant, month_us;
