-- The links every period's metrics read, built once per tenant scope (m_params.tenant, NULL =
-- all tenants pooled).
--
-- Merged incidents: an incident is merged when status = 'redirected' or redirected_to is set.
-- Merged incidents are excluded from every incident metric; an alert linked to a merged incident
-- counts for the incident it was merged into (following chains of merges; a chain that ends
-- nowhere, or loops, leaves the alert unlinked). The tenant is read as a scalar subquery of
-- m_params (a constant to DuckDB, so the filter reaches the table scan).

-- Incidents of the selected tenant(s), any period (only the columns metrics read).
CREATE OR REPLACE TEMP TABLE m_all_incidents AS
SELECT tenant, incident_id, severity, status, classification, first_activity_at,
       created_at, acknowledged_at, contained_at, closed_at, closed_by, ai_assisted, redirected_to,
       (coalesce(status = 'redirected', false) OR redirected_to IS NOT NULL) AS merged
FROM incidents
WHERE (SELECT tenant FROM m_params) IS NULL OR tenant = (SELECT tenant FROM m_params);

-- Each incident id → the non-merged incident it counts for (NULL when unresolvable), with what
-- alerts inherit from it.
CREATE OR REPLACE TEMP TABLE m_incident_resolved AS
WITH RECURSIVE walk(tenant, incident_id, target, depth) AS (
    SELECT tenant, incident_id, redirected_to, 1 FROM m_all_incidents WHERE merged
    UNION ALL
    SELECT w.tenant, w.incident_id, n.redirected_to, w.depth + 1
    FROM walk w
    JOIN m_all_incidents n ON n.tenant = w.tenant AND n.incident_id = w.target
    WHERE n.merged AND w.depth < 20
),
resolved AS (
    SELECT w.tenant, w.incident_id,
           CASE WHEN t.incident_id IS NOT NULL AND NOT t.merged THEN t.incident_id END AS final_id
    FROM walk w
    LEFT JOIN m_all_incidents t ON t.tenant = w.tenant AND t.incident_id = w.target
    QUALIFY row_number() OVER (PARTITION BY w.tenant, w.incident_id ORDER BY w.depth DESC) = 1
    UNION ALL
    SELECT tenant, incident_id, incident_id FROM m_all_incidents WHERE NOT merged
)
SELECT r.tenant, r.incident_id, r.final_id,
       i.classification AS final_classification,
       i.closed_by AS final_closed_by,
       i.created_at AS final_created_at
FROM resolved r
LEFT JOIN m_all_incidents i ON i.tenant = r.tenant AND i.incident_id = r.final_id;

