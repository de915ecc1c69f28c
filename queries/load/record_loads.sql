-- One `loads` row per file of this load.
INSERT INTO loads
SELECT (SELECT load_id FROM sg_settings), file_seq, file, format, kind,
       rows_read, rows_loaded, rows_rejected, (SELECT loaded_at FROM sg_settings)
FROM load_counts
ORDER BY file_seq;
