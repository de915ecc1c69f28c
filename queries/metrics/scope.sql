-- The populations every metric of one period reads (m_params.period_from/period_to), built on
-- links.sql. The period is read as scalar subqueries of m_params (constants to DuckDB, so the
-- filters reach the table scans).

-- Each incident id with the incident it counts for, and whether that one is in scope (not
-- merged, created in the period).
-- Copied per period: joins against a table plan better than against a view here.
CREATE OR REPLACE TEMP TABLE m_incident_final AS
SELECT r.*,
       coalesce(r.final_created_at >= (SELECT period_from FROM m_params)
                AND r.final_created_at < (SELECT period_to FROM m_params), false) AS final_in_scope
FROM m_incident_resolved r;

-- What the linked alerts (any period) of each in-scope incident say about it. An alert is linked
-- only when the incident it counts for exists in the data. The domains seen are a bit set (one
-- bit per domain, 256 = no domain): a bit OR aggregates far faster than a DISTINCT.
CREATE OR REPLACE TEMP TABLE m_incident_alerts AS
WITH per_incident AS (
    SELECT f.tenant, f.final_id AS incident_id,
           count(*) AS n_alerts,
           min(a.first_activity_at) AS alerts_first_activity,
           bit_or(CASE a.domain WHEN 'identity' THEN 1 WHEN 'endpoint' THEN 2 WHEN 'cloud' THEN 4
                                WHEN 'email' THEN 8 WHEN 'network' THEN 16 WHEN 'application' THEN 32
                                WHEN 'data' THEN 64 WHEN 'other' THEN 128 ELSE 256 END) AS domain_bits,
           bool_or(a.domain = 'identity' OR a.entity_user IS NOT NULL) AS identity_context
    FROM alerts a
    JOIN m_incident_final f ON f.tenant = a.tenant AND f.incident_id = a.incident_id
    WHERE f.final_in_scope
    GROUP BY f.tenant, f.final_id
)
SELECT tenant, incident_id, n_alerts, alerts_first_activity,
       bit_count(domain_bits & 255) AS n_domains,
       identity_context,
       list_filter(['identity', 'endpoint', 'cloud', 'email', 'network', 'application', 'data', 'other', 'unknown'],
                   lambda name, i: (domain_bits >> (i - 1)) & 1 = 1) AS domains
FROM per_incident;

-- Incidents touched by enrichment or triage automation (any period), directly or through one of
-- their alerts.
CREATE OR REPLACE TEMP TABLE m_enriched_incidents AS
SELECT DISTINCT tenant, incident_id FROM (
    SELECT au.tenant, f.final_id AS incident_id
    FROM automation au
    JOIN m_incident_final f ON f.tenant = au.tenant AND f.incident_id = au.incident_id
    WHERE au.action IN ('enrich', 'triage') AND f.final_in_scope
    UNION ALL
    SELECT au.tenant, f.final_id
    FROM automation au
    JOIN alerts a ON a.tenant = au.tenant AND a.alert_id = au.alert_id
    JOIN m_incident_final f ON f.tenant = a.tenant AND f.incident_id = a.incident_id
    WHERE au.action IN ('enrich', 'triage') AND au.alert_id IS NOT NULL AND f.final_in_scope
);

-- In-scope incidents (not merged, created_at in the period) with their durations in minutes.
-- Effective first activity: the incident's own first_activity_at, else the earliest
-- first_activity_at of its linked alerts.
CREATE OR REPLACE TEMP TABLE m_incidents AS
WITH base AS (
    SELECT s.*,
           coalesce(s.first_activity_at, ia.alerts_first_activity) AS eff_first_activity,
           coalesce(ia.n_alerts, 0) AS n_alerts,
           coalesce(ia.n_domains, 0) AS n_domains,
           coalesce(ia.identity_context, false) AS identity_context,
           e.incident_id IS NOT NULL AS enriched
    FROM m_all_incidents s
    LEFT JOIN m_incident_alerts ia ON ia.tenant = s.tenant AND ia.incident_id = s.incident_id
    LEFT JOIN m_enriched_incidents e ON e.tenant = s.tenant AND e.incident_id = s.incident_id
    WHERE NOT s.merged
      AND s.created_at >= (SELECT period_from FROM m_params)
      AND s.created_at < (SELECT period_to FROM m_params)
)
SELECT *,
       (epoch_us(created_at) - epoch_us(eff_first_activity)) / 60e6 AS mttd,
       (epoch_us(acknowledged_at) - epoch_us(created_at)) / 60e6 AS mtta,
       (epoch_us(contained_at) - epoch_us(created_at)) / 60e6 AS mttc,
       (epoch_us(closed_at) - epoch_us(created_at)) / 60e6 AS mttr
FROM base;

-- In-scope alerts: created_at in the period, with the incident they count for. Effective
-- verdict: the alert's own verdict when it is true_positive, benign_positive or false_positive,
-- else its incident's classification when that is one of those. Effective closed_by: the
-- alert's own, else its incident's.
CREATE OR REPLACE TEMP TABLE m_alerts AS
SELECT a.tenant, a.created_at, a.domain, a.rule_id, a.rule_name, a.tactics, a.techniques,
       f.final_id AS linked_incident_id,
       CASE WHEN a.verdict IN ('true_positive', 'benign_positive', 'false_positive') THEN a.verdict
            WHEN f.final_classification IN ('true_positive', 'benign_positive', 'false_positive') THEN f.final_classification
       END AS eff_verdict,
       coalesce(a.closed_by, f.final_closed_by) AS eff_closed_by,
       coalesce(a.rule_id, a.rule_name) AS rule_key
FROM alerts a
LEFT JOIN m_incident_final f ON f.tenant = a.tenant AND f.incident_id = a.incident_id
WHERE ((SELECT tenant FROM m_params) IS NULL OR a.tenant = (SELECT tenant FROM m_params))
  AND a.created_at >= (SELECT period_from FROM m_params)
  AND a.created_at < (SELECT period_to FROM m_params);

-- Automation actions started in the period.
CREATE OR REPLACE TEMP TABLE m_automation AS
SELECT tenant, action, approved_by
FROM automation
WHERE ((SELECT tenant FROM m_params) IS NULL OR tenant = (SELECT tenant FROM m_params))
  AND started_at >= (SELECT period_from FROM m_params)
  AND started_at < (SELECT period_to FROM m_params);
