-- Loadable automation rows of this load replace the stored rows with the same (tenant, run_id).
-- Within this load the latest file wins, and within a file the last row of an id wins (exports
-- that write one row per update, such as Sentinel's, end with the current state).
DELETE FROM automation AS stored
USING (SELECT DISTINCT tenant, run_id FROM norm_automation WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.run_id = incoming.run_id;

INSERT INTO automation
SELECT n.tenant, n.run_id, n.incident_id, n.alert_id, n.playbook, n.action, n.started_at, n.finished_at, n.outcome, n.approved_by, n.approved_at,
       (SELECT load_id FROM sg_settings), f.file, n._line
FROM norm_automation AS n JOIN stage_files AS f USING (_file_seq)
WHERE n._problem IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM norm_automation AS later
      WHERE later.tenant = n.tenant AND later.run_id = n.run_id AND later._problem IS NULL
        AND (later._file_seq, later._line) > (n._file_seq, n._line)
  );
