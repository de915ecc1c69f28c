-- The versions of the rows this load keeps of a kind (schema.sql, row_versions), recorded
-- before the rows are merged or adopted, while the normalised table is still this load's: the
-- entry of every id a kept row replaces is dropped, then the kept rows that have a version
-- write theirs. Rows that lost (load/losing_rows.sql, load/stored_newer_rows.sql) leave the
-- stored entry as it is. The placeholders name the normalised table, the kind and its id column.
CREATE OR REPLACE TEMP TABLE sg_kept_versions AS
SELECT n.tenant, n./*id*/ AS id, max(v.version_at) AS version_at
FROM /*norm*/ AS n
LEFT JOIN (SELECT _file_seq, _line, id, max(version_at) AS version_at
           FROM sg_row_versions WHERE kind = '/*kind*/'
           GROUP BY _file_seq, _line, id) AS v
  ON v._file_seq = n._file_seq AND v._line = n._line AND (v.id IS NULL OR v.id = n./*id*/)
WHERE n._problem IS NULL
  AND n.rowid NOT IN (SELECT row_id FROM sg_losing_rows)
GROUP BY n.tenant, n./*id*/;

DELETE FROM row_versions AS s
USING sg_kept_versions AS k
WHERE s.kind = '/*kind*/' AND s.tenant = k.tenant AND s.id = k.id;

INSERT INTO row_versions
SELECT '/*kind*/', tenant, id, version_at, (SELECT load_id FROM sg_settings)
FROM sg_kept_versions
WHERE version_at IS NOT NULL
ORDER BY tenant, id;

DROP TABLE sg_kept_versions;
