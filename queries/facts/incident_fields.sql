-- incident_fields: which canonical incident fields each export file fills, per tenant and file
-- (a few rows). metrics/availability.sql judges from these rows what the exports can give,
-- instead of scanning every incident on every run. Built whole at the end of every load (a
-- grouping of the incidents, cheap next to the load): a replaced row can take the last value of
-- a field out of a file, so an update of only the touched rows would not be exact.
CREATE OR REPLACE TABLE incident_fields AS
SELECT tenant, source_file,
       bool_or(first_activity_at IS NOT NULL) AS first_activity_at,
       bool_or(acknowledged_at IS NOT NULL) AS acknowledged_at,
       bool_or(contained_at IS NOT NULL) AS contained_at,
       bool_or(closed_at IS NOT NULL) AS closed_at,
       -- Every incident of the file still open (new or active): it shows no close time because
       -- none closed (metrics/availability.sql).
       bool_and(coalesce(status IN ('new', 'active'), false)) AS all_open,
       bool_or(classification IS NOT NULL) AS verdict,
       bool_or(closed_by IS NOT NULL) AS closed_by,
       bool_or(ai_assisted IS NOT NULL) AS ai_assisted,
       bool_or(category IS NOT NULL) AS category,
       bool_or(owner IS NOT NULL) AS owner
FROM incidents
GROUP BY tenant, source_file
ORDER BY tenant, source_file;
