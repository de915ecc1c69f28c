-- ATT&CK tactics and techniques on in-scope alerts whose effective verdict is true_positive,
-- with the number of such alerts carrying each (m_alert_attack in scope.sql). Most frequent first.
SELECT kind, name, CAST(sum(n) AS BIGINT) AS alerts
FROM m_alert_attack
GROUP BY kind, name
ORDER BY kind, alerts DESC, name;
