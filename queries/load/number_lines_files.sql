-- Numbers the rows several CSV files read by one statement (load/csv_batch.rs) just added to
-- /*target*/, as load/number_lines.sql numbers one file's: a row's line is its position among
-- its file's rows plus $2. $1: the files' numbers in the load, as a JSON list. One statement for
-- the files of a batch, not one each.
UPDATE /*target*/ AS t
SET _line = t.rowid - f.first_row + $2
FROM (SELECT _file_seq, min(rowid) AS first_row
      FROM /*target*/
      WHERE list_contains(from_json(CAST($1 AS VARCHAR), '["INTEGER"]'), _file_seq)
      GROUP BY _file_seq) AS f
WHERE t._file_seq = f._file_seq;
