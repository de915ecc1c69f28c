-- Defender legacy /api/incidents → staged incidents, and their nested alerts → staged alerts.
INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL, src_get(j, 'incidentId'), src_get(j, 'incidentName'), src_severity(src_get(j, 'severity')),
       src_defender_status(src_get(j, 'status'), src_get(j, 'assignedTo')),
       src_defender_verdict(src_get(j, 'classification')),
       NULL, src_time(src_get(j, 'createdTime')), NULL, NULL,
       src_defender_closed_at(j, 'resolvedTime', 'lastUpdateTime'),
       src_get(j, 'assignedTo'),
       src_defender_closed_by(src_get(j, 'status'), src_get(j, 'assignedTo')),
       NULL, src_get(j, 'redirectIncidentId'),
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
SELECT NULL, src_get(a, 'alertId'), coalesce(src_get(a, 'incidentId'), incident), src_get(a, 'title'), NULL,
       src_get(a, 'title'), concat_ws(' / ', src_get(a, 'serviceSource'), src_get(a, 'detectionSource')),
       src_product_domain(src_get(a, 'serviceSource')),
       src_severity(src_get(a, 'severity')), src_time(src_get(a, 'firstActivity')),
       src_time(src_get(a, 'creationTime')), src_defender_status(src_get(a, 'status'), src_get(a, 'assignedTo')),
       src_defender_verdict(src_get(a, 'classification')), src_time(src_get(a, 'resolvedTime')),
       src_defender_closed_by(src_get(a, 'status'), src_get(a, 'assignedTo')),
       src_tactic(src_get(a, 'category')), src_get(a, 'mitreTechniques'),
       (list_filter(list_transform(ents, lambda e: coalesce(json_extract_string(e, '$.userPrincipalName'),
                                                            json_extract_string(e, '$.accountName'))),
                    lambda v: v IS NOT NULL))[1],
       (list_filter(list_transform(devs, lambda e: json_extract_string(e, '$.deviceDnsName')), lambda v: v IS NOT NULL))[1],
       (list_filter(list_transform(ents, lambda e: json_extract_string(e, '$.ipAddress')), lambda v: v IS NOT NULL))[1],
       getvariable('sg_file_seq'), k
FROM (SELECT k, incident, a, TRY_CAST(json_extract(a, '$.entities') AS JSON[]) AS ents,
             TRY_CAST(json_extract(a, '$.devices') AS JSON[]) AS devs
      FROM (SELECT k, src_get(j, 'incidentId') AS incident, unnest(CAST(json_extract(j, '$.alerts') AS JSON[])) AS a
            FROM sg_records WHERE json_type(json_extract(j, '$.alerts')) = 'ARRAY'))
ORDER BY k;
