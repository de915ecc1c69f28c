-- Per-file, per-kind counts of this load, for the ingest summary.
SELECT file, format, kind, source, rows_read, rows_loaded, rows_rejected, tenants
FROM load_counts
ORDER BY file_seq, rowid;
