-- Per detection rule (rule_id, else rule_name), over in-scope alerts: alert count, effective
-- verdict counts, noise ratio (FP + BP / with a verdict) and the share of alerts with an
-- effective closer that automation or AI closed; the rule's name is the one its latest alert
-- carries (of two at the same instant, the greater). Noisiest first. The alerts are first
-- counted per rule, name, verdict and closer (a few hundred groups) in one pass over the alert
-- groups (m_alert_groups in scope.sql).
WITH g AS (
    SELECT rule_key, rule_name, eff_verdict, eff_closed_by, max(latest) AS latest, CAST(sum(n) AS BIGINT) AS n
    FROM m_alert_groups
    WHERE rule_key IS NOT NULL
    GROUP BY ALL
)
SELECT rule_key AS rule,
       arg_max(rule_name, (latest, rule_name)) FILTER (WHERE rule_name IS NOT NULL) AS rule_name,
       CAST(sum(n) AS BIGINT) AS alerts,
       CAST(coalesce(sum(n) FILTER (WHERE eff_verdict = 'true_positive'), 0) AS BIGINT) AS true_positive,
       CAST(coalesce(sum(n) FILTER (WHERE eff_verdict = 'benign_positive'), 0) AS BIGINT) AS benign_positive,
       CAST(coalesce(sum(n) FILTER (WHERE eff_verdict = 'false_positive'), 0) AS BIGINT) AS false_positive,
       CAST(coalesce(sum(n) FILTER (WHERE eff_verdict IS NULL), 0) AS BIGINT) AS no_verdict,
       CAST(coalesce(sum(n) FILTER (WHERE eff_verdict IN ('false_positive', 'benign_positive')), 0) AS BIGINT) AS noisy,
       CAST(coalesce(sum(n) FILTER (WHERE eff_verdict IS NOT NULL), 0) AS BIGINT) AS with_verdict,
       CAST(coalesce(sum(n) FILTER (WHERE eff_closed_by IN ('automation', 'ai')), 0) AS BIGINT) AS closed_by_machine,
       CAST(coalesce(sum(n) FILTER (WHERE eff_closed_by IS NOT NULL), 0) AS BIGINT) AS with_closed_by
FROM g
GROUP BY rule_key
ORDER BY noisy DESC, alerts DESC, rule_key;
