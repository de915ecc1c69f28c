-- The lines the reader of several CSV files (load/read_csv_files.sql) could not parse in the
-- file at position $1 of its list, as the reader of that file alone would have left them: the
-- table the per-file checks read (load/csv_quote_across_lines.sql, load/csv_malformed.sql).
CREATE OR REPLACE TEMP TABLE sg_csv_errors AS
SELECT *
FROM sg_csv_batch_errors
WHERE file_id = $1
ORDER BY line, column_idx;
