-- Lines of the last CSV file that the reader could not parse, kept as rejected rows, with the
-- line's text as written: without the line ends the reader keeps around it (in a file with
-- Windows line ends the `\n` of the line before starts it).
INSERT INTO stage_malformed
SELECT $1, line, column_name, left(trim(csv_line, chr(13) || chr(10)), 500), error_message, false
FROM sg_csv_errors
ORDER BY line;
