-- Splunk SOAR `/rest/playbook_run` → staged automation runs, one per playbook run on a container
-- (the SOAR case or event). The REST record names the playbook by id; `_pretty_playbook` (with
-- `?pretty`), `playbook_name` or the run's `message` JSON carry its name when the export kept it.
INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, 'playbook_run:' || src_get(j, 'id'), src_get(j, 'container'), NULL, name,
       src_action_kind(name),
       src_time(src_get(j, 'start_time')),
       CASE WHEN lower(src_get(j, 'status')) IN ('success', 'failed') THEN src_time(src_get(j, 'update_time')) END,
       CASE lower(src_get(j, 'status')) WHEN 'success' THEN 'success' WHEN 'failed' THEN 'failure' END,
       NULL, NULL,
       getvariable('sg_file_seq'), k
FROM (SELECT k, j,
             coalesce(src_get(j, '_pretty_playbook'), src_get(j, 'playbook_name'),
                      src_get(src_json(src_get(j, 'message')), 'playbook'), src_get(j, 'playbook')) AS name
      FROM sg_records)
ORDER BY k;
