-- TheHive alerts → staged alerts. TheHive 5: `stage` New / InProgress / Imported / Closed and a
-- resolution `status`; TheHive 4: `status` New / Updated / Ignored / Imported.
INSERT INTO stage_malformed (_file_seq, line, "column", value, reason)
SELECT getvariable('sg_file_seq'), k, '_type', src_get(j, '_type'), 'not an alert: a TheHive ' || src_get(j, '_type') || ' record'
FROM sg_records
WHERE lower(coalesce(src_get(j, '_type'), 'alert')) <> 'alert'
ORDER BY k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
SELECT NULL, coalesce(src_get(j, '_id'), src_get(j, 'id')),
       coalesce(src_get(j, 'caseId'), src_get(j, 'case')),
       src_get(j, 'title'), NULL, src_get(j, 'title'),
       src_get(j, 'source'), src_product_domain(src_get(j, 'source')),
       CASE src_get(j, 'severity') WHEN '1' THEN 'low' WHEN '2' THEN 'medium' WHEN '3' THEN 'high' WHEN '4' THEN 'critical'
            ELSE coalesce(src_get(j, 'severityLabel'), src_get(j, 'severity')) END,
       src_time(src_get(j, 'date')),
       src_time(coalesce(src_get(j, 'newDate'), src_get(j, '_createdAt'), src_get(j, 'createdAt'))),
       CASE lower(coalesce(src_get(j, 'stage'), src_get(j, 'status')))
           WHEN 'new' THEN 'new' WHEN 'updated' THEN 'new' WHEN 'inprogress' THEN 'active'
           WHEN 'imported' THEN 'closed' WHEN 'closed' THEN 'closed' WHEN 'ignored' THEN 'closed' END,
       CASE lower(src_get(j, 'status')) WHEN 'truepositive' THEN 'true_positive' WHEN 'falsepositive' THEN 'false_positive'
                                        WHEN 'indeterminate' THEN 'undetermined' END,
       src_time(coalesce(src_get(j, 'closedDate'), src_get(j, 'importedDate'))),
       NULL, NULL, NULL, NULL, NULL, NULL,
       getvariable('sg_file_seq'), k
FROM sg_records
WHERE lower(coalesce(src_get(j, '_type'), 'alert')) = 'alert'
ORDER BY k;
