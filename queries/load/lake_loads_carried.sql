-- The record lake_record_read.sql read and checked, as loads of this load at the position of the
-- lake's first file ($1): the files its database had loaded, with the rows each read, loaded and
-- rejected per tenant. An automation export without rows is one of them, so a client whose
-- export held no run keeps its measured zero. A file this load already counts (named beside the
-- lake, or carried by another lake read first) counts once: its entry is left out.
INSERT INTO loads (load_id, file_seq, file, format, kind, rows_read, rows_loaded, rows_rejected, loaded_at, source, file_key, tenant_rows)
SELECT (SELECT load_id FROM sg_settings), $1, r.file, r.format, r.kind, r.rows_read, r.rows_loaded,
       r.rows_rejected, (SELECT loaded_at FROM sg_settings), r.source, r.file_key, r.tenant_rows
FROM lake_record r
WHERE r.ok
  AND NOT EXISTS (
      SELECT 1 FROM loads l
      WHERE l.load_id = (SELECT load_id FROM sg_settings) AND l.source IS DISTINCT FROM 'lake'
        AND coalesce(l.file_key, l.file) = coalesce(r.file_key, r.file))
ORDER BY r.file, r.kind;
