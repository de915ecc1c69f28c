-- Numbers the rows one file just added to a table (/*target*/: the kind's normalised or staging
-- table). The insert kept the file's order (no join in it), so a row's line is its position among
-- the file's rows plus $2 (2 for a CSV file's first data line, 1 for a Parquet file's first row).
-- tests/cli/load.rs checks this on a file of several row groups.
UPDATE /*target*/
SET _line = rowid - (SELECT min(rowid) FROM /*target*/ WHERE _file_seq = $1) + $2
WHERE _file_seq = $1;
