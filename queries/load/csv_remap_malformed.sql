-- The lines a CSV file's reader rejected ($1 the file's position in the load), from the reader's
-- numbering (no line breaks inside quotes counted) to the file's own lines: each continued line
-- of a lower slot (csv_record_breaks.sql) moves it one down.
UPDATE stage_malformed AS m
SET line = m.line + coalesce((SELECT max(b.n) FROM sg_csv_breaks b
                              WHERE b.kind = 'continued' AND b.slot < m.line), 0)
WHERE m._file_seq = $1;
