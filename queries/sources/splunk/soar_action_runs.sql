-- Splunk SOAR `/rest/action_run` → staged automation runs, one per action run (an app action
-- such as `block ip` or `file reputation`, run by a playbook or by hand). SOAR's action types
-- give the kind where they say it (contain, correct, investigate); generic ones go by name.
INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, 'action_run:' || src_get(j, 'id'), src_get(j, 'container'), NULL,
       coalesce(src_get(j, '_pretty_playbook'), 'playbook_run:' || src_get(j, 'playbook_run'), src_get(j, 'name'), src_get(j, 'action')),
       CASE lower(coalesce(src_get(j, 'type'), ''))
           WHEN 'contain' THEN 'contain' WHEN 'correct' THEN 'remediate' WHEN 'investigate' THEN 'enrich'
           ELSE src_action_kind(src_get(j, 'action')) END,
       src_time(coalesce(src_get(j, 'start_time'), src_get(j, 'create_time'))),
       src_time(coalesce(src_get(j, 'close_time'), src_get(j, 'end_time'))),
       CASE lower(src_get(j, 'status')) WHEN 'success' THEN 'success' WHEN 'failed' THEN 'failure' END,
       coalesce(src_get(j, 'approval.approver'), src_get(j, 'approver')),
       src_time(coalesce(src_get(j, 'approval.approval_time'), src_get(j, 'approval_time'))),
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;
