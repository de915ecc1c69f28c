-- Sample generator, step 4: automation actions. Enrichment and triage playbooks run on the
-- stage's share of incidents a minute or two after creation; less mature stages only notify;
-- containment and remediation run on true positives, approved by an analyst in the stage's share
-- of cases (human oversight). Actions that would start after the export moment have not run yet.
CREATE OR REPLACE TEMP TABLE sample_automation AS
WITH p AS (SELECT * FROM sp),
candidates AS (
    SELECT inc.i, inc.tenant, inc.incident_id, inc.created_at, inc.contained_at, inc.closed_at_true,
           inc.is_closed, inc.analyst, inc.truth,
           sr_w(inc.i, 0.5677643628300219) < p.enrich_triage AS enriched,
           sr_w(inc.i, 0.3851648071345040) < p.notify_only AS notified,
           inc.contained_at IS NOT NULL AND sr_u(inc.i, 71) < p.containment_automation AS auto_contained,
           sr_w(inc.i, 0.7958315233127195) < p.oversight AS approved,
           p.end_at
    FROM sample_incidents inc, p
    WHERE NOT inc.merged
),
actions AS (
    SELECT c.*, a.*
    FROM candidates c,
         (SELECT unnest([
             {'n': 1, 'action': 'enrich', 'playbook': 'Enrich IP and user context', 'after_min': 1.0},
             {'n': 2, 'action': 'triage', 'playbook': 'Triage and score incident', 'after_min': 3.0},
             {'n': 3, 'action': 'notify', 'playbook': 'Notify asset owner', 'after_min': 5.0},
             {'n': 4, 'action': 'contain', 'playbook': 'Isolate compromised device', 'after_min': NULL},
             {'n': 5, 'action': 'remediate', 'playbook': 'Reset credentials and revoke sessions', 'after_min': NULL}
         ], recursive := true)) a
    WHERE (a.action = 'enrich' AND c.enriched)
       OR (a.action = 'triage' AND c.enriched AND sr_u(c.i, 72) < 0.6)
       OR (a.action = 'notify' AND (c.notified OR (c.enriched AND sr_u(c.i, 73) < 0.3)))
       OR (a.action = 'contain' AND c.auto_contained)
       OR (a.action = 'remediate' AND c.auto_contained AND c.is_closed AND sr_u(c.i, 74) < 0.5)
),
timed AS (
    SELECT a.*,
           CASE WHEN a.action = 'contain' THEN a.contained_at - INTERVAL 1 MINUTE
                WHEN a.action = 'remediate' THEN a.closed_at_true - INTERVAL 10 MINUTE
                ELSE a.created_at + to_microseconds(CAST(60e6 * a.after_min * (1 + sr_u(a.i * 10 + a.n, 75)) AS BIGINT)) END AS started_at
    FROM actions a
)
-- Ids come from the generator's keys (incident row, action), not from a sort.
SELECT 'RUN-' || lpad(CAST(i + 1 AS VARCHAR), 8, '0') || '-' || CAST(n AS VARCHAR) AS run_id,
       tenant, incident_id, NULL AS alert_id, playbook, action, started_at,
       started_at + to_microseconds(CAST(60e6 * (0.2 + 3 * sr_u(i * 10 + n, 76)) AS BIGINT)) AS finished_at,
       CASE WHEN sr_u(i * 10 + n, 77) < 0.96 THEN 'success' ELSE 'failure' END AS outcome,
       CASE WHEN action IN ('contain', 'remediate') AND approved THEN analyst END AS approved_by,
       CASE WHEN action IN ('contain', 'remediate') AND approved THEN started_at - INTERVAL 3 MINUTE END AS approved_at
FROM timed
WHERE started_at < end_at;
