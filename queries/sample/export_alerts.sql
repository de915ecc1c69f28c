-- Sample generator, step 5: the canonical alerts.csv. '/*path*/' is the output path (quotes doubled).
COPY (
    SELECT tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
           sr_iso(first_activity_at) AS first_activity_at,
           sr_iso(created_at) AS created_at,
           status, verdict,
           sr_iso(closed_at) AS closed_at,
           closed_by, tactics, techniques, entity_user, entity_host, entity_ip
    FROM sample_alerts
    ORDER BY created_at, src, k
) TO '/*path*/' (HEADER, DELIMITER ',');
