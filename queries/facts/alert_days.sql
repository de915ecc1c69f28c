-- alert_days: per tenant and UTC day (its first microsecond since 1970, day_us), the alerts
-- counted once per combination of what the alert counts of a period read (metrics/rates.sql,
-- rules.sql, domains.sql, categories.sql through m_alert_groups in metrics/scope.sql): a period's whole UTC days
-- read these rows (a few thousand a day) instead of every alert, and only the part days at its
-- ends read the alerts themselves. Counts add up exactly, so both paths give the same figures.
-- latest: the last creation time in the group (rules.sql names a rule after its latest alert).
-- Built whole from the facts at the end of every load, like created_days.sql, and kept only in a
-- database file: a run on files measures its periods once, and grouping its alerts by day would
-- cost more than it saves. facts.rs fills the filter /*days counted*/: true when built whole in a
-- database file, false in memory, and, when a load updates the facts in place, the days of the
-- alerts it reached (fact_scope_days: facts/scope_alerts.sql, scope_days.sql), whose rows it
-- replaces. Stored by tenant and day, so that a period's scan skips the row groups of other days
-- (and a tenant's, other tenants'); the rest of a row's key orders nothing a query reads (sums
-- and a maximum) and would cost the sort of every group by all twelve columns (a third of
-- building the table where the groups are nearly as many as the alerts).
CREATE OR REPLACE TABLE alert_days AS
SELECT tenant,
       epoch_us(created_at) // 86400000000 * 86400000000 AS day_us,
       rule_key, rule_name, eff_verdict, eff_closed_by, closed,
       linked_incident_id IS NOT NULL AS linked,
       rule_id IS NOT NULL AS with_rule_id,
       coalesce(len(techniques) > 0, false) AS with_techniques,
       domain, category,
       count(*) AS n,
       max(created_at) AS latest
FROM alert_facts
WHERE /*days counted*/
GROUP BY ALL
ORDER BY tenant, day_us;
