-- The rows of one canonical Parquet file, in file order: normalised in place or copied into
-- staging, like load/read_csv.sql. Each column becomes text through JSON, so lists arrive as JSON
-- arrays and timestamps as ISO text. /*columns*/ is replaced with quoted column expressions named
-- after the canonical columns; rows are numbered afterwards (load/number_lines.sql). /*hive*/: the
-- reader's hive options (load/lake.rs: folder values are columns only in a lake's partitions).
SELECT /*columns*/, CAST($2 AS INTEGER) AS _file_seq, CAST(NULL AS BIGINT) AS _line,
       CAST($3 AS VARCHAR) AS _default_tenant, CAST($4 AS VARCHAR) AS _source_file
FROM read_parquet($1, /*hive*/)
