-- The versions of the ids this load keeps a row of (schema.sql, row_versions), recorded before
-- the rows are merged or adopted, while the normalised table is still this load's. An id's
-- version is its latest when every loadable row of it in this load has one, as when versions
-- ranked them (load/losing_rows.sql); when one has none, the file order ranked them and the id
-- keeps no version, so that a later load ranks against it as one load of all the files would.
-- The stored entry of every such id is replaced; ids whose rows all lost to the stored row
-- (load/stored_newer_rows.sql) keep theirs. The placeholders name the normalised table, the kind
-- and its id column.
CREATE OR REPLACE TEMP TABLE sg_kept_versions AS
SELECT n.tenant, n./*id*/ AS id,
       CASE WHEN bool_and(v.version_at IS NOT NULL) THEN max(v.version_at) END AS version_at
FROM /*norm*/ AS n
LEFT JOIN (SELECT _file_seq, _line, id, max(version_at) AS version_at
           FROM sg_row_versions WHERE kind = '/*kind*/'
           GROUP BY _file_seq, _line, id) AS v
  ON v._file_seq = n._file_seq AND v._line = n._line AND (v.id IS NULL OR v.id = n./*id*/)
LEFT JOIN sg_losing_rows AS l ON l.row_id = n.rowid
WHERE n._problem IS NULL
GROUP BY n.tenant, n./*id*/
HAVING bool_or(l.row_id IS NULL);

DELETE FROM row_versions AS s
USING sg_kept_versions AS k
WHERE s.kind = '/*kind*/' AND s.tenant = k.tenant AND s.id = k.id;

INSERT INTO row_versions
SELECT '/*kind*/', tenant, id, version_at, (SELECT load_id FROM sg_settings)
FROM sg_kept_versions
WHERE version_at IS NOT NULL
ORDER BY tenant, id;

DROP TABLE sg_kept_versions;
