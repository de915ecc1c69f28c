-- Whether the reader of several CSV files (load/read_csv_files.sql) could not parse any line
-- of them: when none, no file has lines to reject nor a quote that runs over its lines.
SELECT EXISTS (SELECT 1 FROM sg_csv_batch_errors) AS errors;
