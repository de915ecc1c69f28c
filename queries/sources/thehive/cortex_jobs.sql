-- TheHive's Cortex runs → staged automation runs: responder actions (objectType case/alert,
-- objectId) and analyzer jobs (on an observable). Dates are epoch milliseconds. A responder is
-- launched by a person (or an API key): its creator is recorded as the run's approval.
INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, coalesce(src_get(j, '_id'), src_get(j, 'id')),
       CASE WHEN responder AND lower(src_get(j, 'objectType')) = 'case' THEN src_get(j, 'objectId') END,
       CASE WHEN responder AND lower(src_get(j, 'objectType')) = 'alert' THEN src_get(j, 'objectId') END,
       coalesce(src_get(j, 'responderName'), src_get(j, 'analyzerName'), src_get(j, 'responderId'), src_get(j, 'analyzerId')),
       CASE WHEN responder
            THEN src_action_kind(coalesce(src_get(j, 'responderName'), src_get(j, 'responderId')))
            ELSE 'enrich' END,
       src_time(src_get(j, 'startDate')), src_time(src_get(j, 'endDate')),
       CASE lower(src_get(j, 'status')) WHEN 'success' THEN 'success' WHEN 'failure' THEN 'failure' END,
       CASE WHEN responder THEN coalesce(src_get(j, '_createdBy'), src_get(j, 'createdBy')) END,
       CASE WHEN responder AND coalesce(src_get(j, '_createdBy'), src_get(j, 'createdBy')) IS NOT NULL
            THEN src_time(src_get(j, 'startDate')) END,
       getvariable('sg_file_seq'), k
FROM (SELECT k, j, coalesce(src_get(j, 'responderId'), src_get(j, 'responderName')) IS NOT NULL AS responder FROM sg_records)
ORDER BY k;
