-- The lines a CSV file's reader rejected ($1 the file's position in the load), from the reader's
-- numbering (no line breaks inside quotes counted) to the file's own lines.
UPDATE stage_malformed AS m
SET line = r.line
FROM sg_csv_record_lines AS r
WHERE m._file_seq = $1 AND m.line = r.reader_line;
