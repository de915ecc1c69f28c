-- Time saved by automation in the period (estimate): automation actions started in the period
-- (m_automation), grouped by action kind (a missing kind counts as `other`) and, for playbooks
-- with their own figure, by playbook. minutes_per_run: the playbook's figure ($2, JSON
-- [{"playbook", "minutes"}]), else the action kind's ($1, JSON [{"action", "minutes"}]), else 0.
-- Only successful runs (outcome = success) save time; failed runs and runs without a known
-- outcome are counted beside, never as saved.
WITH k AS (
    SELECT unnest(from_json($1, '[{"action": "VARCHAR", "minutes": "DOUBLE"}]'), recursive := true)
),
p AS (
    SELECT unnest(from_json($2, '[{"playbook": "VARCHAR", "minutes": "DOUBLE"}]'), recursive := true)
),
a AS (
    SELECT coalesce(m.action, 'other') AS action,
           p.playbook,
           m.outcome,
           coalesce(p.minutes, k.minutes, 0) AS minutes_per_run
    FROM m_automation m
    LEFT JOIN p ON p.playbook = m.playbook
    LEFT JOIN k ON k.action = coalesce(m.action, 'other')
)
SELECT action, playbook, minutes_per_run,
       count(*) FILTER (WHERE outcome = 'success') AS runs,
       count(*) FILTER (WHERE outcome = 'failure') AS failed,
       count(*) FILTER (WHERE outcome IS NULL OR outcome NOT IN ('success', 'failure')) AS unknown_outcome,
       -- one multiplication, not a sum of doubles whose order the threads decide
       count(*) FILTER (WHERE outcome = 'success') * minutes_per_run AS minutes_saved
FROM a
GROUP BY action, playbook, minutes_per_run
ORDER BY action, playbook NULLS FIRST;
