-- alert_fields: which canonical alert fields each export file fills, per tenant and file (see
-- incident_fields.sql; built whole at the end of every load for the same reason).
CREATE OR REPLACE TABLE alert_fields AS
SELECT tenant, source_file,
       bool_or(first_activity_at IS NOT NULL) AS first_activity_at,
       bool_or(verdict IS NOT NULL) AS verdict,
       bool_or(closed_by IS NOT NULL) AS closed_by,
       bool_or(domain IS NOT NULL) AS domain,
       bool_or(incident_id IS NOT NULL) AS links,
       -- An alert that names its own id as its incident (a Splunk ES notable is its incident
       -- and that incident's one alert) is linked, but says nothing of how alerts group into
       -- incidents.
       bool_or(incident_id <> alert_id) AS grouping,
       bool_or(category IS NOT NULL) AS category
FROM alerts
GROUP BY tenant, source_file
ORDER BY tenant, source_file;
