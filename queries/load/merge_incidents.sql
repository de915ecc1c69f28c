-- Loadable incidents rows of this load replace the stored rows with the same (tenant, incident_id)
-- (deleted first by replace_incidents.sql).
-- Within this load the latest file wins, and within a file the last row of an id wins (exports
-- that write one row per update, such as Sentinel's, end with the current state). Rows of one
-- line (a vendor record can yield several) are told apart by their values, so exactly one row
-- per id is kept, the same one on every run. Only ids seen more than once are compared.
INSERT INTO incidents
WITH candidates AS (
    -- The hashes of (tenant, incident_id) seen more than once: millions of rows grouped by one
    -- number rather than by two texts. Rows that merely share a hash are told apart below.
    SELECT hash(tenant, incident_id) AS h
    FROM norm_incidents
    WHERE _problem IS NULL
    GROUP BY h
    HAVING count(*) > 1
),
repeated AS (
    SELECT tenant, incident_id
    FROM norm_incidents
    WHERE _problem IS NULL AND hash(tenant, incident_id) IN (SELECT h FROM candidates)
    GROUP BY tenant, incident_id
    HAVING count(*) > 1
),
kept AS (
    SELECT arg_max(n.rowid, (n._file_seq, n._line, CAST(n AS VARCHAR))) AS row_id
    FROM norm_incidents AS n
    JOIN repeated AS r ON r.tenant = n.tenant AND r.incident_id = n.incident_id
    WHERE n._problem IS NULL
    GROUP BY n.tenant, n.incident_id
)
SELECT n.tenant, n.incident_id, n.title, n.severity, n.status, n.classification, n.first_activity_at, n.created_at, n.acknowledged_at, n.contained_at, n.closed_at, n.owner, n.closed_by, n.ai_assisted, n.redirected_to,
       (SELECT load_id FROM sg_settings), f.file, n._line, n.category
FROM norm_incidents AS n
JOIN stage_files AS f USING (_file_seq)
LEFT JOIN repeated AS r ON r.tenant = n.tenant AND r.incident_id = n.incident_id
LEFT JOIN kept AS k ON k.row_id = n.rowid
WHERE n._problem IS NULL
  AND (r.incident_id IS NULL OR k.row_id IS NOT NULL);
