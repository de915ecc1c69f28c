-- Sentinel SentinelHealth rows → staged automation runs. Automation rule runs and playbook
-- triggers only (https://learn.microsoft.com/azure/sentinel/health-table-reference): rows of
-- data connectors and analytics rules are skipped and counted (stage_notes). An automation rule
-- row is one run of the rule and one run of each playbook it triggered (ExtendedProperties
-- TriggeredPlaybooks: RunId, WorkflowId); a playbook row (triggered on demand) names who started
-- it (TriggeredByName), recorded as approved_by: a person decided that run.
CREATE OR REPLACE TEMP TABLE src_health AS
SELECT k, j,
       lower(coalesce(src_col(j, 'SentinelResourceType'), '')) AS rtype,
       coalesce(CASE json_type(json_extract(j, '$.ExtendedProperties')) WHEN 'OBJECT' THEN json_extract(j, '$.ExtendedProperties') END,
                src_json(src_col(j, 'ExtendedProperties'))) AS ext
FROM sg_records;

INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, run_id, incident_id, NULL, playbook, action, started_at, NULL, outcome, approved_by, NULL,
       getvariable('sg_file_seq'), k
FROM (
    SELECT k, 0 AS part,
           coalesce(src_col(j, 'RecordId'), src_get(ext, 'RunId'),
                    'health:' || md5(concat_ws('|', src_col(j, 'TimeGenerated'), src_col(j, 'SentinelResourceId'),
                                               src_col(j, 'SentinelResourceName'), src_get(ext, 'IncidentName')))) AS run_id,
           coalesce(nullif(regexp_extract(coalesce(src_get(ext, 'IncidentName'), ''), '([^/]+)$', 1), ''), src_get(ext, 'IncidentNumber')) AS incident_id,
           src_col(j, 'SentinelResourceName') AS playbook,
           CASE WHEN rtype = 'automation rule' AND src_action_kind(src_col(j, 'SentinelResourceName')) = 'other' THEN 'triage'
                ELSE src_action_kind(src_col(j, 'SentinelResourceName')) END AS action,
           src_col_time(j, 'TimeGenerated') AS started_at,
           CASE lower(src_col(j, 'Status')) WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure'
                WHEN 'partial success' THEN 'failure' ELSE src_col(j, 'Status') END AS outcome,
           CASE WHEN rtype = 'playbook'
                THEN coalesce(src_get(ext, 'TriggeredByName.Name'), src_get(ext, 'TriggeredByName.UserPrincipalName'),
                              src_get(ext, 'TriggeredByName.Email'), src_get(ext, 'TriggeredByName.ObjectId'),
                              CASE json_type(json_extract(ext, '$.TriggeredByName')) WHEN 'VARCHAR' THEN src_get(ext, 'TriggeredByName') END) END AS approved_by
    FROM src_health
    WHERE rtype IN ('automation rule', 'playbook')
    UNION ALL
    SELECT k, i AS part,
           coalesce(src_get(p, 'RunId'), 'health:' || md5(concat_ws('|', src_col(j, 'RecordId'), CAST(i AS VARCHAR)))) AS run_id,
           coalesce(nullif(regexp_extract(coalesce(src_get(ext, 'IncidentName'), ''), '([^/]+)$', 1), ''), src_get(ext, 'IncidentNumber')),
           nullif(regexp_extract(coalesce(src_get(p, 'WorkflowId'), ''), '([^/]+)$', 1), ''),
           src_action_kind(regexp_extract(coalesce(src_get(p, 'WorkflowId'), ''), '([^/]+)$', 1)),
           src_col_time(j, 'TimeGenerated'),
           NULL, NULL
    FROM (SELECT k, j, ext, unnest(coalesce(TRY_CAST(json_extract(ext, '$.TriggeredPlaybooks') AS JSON[]),
                                            TRY_CAST(src_json(src_get(ext, 'TriggeredPlaybooks')) AS JSON[]), [])) AS p,
                 unnest(range(1, 1 + len(coalesce(TRY_CAST(json_extract(ext, '$.TriggeredPlaybooks') AS JSON[]),
                                                  TRY_CAST(src_json(src_get(ext, 'TriggeredPlaybooks')) AS JSON[]), [])))) AS i
          FROM src_health WHERE rtype = 'automation rule')
)
ORDER BY k, part;

INSERT INTO stage_notes
SELECT getvariable('sg_file_seq'), src_count_note(count(*), 'row', 'rows') || ' of other Sentinel resources skipped (' || coalesce(nullif(rtype, ''), 'no type') || ')', count(*)
FROM src_health
WHERE rtype NOT IN ('automation rule', 'playbook')
GROUP BY rtype
ORDER BY rtype;

DROP TABLE src_health;
