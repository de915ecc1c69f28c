-- One `loads` row per file and kind of this load.
INSERT INTO loads (load_id, file_seq, file, format, kind, rows_read, rows_loaded, rows_rejected, loaded_at, source, file_key, tenant_rows)
SELECT (SELECT load_id FROM sg_settings), file_seq, file, format, kind,
       rows_read, rows_loaded, rows_rejected, (SELECT loaded_at FROM sg_settings), source, file_key, tenant_rows
FROM load_counts
ORDER BY file_seq, rowid;
