-- The rows of several canonical Parquet files of one kind with the same columns, read in one
-- scan for load/parquet_rows.sql (load/parquet_batch.rs): the files' private links in a list
-- (/*files*/, quoted text), each row given its file's number, default tenant, path as the load
-- records it and whether the file is read whole (/*file values*/: one `(link, seq, tenant,
-- path, whole)` per file, literals) through the name the reader gives its file, and its own
-- line, its row number in the file + 1. A union of one reader per file costs DuckDB about 7 ms
-- a file to plan under the normalisation; the list, a fraction of that. /*columns*/: the files'
-- columns that feed canonical ones, as `r."name"`. /*hive*/: the reader's hive options
-- (load/lake.rs).
SELECT /*columns*/, f._file_seq, CAST(r.file_row_number + 1 AS BIGINT) AS _line,
       f._default_tenant, f._source_file, f._whole
FROM read_parquet([/*files*/], /*hive*/, file_row_number = true, filename = true) AS r
JOIN (VALUES /*file values*/) AS f(_reader, _file_seq, _default_tenant, _source_file, _whole)
  ON f._reader = r.filename
