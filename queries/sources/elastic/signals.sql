-- Elastic Security 7.x alert documents (`signal.*`) → staged alerts. A 7.x document body has no
-- id of its own unless the export kept `_id`: then the document's hash stands in.
-- Building-block signals are set aside as rejected rows with the reason, as in 8.x.
INSERT INTO stage_malformed (_file_seq, line, "column", value, reason)
SELECT getvariable('sg_file_seq'), k, 'signal.rule.building_block_type', src_get(j, 'signal.rule.building_block_type'),
       'building-block alert: not shown to analysts, so not counted as an alert'
FROM sg_records
WHERE src_get(j, 'signal.rule.building_block_type') IS NOT NULL
ORDER BY k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
WITH r AS (
    SELECT k, j
    FROM sg_records
    WHERE src_get(j, 'signal.rule.building_block_type') IS NULL
)
SELECT NULL,
       coalesce(src_get(j, '_id'), src_get(j, 'signal.id'), md5(CAST(j AS VARCHAR))),
       NULL,
       coalesce(src_get(j, 'signal.reason'), src_get(j, 'signal.rule.name')),
       coalesce(src_get(j, 'signal.rule.rule_id'), src_get(j, 'signal.rule.id')),
       src_get(j, 'signal.rule.name'),
       coalesce(src_get(j, 'event.module'), src_get(j, 'event.dataset'), 'Elastic Security'),
       src_domain_tag(src_get(j, 'signal.rule.tags')),
       src_severity(src_get(j, 'signal.rule.severity')),
       src_time(src_get(j, 'signal.original_time')),
       src_time(src_get(j, '@timestamp')),
       src_elastic_status(lower(src_get(j, 'signal.status'))),
       NULL, NULL, NULL,
       src_rule_tactics(j, 'signal.rule.threat'),
       src_rule_techniques(j, 'signal.rule.threat'),
       src_ecs_user(j), src_ecs_host(j), src_ecs_ip(j),
       getvariable('sg_file_seq'), k
FROM r
ORDER BY k;
