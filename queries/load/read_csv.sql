-- Copies one CSV file into its staging table: every column as text, in file order. Lines the
-- reader cannot parse go to sg_csv_errors (and from there to stage_malformed). /*target*/ and
-- /*columns*/ are replaced with quoted identifiers of the staging table and the file's columns.
-- A plain projection keeps the file's order in the table, so load/number_lines.sql numbers the
-- lines afterwards; a window function here would serialise the parallel reader.
INSERT INTO /*target*/
SELECT /*columns*/, $2 AS _file_seq, CAST(NULL AS BIGINT) AS _line
FROM read_csv($1, header = true, all_varchar = true, ignore_errors = true,
              store_rejects = true, rejects_table = 'sg_csv_errors', rejects_scan = 'sg_csv_scans');
