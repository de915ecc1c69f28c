-- The loadable rows of this load that another row with the same (tenant, id) supersedes, in the
-- kind's normalised table (the placeholders name it, its kind and its id column). When every row
-- of the id has a version (load/staging.sql, sg_row_versions: when its export says the entity was
-- last updated), the latest version wins; otherwise, and between rows of one version, the latest
-- file wins, and within a file the last row of an id (exports that write one row per update,
-- such as Sentinel's, end with the current state). Rows of one line (a vendor record can
-- yield several) are told apart by their values, so exactly one row per id is kept, the same one
-- on every run. Only ids seen more than once are compared. The merge (load/merge_*.sql) copies
-- every other loadable row; a table that adopts the rows (load/adopt_rows.sql) deletes these.
CREATE OR REPLACE TEMP TABLE sg_losing_rows AS
WITH candidates AS (
    -- The hashes of (tenant, id) seen more than once: millions of rows grouped by one number
    -- rather than by two texts. Rows that merely share a hash are told apart below.
    SELECT hash(tenant, /*id*/) AS h
    FROM /*norm*/
    WHERE _problem IS NULL
    GROUP BY h
    HAVING count(*) > 1
),
repeated AS (
    SELECT tenant, /*id*/ AS id
    FROM /*norm*/
    WHERE _problem IS NULL AND hash(tenant, /*id*/) IN (SELECT h FROM candidates)
    GROUP BY tenant, /*id*/
    HAVING count(*) > 1
),
versioned AS (
    SELECT n.rowid AS row_id, n.tenant, n./*id*/ AS id, n._file_seq, n._line, CAST(n AS VARCHAR) AS text,
           v.version_at,
           bool_and(v.version_at IS NOT NULL) OVER (PARTITION BY n.tenant, n./*id*/) AS all_versioned
    FROM /*norm*/ AS n
    JOIN repeated AS r ON r.tenant = n.tenant AND r.id = n./*id*/
    LEFT JOIN (SELECT _file_seq, _line, id, max(version_at) AS version_at
               FROM sg_row_versions WHERE kind = '/*kind*/'
               GROUP BY _file_seq, _line, id) AS v
           ON v._file_seq = n._file_seq AND v._line = n._line AND (v.id IS NULL OR v.id = n./*id*/)
    WHERE n._problem IS NULL
),
ranked AS (
    SELECT row_id, all_versioned,
           arg_max({'row_id': row_id, 'file': _file_seq},
                   (CASE WHEN all_versioned THEN version_at END, _file_seq, _line, text))
               OVER (PARTITION BY tenant, id) AS kept
    FROM versioned
)
-- by_version and kept_file_seq: whether versions decided, and the file of the row kept
-- (load/superseded_links.sql); load/stored_newer_rows.sql adds the rows a stored row supersedes,
-- with no kept file (NULL).
SELECT row_id, all_versioned AS by_version, kept.file AS kept_file_seq
FROM ranked
WHERE row_id <> kept.row_id;
