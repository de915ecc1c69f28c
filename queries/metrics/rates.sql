-- Counts and the numerator/denominator of every ratio metric, for the period and tenant in
-- m_params (populations from scope.sql). One row per scope key (see m_incidents in scope.sql); a
-- key without incidents, alerts or actions has no row (all zero). Rust divides nothing but
-- numerator/denominator. Conditional counts and sums are written count_if(c) and
-- sum(CASE WHEN c THEN n END): the same rows as an aggregate's FILTER (WHERE c), which DuckDB
-- evaluates as one more selection per aggregate (a third slower here, with some thirty of them).
WITH inc AS (
    SELECT
        scope_key,
        count(*) AS incidents,
        -- alerts_per_incident: linked alerts (any period) / in-scope incidents with ≥ 1 linked alert
        sum(CASE WHEN n_alerts > 0 THEN n_alerts END) AS linked_alerts,
        count_if(n_alerts > 0) AS incidents_with_alerts,
        -- cross_domain_rate: linked alerts span ≥ 2 distinct domains
        count_if(n_domains >= 2) AS cross_domain,
        -- identity_context_rate: a linked alert in the identity domain or with entity_user
        count_if(n_alerts > 0 AND identity_context) AS identity_context,
        -- classification_completeness: closed (closed_at set) and classified TP/BP/FP
        count_if(closed_at IS NOT NULL) AS with_closed_at,
        count_if(closed_at IS NOT NULL
                 AND classification IN ('true_positive', 'benign_positive', 'false_positive')) AS classified_closed,
        count_if(ai_assisted) AS ai_assisted,
        -- incident_automation_rate: closed by automation or AI / closer known
        count_if(closed_by IN ('automation', 'ai')) AS incidents_closed_by_machine,
        count_if(closed_by IS NOT NULL) AS incidents_with_closed_by,
        count_if(enriched) AS enriched,
        -- closed incidents: status closed or a closing time
        count_if(status = 'closed' OR closed_at IS NOT NULL) AS closed,
        count_if(eff_first_activity IS NOT NULL) AS first_activity_known,
        count_if(acknowledged_at IS NOT NULL) AS acknowledged_known,
        count_if(status = 'closed' AND closed_at IS NULL) AS closed_without_time,
        -- data_quality.classification_unknown: closed (status or closing time), classification
        -- missing or undetermined
        count_if((status = 'closed' OR closed_at IS NOT NULL) AND classification IS NULL) AS closed_unclassified,
        count_if((status = 'closed' OR closed_at IS NOT NULL) AND classification = 'undetermined') AS closed_undetermined,
        count_if(contained_at IS NOT NULL) AS contained_known
    FROM m_incidents
    GROUP BY scope_key
),
-- The in-scope alerts counted once per combination of what the alert measures read (a few
-- hundred groups, from the daily aggregates of m_alert_groups), so that the alert counts and the
-- per-rule noise come from one pass.
alert_groups AS (
    SELECT scope_key,
           rule_key, eff_verdict, eff_closed_by, closed, linked, with_rule_id, with_techniques,
           CAST(sum(n) AS BIGINT) AS n
    FROM m_alert_groups
    GROUP BY ALL
),
al AS (
    SELECT scope_key,
           CAST(sum(n) AS BIGINT) AS alerts,
           CAST(coalesce(sum(CASE WHEN eff_verdict IN ('false_positive', 'benign_positive') THEN n END), 0) AS BIGINT) AS noisy,
           CAST(coalesce(sum(CASE WHEN eff_verdict IS NOT NULL THEN n END), 0) AS BIGINT) AS with_verdict,
           -- noise_ratio_upper: every alert without a true-positive verdict (false or benign
           -- positive, undetermined or none): the noise if every unrecorded verdict were noise
           CAST(coalesce(sum(CASE WHEN eff_verdict IS DISTINCT FROM 'true_positive' THEN n END), 0) AS BIGINT) AS noisy_upper,
           -- verdict_coverage: closed alerts with an effective verdict / closed alerts
           CAST(coalesce(sum(CASE WHEN closed THEN n END), 0) AS BIGINT) AS closed_alerts,
           CAST(coalesce(sum(CASE WHEN closed AND eff_verdict IS NOT NULL THEN n END), 0) AS BIGINT) AS closed_with_verdict,
           CAST(coalesce(sum(CASE WHEN eff_verdict = 'true_positive' THEN n END), 0) AS BIGINT) AS true_positive,
           CAST(coalesce(sum(CASE WHEN eff_closed_by IN ('automation', 'ai') THEN n END), 0) AS BIGINT) AS closed_by_machine,
           CAST(coalesce(sum(CASE WHEN eff_closed_by = 'ai' THEN n END), 0) AS BIGINT) AS closed_by_ai,
           CAST(coalesce(sum(CASE WHEN eff_closed_by = 'automation' THEN n END), 0) AS BIGINT) AS closed_by_automation,
           CAST(coalesce(sum(CASE WHEN eff_closed_by = 'human' THEN n END), 0) AS BIGINT) AS closed_by_human,
           CAST(coalesce(sum(CASE WHEN eff_closed_by IS NOT NULL THEN n END), 0) AS BIGINT) AS with_closed_by,
           CAST(coalesce(sum(CASE WHEN linked THEN n END), 0) AS BIGINT) AS linked,
           CAST(coalesce(sum(CASE WHEN with_rule_id THEN n END), 0) AS BIGINT) AS with_rule_id,
           CAST(coalesce(sum(CASE WHEN with_techniques THEN n END), 0) AS BIGINT) AS with_techniques
    FROM alert_groups
    GROUP BY scope_key
),
-- tp_tactics: distinct ATT&CK tactics on in-scope alerts whose effective verdict is true_positive,
-- by name whatever the spelling (as attack.sql names them; each distinct spelling named once)
tac AS (
    SELECT scope_key, count(DISTINCT coalesce(sg_attack_tactic(name), name)) AS tp_tactics
    FROM (SELECT DISTINCT scope_key, name FROM m_alert_attack WHERE kind = 'tactic')
    GROUP BY scope_key
),
-- noisy_rule_alert_share: alerts from rules (rule_id, else rule_name) of at least 5 alerts in the
-- period of which ≥ 90 % are not true positives (an alert without a recorded verdict counts as
-- noise, so that leaving verdicts blank cannot make a rule look tuned)
per_rule AS (
    SELECT scope_key, rule_key,
           sum(n) AS n,
           coalesce(sum(CASE WHEN eff_verdict IS DISTINCT FROM 'true_positive' THEN n END), 0) AS noisy_upper
    FROM alert_groups WHERE rule_key IS NOT NULL
    GROUP BY scope_key, rule_key
),
nr AS (
    SELECT scope_key, coalesce(sum(CASE WHEN n >= 5 AND noisy_upper >= 0.9 * n THEN n END), 0) AS alerts_from_noisy_rules
    FROM per_rule
    GROUP BY scope_key
),
-- Whether each approver names a person, once per distinct name.
approvers AS (
    SELECT name, sg_is_person(name) AS person
    FROM (SELECT DISTINCT approved_by AS name FROM m_automation WHERE approved_by IS NOT NULL)
),
au AS (
    SELECT
        scope_key,
        count(*) AS actions,
        count_if(action IN ('contain', 'remediate')) AS response_actions,
        -- human_oversight_rate: approved by a person (not the playbook, automation, an app or a
        -- service identity: sg_is_person) before the action finished (an approval after it is
        -- a review, not oversight; an approval without a time counts)
        count_if(action IN ('contain', 'remediate')
                 AND coalesce(ap.person, false)
                 AND lower(trim(approved_by)) IS DISTINCT FROM lower(trim(playbook))
                 AND NOT (approved_at IS NOT NULL AND finished_at IS NOT NULL AND approved_at > finished_at)) AS approved_response_actions
    FROM m_automation
    LEFT JOIN approvers ap ON ap.name = m_automation.approved_by
    GROUP BY scope_key
),
scope_keys AS (
    SELECT scope_key FROM inc UNION SELECT scope_key FROM al UNION SELECT scope_key FROM au
)
-- Counts a key lacks are 0; linked_alerts (a sum) stays NULL without linked alerts.
SELECT scope_key,
       coalesce(COLUMNS(lambda c: c NOT IN ('scope_key', 'linked_alerts')), 0),
       linked_alerts
FROM scope_keys
LEFT JOIN inc USING (scope_key)
LEFT JOIN al USING (scope_key)
LEFT JOIN tac USING (scope_key)
LEFT JOIN nr USING (scope_key)
LEFT JOIN au USING (scope_key)
ORDER BY scope_key;
