-- Sample generator, step 5: the canonical alerts.csv. /*path*/ is the quoted output path.
COPY (
    SELECT tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
           strftime(first_activity_at, '%Y-%m-%dT%H:%M:%SZ') AS first_activity_at,
           strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
           status, verdict,
           strftime(closed_at, '%Y-%m-%dT%H:%M:%SZ') AS closed_at,
           closed_by, tactics, techniques, entity_user, entity_host, entity_ip
    FROM sample_alerts
    ORDER BY created_at, src, k
) TO /*path*/ (HEADER, DELIMITER ',');
