-- ATT&CK tactics and techniques on in-scope alerts whose effective verdict is true_positive,
-- with the number of such alerts carrying each. Most frequent first.
SELECT kind, name, count(*) AS alerts
FROM (
    SELECT 'tactic' AS kind, unnest(tactics) AS name FROM m_alerts WHERE eff_verdict = 'true_positive'
    UNION ALL
    SELECT 'technique', unnest(techniques) FROM m_alerts WHERE eff_verdict = 'true_positive'
)
GROUP BY kind, name
ORDER BY kind, alerts DESC, name;
