-- Loadable incidents rows of this load replace the stored rows with the same (tenant, incident_id).
-- Within this load the latest file wins, and within a file the last row of an id wins (exports
-- that write one row per update, such as Sentinel's, end with the current state).
DELETE FROM incidents AS stored
USING (SELECT DISTINCT tenant, incident_id FROM norm_incidents WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.incident_id = incoming.incident_id;

INSERT INTO incidents
SELECT n.tenant, n.incident_id, n.title, n.severity, n.status, n.classification, n.first_activity_at, n.created_at, n.acknowledged_at, n.contained_at, n.closed_at, n.owner, n.closed_by, n.ai_assisted, n.redirected_to,
       (SELECT load_id FROM sg_settings), f.file, n._line
FROM norm_incidents AS n JOIN stage_files AS f USING (_file_seq)
WHERE n._problem IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM norm_incidents AS later
      WHERE later.tenant = n.tenant AND later.incident_id = n.incident_id AND later._problem IS NULL
        AND (later._file_seq, later._line) > (n._file_seq, n._line)
  );
