-- The rows of canonical Parquet files of one kind whose columns have the same names and types
-- (load/parquet_batch.rs), as the normalisation reads them (load/normalize_*.sql): the rows of
-- the files (/*files*/: load/read_parquet.sql for one, read_parquet_files.sql for
-- several), each column made text (/*columns*/: an expression per canonical column, named after
-- it: load/read.rs, stage_parquet) and the rows kept by /*rows read*/ (`true`, or
-- load/parquet_open_rows.sql). One statement for hundreds of files: binding the normalisation
-- and these expressions costs DuckDB about 40 ms a statement, whatever the files' size.
SELECT /*columns*/, _file_seq, _line, _default_tenant, _source_file
FROM (
/*files*/
) AS f
WHERE /*rows read*/
