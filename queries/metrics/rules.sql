-- Per detection rule (rule_id, else rule_name), over in-scope alerts: alert count, effective
-- verdict counts, noise ratio (FP + BP / with a verdict) and the share of alerts with an
-- effective closer that automation or AI closed. Noisiest first.
SELECT rule_key AS rule,
       any_value(rule_name ORDER BY created_at DESC) AS rule_name,
       count(*) AS alerts,
       count(*) FILTER (WHERE eff_verdict = 'true_positive') AS true_positive,
       count(*) FILTER (WHERE eff_verdict = 'benign_positive') AS benign_positive,
       count(*) FILTER (WHERE eff_verdict = 'false_positive') AS false_positive,
       count(*) FILTER (WHERE eff_verdict IS NULL) AS no_verdict,
       count(*) FILTER (WHERE eff_verdict IN ('false_positive', 'benign_positive')) AS noisy,
       count(*) FILTER (WHERE eff_verdict IS NOT NULL) AS with_verdict,
       count(*) FILTER (WHERE eff_closed_by IN ('automation', 'ai')) AS closed_by_machine,
       count(*) FILTER (WHERE eff_closed_by IS NOT NULL) AS with_closed_by
FROM m_alerts
WHERE rule_key IS NOT NULL
GROUP BY rule_key
ORDER BY noisy DESC, alerts DESC, rule_key;
