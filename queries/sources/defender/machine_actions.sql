-- Defender for Endpoint `machineactions` API → staged automation runs: response actions on
-- devices (https://learn.microsoft.com/defender-endpoint/api/machineaction). The requestor asked
-- for the action: recorded as its approval.
INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, src_get(j, 'id'), NULL, NULL,
       'Device action: ' || coalesce(src_get(j, 'type'), '?'),
       src_action_kind(src_get(j, 'type')),
       src_time(src_get(j, 'creationDateTimeUtc')),
       CASE WHEN lower(src_get(j, 'status')) IN ('succeeded', 'failed', 'timeout', 'cancelled')
            THEN src_time(src_get(j, 'lastUpdateDateTimeUtc')) END,
       CASE lower(src_get(j, 'status')) WHEN 'succeeded' THEN 'success' WHEN 'failed' THEN 'failure'
            WHEN 'timeout' THEN 'failure' WHEN 'cancelled' THEN 'failure' END,
       src_get(j, 'requestor'),
       CASE WHEN src_get(j, 'requestor') IS NOT NULL THEN src_time(src_get(j, 'creationDateTimeUtc')) END,
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;
