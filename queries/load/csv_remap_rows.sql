-- The rows of a CSV file ($1 its position in the load) on their own lines: the row numbered
-- $2 + k - 1 from its position (load/number_lines.sql) is the k-th record of the file
-- (csv_record_lines.sql) that the reader did not reject (stage_malformed still holds those by
-- the reader's line numbers, which csv_remap_malformed.sql turns into the file's).
UPDATE /*target*/ AS t
SET _line = r.line
FROM (
    SELECT line, row_number() OVER (ORDER BY line) AS k
    FROM sg_csv_record_lines
    WHERE is_record
      AND reader_line NOT IN (SELECT line FROM stage_malformed WHERE _file_seq = $1)
) AS r
WHERE t._file_seq = $1 AND t._line - $2 + 1 = r.k;
