-- Sentinel REST API alerts of an incident → staged alerts.
INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
SELECT NULL,
       coalesce(src_get(j, 'properties.systemAlertId'), src_get(j, 'name')),
       NULL,
       src_get(j, 'properties.alertDisplayName'),
       src_get(j, 'properties.alertType'),
       src_get(j, 'properties.alertDisplayName'),
       src_get(j, 'properties.productName'),
       src_product_domain(concat_ws(' ', src_get(j, 'properties.productName'), src_get(j, 'properties.productComponentName'))),
       src_get(j, 'properties.severity'),
       src_time(src_get(j, 'properties.startTimeUtc')),
       src_time(coalesce(src_get(j, 'properties.timeGenerated'), src_get(j, 'properties.processingEndTime'))),
       CASE lower(src_get(j, 'properties.status')) WHEN 'unknown' THEN NULL ELSE src_get(j, 'properties.status') END,
       NULL, NULL, NULL,
       nullif(array_to_string(list_filter(list_transform(TRY_CAST(json_extract_string(j, '$.properties.tactics[*]') AS VARCHAR[]),
                                                          lambda t: src_tactic(t)), lambda t: t IS NOT NULL), ';'), ''),
       NULL, NULL, NULL, NULL,
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;
