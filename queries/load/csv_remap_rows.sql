-- The rows of a CSV file ($1 its position in the load) on their own lines: the row numbered
-- $2 + n - 1 from its position (/*line*/ of /*target*/, the rows of the file: /*of file*/) is the
-- n-th record of the file (csv_record_lines.sql) that the reader did not reject
-- (stage_malformed still holds those by the reader's line numbers, which
-- csv_remap_malformed.sql turns into the file's).
UPDATE /*target*/ AS t
SET /*line*/ = r.line
FROM (
    SELECT line, row_number() OVER (ORDER BY line) AS n
    FROM sg_csv_record_lines
    WHERE is_record
      AND reader_line NOT IN (SELECT line FROM stage_malformed WHERE _file_seq = $1)
) AS r
WHERE /*of file*/ AND t./*line*/ - $2 + 1 = r.n;
