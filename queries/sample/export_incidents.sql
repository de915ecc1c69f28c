-- Sample generator, step 5: the canonical incidents.csv. /*path*/ is the quoted output path.
COPY (
    SELECT tenant, incident_id, title, severity, status, classification,
           strftime(first_activity_at, '%Y-%m-%dT%H:%M:%SZ') AS first_activity_at,
           strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
           strftime(acknowledged_at, '%Y-%m-%dT%H:%M:%SZ') AS acknowledged_at,
           strftime(contained_at, '%Y-%m-%dT%H:%M:%SZ') AS contained_at,
           strftime(closed_at, '%Y-%m-%dT%H:%M:%SZ') AS closed_at,
           owner, closed_by, ai_assisted, redirected_to
    FROM sample_incidents
    ORDER BY i
) TO /*path*/ (HEADER, DELIMITER ',');
