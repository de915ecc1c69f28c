-- Defender XDR Graph alerts (security/alerts_v2) → staged alerts. Entities come from the typed
-- evidence list (userEvidence, deviceEvidence, ipEvidence).
INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
SELECT NULL, src_get(a, 'id'), src_get(a, 'incidentId'), src_get(a, 'title'), src_get(a, 'detectorId'),
       src_get(a, 'title'), concat_ws(' / ', src_get(a, 'serviceSource'), src_get(a, 'detectionSource')),
       src_product_domain(src_get(a, 'serviceSource')),
       src_severity(src_get(a, 'severity')), src_time(src_get(a, 'firstActivityDateTime')),
       src_time(src_get(a, 'createdDateTime')), src_defender_status(src_get(a, 'status'), src_get(a, 'assignedTo')),
       src_defender_verdict(src_get(a, 'classification')), src_time(src_get(a, 'resolvedDateTime')),
       CASE WHEN lower(src_get(a, 'status')) = 'resolved'
            THEN CASE WHEN lower(src_get(a, 'assignedTo')) = 'automation' THEN 'automation'
                      WHEN src_get(a, 'assignedTo') IS NOT NULL THEN 'human' END END,
       src_tactic(src_get(a, 'category')), src_get(a, 'mitreTechniques'),
       (list_filter(list_transform(ev, lambda e: coalesce(json_extract_string(e, '$.userAccount.userPrincipalName'),
                                                          json_extract_string(e, '$.userAccount.accountName'))),
                    lambda v: v IS NOT NULL))[1],
       (list_filter(list_transform(ev, lambda e: json_extract_string(e, '$.deviceDnsName')), lambda v: v IS NOT NULL))[1],
       (list_filter(list_transform(ev, lambda e: json_extract_string(e, '$.ipAddress')), lambda v: v IS NOT NULL))[1],
       getvariable('sg_file_seq'), k
FROM (SELECT j AS a, k, TRY_CAST(json_extract(j, '$.evidence') AS JSON[]) AS ev FROM sg_records)
ORDER BY k;
