-- Lines of the last CSV file that the reader could not parse, kept as rejected rows.
INSERT INTO stage_malformed
SELECT $1, line, column_name, left(csv_line, 500), error_message, false
FROM sg_csv_errors
ORDER BY line;
