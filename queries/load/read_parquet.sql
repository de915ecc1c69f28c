-- Copies a Parquet file into its staging table. Each column becomes text through JSON, so lists
-- arrive as JSON arrays and timestamps as ISO text. /*target*/ and /*columns*/ are replaced
-- with quoted identifiers. Rows are numbered afterwards (load/number_lines.sql).
INSERT INTO /*target*/
SELECT /*columns*/, $2 AS _file_seq, CAST(NULL AS BIGINT) AS _line
FROM read_parquet($1);
