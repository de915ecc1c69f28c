-- As csv_fix_lines.sql, for a vendor CSV file's records: rows after malformed lines sit further
-- down the file than their row number says.
UPDATE sg_json_raw AS s
SET k = s.k + (
    SELECT count(*)
    FROM (SELECT line, row_number() OVER (ORDER BY line) AS j
          FROM (SELECT DISTINCT line FROM stage_malformed WHERE _file_seq = $1)) AS m
    WHERE m.line - m.j - 1 < s.k - 1
);
