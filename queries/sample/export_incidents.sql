-- Sample generator, step 5: the canonical incidents.csv. '/*path*/' is the output path (quotes doubled).
COPY (
    SELECT tenant, incident_id, title, severity, status, classification,
           sr_iso(first_activity_at) AS first_activity_at,
           sr_iso(created_at) AS created_at,
           sr_iso(acknowledged_at) AS acknowledged_at,
           sr_iso(contained_at) AS contained_at,
           sr_iso(closed_at) AS closed_at,
           owner, closed_by, ai_assisted, redirected_to, category
    FROM sample_incidents
    ORDER BY i
) TO '/*path*/' (HEADER, DELIMITER ',');
