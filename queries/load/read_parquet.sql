-- The rows of one canonical Parquet file read on its own for load/parquet_rows.sql (several
-- are read by load/read_parquet_files.sql: load/parquet_batch.rs). /*columns*/: the
-- file's columns that feed canonical ones, as the file names them, typed as it types them (the
-- outer query makes them text). /*line*/: each row's own line, its row number in the file + 1
-- (`file_row_number`, which /*numbered*/ asks the reader for); a file holding a column of that
-- name cannot be asked for it, its rows are numbered afterwards (NULL here,
-- load/number_lines.sql).
-- /*whole*/: whether every row is read (else only those load/parquet_open_rows.sql keeps).
-- /*hive*/: the reader's hive options (load/lake.rs: folder values are columns only in a lake's
-- partitions). /*file*/, /*seq*/, /*tenant*/, /*source*/: literals of the reader's path, the
-- file's position in the load, its default tenant and the file as the load records it.
SELECT /*columns*/, CAST(/*seq*/ AS INTEGER) AS _file_seq, /*line*/ AS _line,
       CAST(/*tenant*/ AS VARCHAR) AS _default_tenant, CAST(/*source*/ AS VARCHAR) AS _source_file,
       /*whole*/ AS _whole
FROM read_parquet(/*file*/, /*hive*//*numbered*/)
