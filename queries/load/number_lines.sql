-- Numbers the rows one file just copied into a staging table (/*target*/). The copy is a plain
-- projection of the reader, which keeps the file's order in the table, so a row's line is its
-- position among the file's rows plus $2 (2 for a CSV file's first data line, 1 for a Parquet
-- file's first row). tests/cli/load.rs checks this on a file of several row groups.
UPDATE /*target*/
SET _line = rowid - (SELECT min(rowid) FROM /*target*/ WHERE _file_seq = $1) + $2
WHERE _file_seq = $1;
