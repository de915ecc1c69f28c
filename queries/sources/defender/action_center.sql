-- Defender Action center history export → staged automation runs, one per remediation action.
-- Columns as the portal exports them (`Action update time`) or as its API names them
-- (`ActionUpdateTime`). Actions an analyst took by hand are not automation: skipped and counted.
CREATE OR REPLACE TEMP MACRO src_ac(j, spaced, joined) AS coalesce(src_col(j, spaced), src_col(j, joined));

CREATE OR REPLACE TEMP TABLE src_ac_rows AS
SELECT k, j, lower(coalesce(src_ac(j, 'Action source', 'ActionSource'), '')) AS action_source
FROM sg_records;

INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL,
       'ac:' || md5(concat_ws('|', src_ac(j, 'Approval ID', 'ApprovalId'), src_ac(j, 'Investigation ID', 'InvestigationId'),
                              src_ac(j, 'Action type', 'ActionType'), src_ac(j, 'Entity type', 'EntityType'),
                              src_col(j, 'Asset'), src_ac(j, 'Action update time', 'ActionUpdateTime'))),
       NULL, NULL,
       coalesce(src_ac(j, 'Action source', 'ActionSource'), 'Automated investigation'),
       src_action_kind(src_ac(j, 'Action type', 'ActionType')),
       coalesce(src_col_time(j, 'Action update time'), src_col_time(j, 'ActionUpdateTime')),
       NULL,
       CASE WHEN regexp_matches(lower(coalesce(src_col(j, 'Status'), '')), 'complet|success') THEN 'success'
            WHEN regexp_matches(lower(coalesce(src_col(j, 'Status'), '')), 'fail|error') THEN 'failure' END,
       approver,
       CASE WHEN approver IS NOT NULL THEN coalesce(src_col_time(j, 'Action update time'), src_col_time(j, 'ActionUpdateTime')) END,
       getvariable('sg_file_seq'), k
FROM (SELECT *, CASE WHEN lower(coalesce(src_col(j, 'Decision'), 'approved')) LIKE '%approved%'
                          AND NOT regexp_matches(lower(coalesce(src_ac(j, 'Decided by', 'DecidedBy'), 'automation')), 'automat|system|^air$|microsoft')
                     THEN src_ac(j, 'Decided by', 'DecidedBy') END AS approver
      FROM src_ac_rows
      WHERE NOT (starts_with(action_source, 'manual') OR starts_with(action_source, 'live response')))
ORDER BY k;

INSERT INTO stage_notes
SELECT getvariable('sg_file_seq'), src_count_note(count(*), 'action', 'actions') || ' taken by hand skipped (not automation: ' || action_source || ')', count(*)
FROM src_ac_rows
WHERE starts_with(action_source, 'manual') OR starts_with(action_source, 'live response')
GROUP BY action_source
ORDER BY action_source;

DROP TABLE src_ac_rows;
