-- When lines of a CSV file were set aside as malformed, the rows after them sit further down the
-- file than their row number says: data row k is on line k + 1 + (malformed lines before it).
UPDATE /*target*/ AS s
SET _line = s._line + (
    SELECT count(*)
    FROM (SELECT line, row_number() OVER (ORDER BY line) AS j
          FROM (SELECT DISTINCT line FROM stage_malformed WHERE _file_seq = $1)) AS m
    WHERE m.line - m.j - 1 < s._line - 1
)
WHERE s._file_seq = $1;
