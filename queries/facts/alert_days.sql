-- alert_days: per tenant and UTC day (its first microsecond since 1970, day_us), the alerts
-- counted once per combination of what the alert counts of a period read (metrics/rates.sql,
-- rules.sql, domains.sql through m_alert_groups in metrics/scope.sql): a period's whole UTC days
-- read these rows (a few thousand a day) instead of every alert, and only the part days at its
-- ends read the alerts themselves. Counts add up exactly, so both paths give the same figures.
-- latest: the last creation time in the group (rules.sql names a rule after its latest alert).
-- Built whole from the facts at the end of every load, like created_days.sql, and kept only in a
-- database file (facts.rs fills /*days kept*/ with true there, false in memory): a run on files
-- measures its periods once, and grouping its alerts by day would cost more than it saves.
CREATE OR REPLACE TABLE alert_days AS
SELECT tenant,
       epoch_us(created_at) // 86400000000 * 86400000000 AS day_us,
       rule_key, rule_name, eff_verdict, eff_closed_by, closed,
       linked_incident_id IS NOT NULL AS linked,
       rule_id IS NOT NULL AS with_rule_id,
       coalesce(len(techniques) > 0, false) AS with_techniques,
       domain,
       count(*) AS n,
       max(created_at) AS latest
FROM alert_facts
WHERE /*days kept*/
GROUP BY ALL
ORDER BY ALL;
