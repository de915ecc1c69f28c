-- Loadable rows of this load that a stored row of the same id supersedes (schema.sql,
-- row_versions): the stored row is ranked as a row of an earlier file of this load would be
-- (load/losing_rows.sql). When every row of the id in this load has a version too, and the
-- latest of them is older than the stored one, the stored row stays: an older export loaded
-- after a newer one does not take back the newer state. Otherwise (a row without a version, such
-- as a canonical file's; the same version) this load wins as the later one, as files without
-- versions do (and load/record_row_versions.sql then stores no version for the id, so that the
-- next load ranks against it as one load of every file would). Every row of such an id is marked
-- as losing with no kept file (kept_file_seq NULL: the stored row stays), those that already
-- lost to another row of this load too, so that each file of the id is told
-- (load/stored_newer_counts.sql). The placeholders name the kind's normalised table, its kind
-- and its id column.
CREATE OR REPLACE TEMP TABLE sg_stored_newer AS
WITH incoming AS (
    SELECT n.rowid AS row_id, n.tenant, n./*id*/ AS id, v.version_at, s.version_at AS stored_at
    FROM /*norm*/ AS n
    JOIN row_versions AS s
      ON s.kind = '/*kind*/' AND s.tenant = n.tenant AND s.id = n./*id*/
    LEFT JOIN (SELECT _file_seq, _line, id, max(version_at) AS version_at
               FROM sg_row_versions WHERE kind = '/*kind*/'
               GROUP BY _file_seq, _line, id) AS v
      ON v._file_seq = n._file_seq AND v._line = n._line AND (v.id IS NULL OR v.id = n./*id*/)
    WHERE n._problem IS NULL
),
superseded AS (
    SELECT tenant, id
    FROM incoming
    GROUP BY tenant, id
    HAVING bool_and(version_at IS NOT NULL) AND max(version_at) < any_value(stored_at)
)
SELECT i.row_id
FROM incoming AS i
JOIN superseded AS s ON s.tenant = i.tenant AND s.id = i.id;

UPDATE sg_losing_rows
SET kept_file_seq = NULL
WHERE row_id IN (SELECT row_id FROM sg_stored_newer);

INSERT INTO sg_losing_rows (row_id, by_version, kept_file_seq)
SELECT row_id, true, CAST(NULL AS INTEGER)
FROM sg_stored_newer
WHERE row_id NOT IN (SELECT row_id FROM sg_losing_rows)
ORDER BY row_id;

DROP TABLE sg_stored_newer;
