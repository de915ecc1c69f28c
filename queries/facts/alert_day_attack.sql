-- alert_day_attack: per tenant and UTC day (day_us, as alert_days.sql), the ATT&CK tactics and
-- techniques on alerts whose effective verdict is true_positive, with the number of such alerts
-- carrying each (an item listed twice on one alert counts twice, as metrics/attack.sql counts
-- it). A period's whole days read these rows (m_alert_attack in metrics/scope.sql). Built whole
-- from the facts at the end of every load, or for the days a load reached, and kept only in a
-- database file (as alert_days.sql).
CREATE OR REPLACE TABLE alert_day_attack AS
SELECT tenant, day_us, kind, name, count(*) AS n
FROM (
    SELECT tenant, epoch_us(created_at) // 86400000000 * 86400000000 AS day_us,
           'tactic' AS kind, unnest(tactics) AS name
    FROM alert_facts WHERE eff_verdict = 'true_positive' AND /*days counted*/
    UNION ALL
    SELECT tenant, epoch_us(created_at) // 86400000000 * 86400000000,
           'technique', unnest(techniques)
    FROM alert_facts WHERE eff_verdict = 'true_positive' AND /*days counted*/
)
GROUP BY ALL
ORDER BY tenant, day_us;
