-- The populations every metric reads, built once per period and tenant.
--
-- Merged incidents: an incident is merged when status = 'redirected' or redirected_to is set.
-- Merged incidents are excluded from every incident metric; an alert linked to a merged incident
-- counts for the incident it was merged into (following chains of merges; a chain that ends
-- nowhere, or loops, leaves the alert unlinked).

-- Incidents of the selected tenant(s), any period.
CREATE OR REPLACE TEMP TABLE m_all_incidents AS
SELECT i.*, (i.status = 'redirected' OR i.redirected_to IS NOT NULL) AS merged
FROM incidents i, m_params p
WHERE p.tenant IS NULL OR i.tenant = p.tenant;

-- Each incident id → the non-merged incident it counts for (NULL when unresolvable).
CREATE OR REPLACE TEMP TABLE m_incident_final AS
WITH RECURSIVE walk(tenant, incident_id, target, depth) AS (
    SELECT tenant, incident_id, redirected_to, 1 FROM m_all_incidents WHERE merged
    UNION ALL
    SELECT w.tenant, w.incident_id, n.redirected_to, w.depth + 1
    FROM walk w
    JOIN m_all_incidents n ON n.tenant = w.tenant AND n.incident_id = w.target
    WHERE n.merged AND w.depth < 20
)
SELECT w.tenant, w.incident_id,
       CASE WHEN t.incident_id IS NOT NULL AND NOT t.merged THEN t.incident_id END AS final_id
FROM walk w
LEFT JOIN m_all_incidents t ON t.tenant = w.tenant AND t.incident_id = w.target
QUALIFY row_number() OVER (PARTITION BY w.tenant, w.incident_id ORDER BY w.depth DESC) = 1
UNION ALL
SELECT tenant, incident_id, incident_id FROM m_all_incidents WHERE NOT merged;

-- Alerts of the selected tenant(s), any period, with the incident they count for. An alert is
-- linked only when that incident exists in the data.
CREATE OR REPLACE TEMP TABLE m_all_alerts AS
SELECT a.*, f.final_id AS linked_incident_id
FROM alerts a
CROSS JOIN m_params p
LEFT JOIN m_incident_final f ON f.tenant = a.tenant AND f.incident_id = a.incident_id
WHERE p.tenant IS NULL OR a.tenant = p.tenant;

-- What each incident's linked alerts (any period) say about it.
CREATE OR REPLACE TEMP TABLE m_incident_alerts AS
SELECT tenant, linked_incident_id AS incident_id,
       count(*) AS n_alerts,
       min(first_activity_at) AS alerts_first_activity,
       count(DISTINCT domain) AS n_domains,
       bool_or(domain = 'identity' OR entity_user IS NOT NULL) AS identity_context
FROM m_all_alerts
WHERE linked_incident_id IS NOT NULL
GROUP BY tenant, linked_incident_id;

-- Incidents touched by enrichment or triage automation (any period), directly or through one of
-- their alerts.
CREATE OR REPLACE TEMP TABLE m_enriched_incidents AS
SELECT DISTINCT tenant, incident_id FROM (
    SELECT au.tenant, f.final_id AS incident_id
    FROM automation au JOIN m_incident_final f ON f.tenant = au.tenant AND f.incident_id = au.incident_id
    WHERE au.action IN ('enrich', 'triage')
    UNION ALL
    SELECT au.tenant, a.linked_incident_id
    FROM automation au JOIN m_all_alerts a ON a.tenant = au.tenant AND a.alert_id = au.alert_id
    WHERE au.action IN ('enrich', 'triage') AND a.linked_incident_id IS NOT NULL
);

-- In-scope incidents: not merged, created_at in the period, with their durations in minutes.
-- Effective first activity: the incident's own first_activity_at, else the earliest
-- first_activity_at of its linked alerts.
CREATE OR REPLACE TEMP TABLE m_incidents AS
WITH base AS (
    SELECT i.*,
           coalesce(i.first_activity_at, ia.alerts_first_activity) AS eff_first_activity,
           coalesce(ia.n_alerts, 0) AS n_alerts,
           coalesce(ia.n_domains, 0) AS n_domains,
           coalesce(ia.identity_context, false) AS identity_context,
           e.incident_id IS NOT NULL AS enriched
    FROM m_all_incidents i
    CROSS JOIN m_params p
    LEFT JOIN m_incident_alerts ia ON ia.tenant = i.tenant AND ia.incident_id = i.incident_id
    LEFT JOIN m_enriched_incidents e ON e.tenant = i.tenant AND e.incident_id = i.incident_id
    WHERE NOT i.merged AND i.created_at >= p.period_from AND i.created_at < p.period_to
)
SELECT *,
       (epoch_us(created_at) - epoch_us(eff_first_activity)) / 60e6 AS mttd,
       (epoch_us(acknowledged_at) - epoch_us(created_at)) / 60e6 AS mtta,
       (epoch_us(contained_at) - epoch_us(created_at)) / 60e6 AS mttc,
       (epoch_us(closed_at) - epoch_us(created_at)) / 60e6 AS mttr
FROM base;

-- In-scope alerts: created_at in the period. Effective verdict: the alert's own verdict when it
-- is true_positive, benign_positive or false_positive, else its incident's classification when
-- that is one of those. Effective closed_by: the alert's own, else its incident's.
CREATE OR REPLACE TEMP TABLE m_alerts AS
SELECT a.*,
       CASE WHEN a.verdict IN ('true_positive', 'benign_positive', 'false_positive') THEN a.verdict
            WHEN i.classification IN ('true_positive', 'benign_positive', 'false_positive') THEN i.classification
       END AS eff_verdict,
       coalesce(a.closed_by, i.closed_by) AS eff_closed_by,
       coalesce(a.rule_id, a.rule_name) AS rule_key
FROM m_all_alerts a
CROSS JOIN m_params p
LEFT JOIN m_all_incidents i ON i.tenant = a.tenant AND i.incident_id = a.linked_incident_id
WHERE a.created_at >= p.period_from AND a.created_at < p.period_to;

-- Automation actions started in the period.
CREATE OR REPLACE TEMP TABLE m_automation AS
SELECT au.*
FROM automation au, m_params p
WHERE (p.tenant IS NULL OR au.tenant = p.tenant)
  AND au.started_at >= p.period_from AND au.started_at < p.period_to;
