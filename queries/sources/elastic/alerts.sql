-- Elastic Security 8.x+ alert documents → staged alerts. Keys may be nested or flattened
-- (src_get reads both). Building-block alerts are set aside as rejected rows with the reason.
INSERT INTO stage_malformed (_file_seq, line, "column", value, reason)
SELECT getvariable('sg_file_seq'), k, 'kibana.alert.building_block_type', src_get(j, 'kibana.alert.building_block_type'),
       'building-block alert: not shown to analysts, so not counted as an alert'
FROM sg_records
WHERE src_get(j, 'kibana.alert.building_block_type') IS NOT NULL
ORDER BY k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
WITH r AS (
    SELECT k, j,
           lower(src_first(src_get(j, 'kibana.alert.workflow_status'))) AS wf,
           lower(src_first(src_get(j, 'kibana.alert.workflow_reason'))) AS reason,
           coalesce(src_get(j, 'kibana.alert.rule.tags'), '[]') AS tags,
           coalesce(src_get(j, 'kibana.alert.workflow_tags'), '[]') AS wf_tags
    FROM sg_records
    WHERE src_get(j, 'kibana.alert.building_block_type') IS NULL
)
SELECT NULL,
       coalesce(src_first(src_get(j, 'kibana.alert.uuid')), src_get(j, '_id')),
       src_first(src_get(j, 'kibana.alert.case_ids')),
       coalesce(src_first(src_get(j, 'kibana.alert.reason')), src_first(src_get(j, 'kibana.alert.rule.name'))),
       coalesce(src_first(src_get(j, 'kibana.alert.rule.rule_id')), src_first(src_get(j, 'kibana.alert.rule.parameters.rule_id')),
                src_first(src_get(j, 'kibana.alert.rule.uuid'))),
       src_first(src_get(j, 'kibana.alert.rule.name')),
       coalesce(src_first(src_get(j, 'event.module')), src_first(src_get(j, 'event.dataset')), 'Elastic Security'),
       src_domain_tag(tags),
       src_severity(src_first(src_get(j, 'kibana.alert.severity'))),
       src_time(src_first(src_get(j, 'kibana.alert.original_time'))),
       src_time(coalesce(src_first(src_get(j, 'kibana.alert.start')), src_first(src_get(j, '@timestamp')))),
       src_elastic_status(wf),
       CASE WHEN reason IN ('true_positive', 'benign_positive', 'false_positive') THEN reason
            WHEN reason IS NULL AND list_contains(list_transform(TRY_CAST(src_json(wf_tags) AS VARCHAR[]), lambda t: lower(t)), 'false positive') THEN 'false_positive' END,
       CASE WHEN wf = 'closed' THEN src_time(src_first(src_get(j, 'kibana.alert.workflow_status_updated_at'))) END,
       CASE WHEN wf = 'closed' THEN CASE WHEN reason = 'automated_closure' THEN 'automation'
                                         WHEN src_first(src_get(j, 'kibana.alert.workflow_user')) IS NOT NULL THEN 'human' END END,
       src_rule_tactics(j, 'kibana.alert.rule.threat'),
       src_rule_techniques(j, 'kibana.alert.rule.threat'),
       src_ecs_user(j), src_ecs_host(j), src_ecs_ip(j),
       getvariable('sg_file_seq'), k
FROM r
ORDER BY k;
