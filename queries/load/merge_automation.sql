-- Loadable automation rows of this load replace the stored rows with the same (tenant, run_id)
-- (deleted first by replace_automation.sql).
-- Within this load the latest file wins, and within a file the last row of an id wins (exports
-- that write one row per update, such as Sentinel's, end with the current state). Rows of one
-- line (a vendor record can yield several) are told apart by their values, so exactly one row
-- per id is kept, the same one on every run. Only ids seen more than once are compared.
INSERT INTO automation
WITH candidates AS (
    -- The hashes of (tenant, run_id) seen more than once: millions of rows grouped by one
    -- number rather than by two texts. Rows that merely share a hash are told apart below.
    SELECT hash(tenant, run_id) AS h
    FROM norm_automation
    WHERE _problem IS NULL
    GROUP BY h
    HAVING count(*) > 1
),
repeated AS (
    SELECT tenant, run_id
    FROM norm_automation
    WHERE _problem IS NULL AND hash(tenant, run_id) IN (SELECT h FROM candidates)
    GROUP BY tenant, run_id
    HAVING count(*) > 1
),
kept AS (
    SELECT arg_max(n.rowid, (n._file_seq, n._line, CAST(n AS VARCHAR))) AS row_id
    FROM norm_automation AS n
    JOIN repeated AS r ON r.tenant = n.tenant AND r.run_id = n.run_id
    WHERE n._problem IS NULL
    GROUP BY n.tenant, n.run_id
)
SELECT n.tenant, n.run_id, n.incident_id, n.alert_id, n.playbook, n.action, n.started_at, n.finished_at, n.outcome, n.approved_by, n.approved_at,
       (SELECT load_id FROM sg_settings), f.file, n._line
FROM norm_automation AS n
JOIN stage_files AS f USING (_file_seq)
LEFT JOIN repeated AS r ON r.tenant = n.tenant AND r.run_id = n.run_id
LEFT JOIN kept AS k ON k.row_id = n.rowid
WHERE n._problem IS NULL
  AND (r.run_id IS NULL OR k.row_id IS NOT NULL);
