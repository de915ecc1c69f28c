-- Copies the records of a JSON file into its staging table: each field as text (nested values as
-- JSON text). /*target*/ and /*columns*/ are replaced with the staging table and one
-- json_extract_string(j, $n) per column; the paths travel as parameters.
INSERT INTO /*target*/
SELECT /*columns*/, $1 AS _file_seq, k AS _line
FROM sg_json_records
ORDER BY k;
