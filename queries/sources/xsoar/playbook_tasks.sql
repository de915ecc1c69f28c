-- Cortex XSOAR work plans → staged automation runs: one per task that ran a script or
-- integration command, in the work plan and in the sub-playbooks its `playbook` tasks ran
-- (`subPlaybook.tasks`, at any depth: vendor playbooks are mostly sub-playbooks). A sub-playbook's
-- task is numbered by the path of tasks that ran it (`1/2`: task 2 of the sub-playbook of task
-- 1) and counted under the sub-playbook's name. A manual or conditional task that a person (not
-- DBot) completed, and whose next tasks (`nextTasks`, any branch, in the same playbook) include
-- a task, is that task's approval.
-- A task the running playbook has not reached: no state and no start (`0001-…`, XSOAR's never).
CREATE OR REPLACE TEMP MACRO src_xsoar_not_reached(state, started) AS state = '' AND started IS NULL;

CREATE OR REPLACE TEMP TABLE src_xsoar_tasks AS
WITH RECURSIVE plans(k, incident, playbook, scope, tasks) AS (
    SELECT k, coalesce(src_get(j, 'incidentId'), src_get(j, 'investigationId'), src_get(j, 'id')),
           coalesce(src_get(j, 'name'), src_get(j, 'playbookId'), src_get(j, 'playbook.id')),
           '', json_extract(j, '$.tasks')
    FROM sg_records
    WHERE json_type(json_extract(j, '$.tasks')) IN ('OBJECT', 'ARRAY')
    UNION ALL
    SELECT p.k, p.incident,
           coalesce(src_get(t.value, 'subPlaybook.name'), src_get(t.value, 'subPlaybook.playbookId'), p.playbook),
           p.scope || coalesce(src_get(t.value, 'id'), t.key) || '/',
           json_extract(t.value, '$.subPlaybook.tasks')
    FROM plans AS p, json_each(p.tasks) AS t
    WHERE json_type(json_extract(t.value, '$.subPlaybook.tasks')) IN ('OBJECT', 'ARRAY')
)
SELECT p.k, p.incident, p.playbook, p.scope,
       t.key AS task_key, t.value AS t,
       coalesce(src_get(t.value, 'id'), t.key) AS task_id,
       coalesce(src_get(t.value, 'task.scriptId'), src_get(t.value, 'scriptId')) AS script,
       coalesce(src_get(t.value, 'task.name'), src_get(t.value, 'name')) AS task_name,
       lower(coalesce(src_get(t.value, 'type'), src_get(t.value, 'task.type'), '')) AS task_type,
       lower(coalesce(src_get(t.value, 'state'), '')) AS state,
       CASE WHEN starts_with(coalesce(src_get(t.value, 'startDate'), ''), '0001-') THEN NULL ELSE src_get(t.value, 'startDate') END AS started,
       CASE WHEN starts_with(coalesce(src_get(t.value, 'completedDate'), ''), '0001-') THEN NULL ELSE src_get(t.value, 'completedDate') END AS completed,
       src_get(t.value, 'completedBy') AS completed_by
FROM plans AS p, json_each(p.tasks) AS t;

CREATE OR REPLACE TEMP TABLE src_xsoar_approvals AS
SELECT incident, scope, next_id, arg_min(completed_by, completed) AS approver, min(completed) AS approved
FROM (SELECT m.incident, m.scope, m.completed_by, m.completed, n.value ->> '$' AS next_id
      FROM src_xsoar_tasks m, json_each(json_extract(m.t, '$.nextTasks')) AS b, json_each(b.value) AS n
      WHERE m.script IS NULL AND m.completed_by IS NOT NULL AND lower(m.completed_by) NOT IN ('dbot', 'system')
        AND json_type(json_extract(m.t, '$.nextTasks')) = 'OBJECT' AND json_type(b.value) = 'ARRAY')
GROUP BY incident, scope, next_id;

INSERT INTO stage_automation (tenant, run_id, incident_id, alert_id, playbook, action, started_at, finished_at, outcome,
                              approved_by, approved_at, _file_seq, _line)
SELECT NULL, t.incident || ':' || t.scope || t.task_id, t.incident, NULL, t.playbook,
       src_action_kind(concat_ws(' ', t.task_name, t.script)),
       src_time(t.started), src_time(t.completed),
       CASE t.state WHEN 'completed' THEN 'success' WHEN 'error' THEN 'failure' END,
       a.approver, src_time(a.approved),
       getvariable('sg_file_seq'), t.k
FROM src_xsoar_tasks t
LEFT JOIN src_xsoar_approvals a ON a.incident = t.incident AND a.scope = t.scope AND a.next_id = t.task_id
WHERE t.script IS NOT NULL AND t.state <> 'willnotbeexecuted' AND NOT src_xsoar_not_reached(t.state, t.started)
ORDER BY t.k, t.scope, TRY_CAST(t.task_id AS INTEGER), t.task_id;

INSERT INTO stage_notes
SELECT getvariable('sg_file_seq'), src_count_note(count(*), 'work-plan task', 'work-plan tasks') || note, count(*) FROM (
    SELECT CASE WHEN script IS NULL THEN ' without a script skipped (manual, conditional, titles, sub-playbook headers)'
                WHEN state = 'willnotbeexecuted' THEN ' never run skipped (WillNotBeExecuted)'
                ELSE ' not reached yet skipped (no state, never started: the playbook is still running)' END AS note
    FROM src_xsoar_tasks
    WHERE script IS NULL OR state = 'willnotbeexecuted' OR src_xsoar_not_reached(state, started))
GROUP BY note ORDER BY note;

DROP TABLE src_xsoar_approvals;
DROP TABLE src_xsoar_tasks;
