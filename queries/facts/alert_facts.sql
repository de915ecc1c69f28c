-- alert_facts: every alert with what the metrics of any period read about it (see
-- incident_facts.sql), resolved once per load. linked_incident_id: the non-merged incident the
-- alert counts for (NULL when its incident is missing or its merge chain ends nowhere). Effective
-- verdict: the alert's own verdict when it is true_positive, benign_positive or false_positive,
-- else its incident's classification when that is one of those. Effective closed_by: the
-- alert's own, else its incident's. rule_key: rule_id, else rule_name. closed: the alert is
-- closed (status closed or a close time) or counts for a closed incident. alert_id: the key by
-- which a load into a database whose facts are current replaces the rows of the alerts in
-- fact_scope_alerts (facts/scope_alerts.sql), computing only those (facts.rs fills the filter below).
CREATE OR REPLACE TABLE alert_facts AS
SELECT a.tenant, a.created_at, a.domain, a.rule_id, a.rule_name, a.tactics, a.techniques, a.category,
       f.final_id AS linked_incident_id,
       CASE WHEN a.verdict IN ('true_positive', 'benign_positive', 'false_positive') THEN a.verdict
            WHEN f.final_classification IN ('true_positive', 'benign_positive', 'false_positive') THEN f.final_classification
       END AS eff_verdict,
       coalesce(a.closed_by, f.final_closed_by) AS eff_closed_by,
       coalesce(a.rule_id, a.rule_name) AS rule_key,
       coalesce(a.status = 'closed', false) OR a.closed_at IS NOT NULL OR coalesce(f.final_closed, false) AS closed,
       a.alert_id
FROM alerts a
LEFT JOIN incident_facts f ON f.tenant = a.tenant AND f.incident_id = a.incident_id
/*in scope: alerts*/
-- In a database file, in creation order, so that a period's scan skips the row groups outside it
-- (their min/max): facts.rs fills the clause. A run on files measures its rows once and keeps
-- them in the files' order, unsorted.
/*stored order*/;
