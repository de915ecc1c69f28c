-- Defender for Endpoint `investigations` API → staged automation runs: one per automated
-- investigation (AIR), linked to the alert that triggered it
-- (https://learn.microsoft.com/defender-endpoint/api/investigation).
INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, src_get(j, 'id'), NULL, src_get(j, 'triggeringAlertId'), 'Automated investigation',
       CASE WHEN lower(src_get(j, 'state')) LIKE '%remediated%' THEN 'remediate' ELSE 'enrich' END,
       src_time(src_get(j, 'startTime')), src_time(src_get(j, 'endTime')),
       CASE WHEN lower(src_get(j, 'state')) IN ('successfullyremediated', 'partiallyremediated', 'benign') THEN 'success'
            WHEN lower(src_get(j, 'state')) IN ('failed', 'terminatedbysystem', 'terminatedbyuser', 'partiallyinvestigated', 'innerfailure')
                THEN 'failure' END,
       NULL, NULL,
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;
