-- The rows of one canonical CSV file, every column as text, in file order: normalised in place
-- (load/normalize_*.sql) or copied into staging (load/stage_rows.sql). Lines the reader cannot
-- parse go to sg_csv_errors (and from there to stage_malformed). /*columns*/ is replaced with the
-- file's columns, quoted, named after the canonical ones. $1 file, $2 its position in the load,
-- $3 its default tenant, $4 the file as the load records it. /*has a value*/: that any of the
-- file's columns holds one (a row of empty fields, `,,,` as spreadsheets write below their data,
-- is no row, as a blank line is none; load/line_count.rs skips its lines alike). Line numbers
-- are set afterwards (load/number_lines.sql): a window function here would serialise the
-- parallel reader. hive_partitioning = false: a folder above the file named `key=value`
-- (`severity=high/`) is no column of it, where DuckDB would add one or replace the file's own.
SELECT /*columns*/, CAST($2 AS INTEGER) AS _file_seq, CAST(NULL AS BIGINT) AS _line,
       CAST($3 AS VARCHAR) AS _default_tenant, CAST($4 AS VARCHAR) AS _source_file
FROM read_csv($1, /*dialect*/hive_partitioning = false, header = true, all_varchar = true, ignore_errors = true,
              store_rejects = true, rejects_table = 'sg_csv_errors', rejects_scan = 'sg_csv_scans')
WHERE /*has a value*/
