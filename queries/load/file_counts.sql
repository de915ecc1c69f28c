-- Per-file counts of this load, for the ingest summary.
SELECT file, format, kind, rows_read, rows_loaded, rows_rejected
FROM load_counts
ORDER BY file_seq;
