-- Lines of the last CSV file that the reader could not parse, kept as rejected rows, with the
-- line's text as written: without the line ends the reader keeps around it (in a file with
-- Windows line ends the `\n` of the line before starts it). A line of nothing but spaces,
-- delimiters ($2) and quotes ($3) is no row, as a blank line is none (load/read_csv.sql).
INSERT INTO stage_malformed
SELECT $1, line, column_name, left(trim(csv_line, chr(13) || chr(10)), 500), error_message, false
FROM sg_csv_errors
WHERE trim(replace(replace(trim(csv_line, chr(13) || chr(10)), CAST($2 AS VARCHAR), ''), CAST($3 AS VARCHAR), '')) <> ''
-- one per line: the reader reports a short line once per missing column ("Found: 1", "Found: 2",
-- ...); the first names the first missing column and the fields the line has
QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx NULLS LAST, error_message) = 1
ORDER BY line;
