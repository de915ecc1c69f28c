-- The header of a CSV file, read with the same options as load/read_csv.sql so that both agree.
SELECT * FROM read_csv($1, header = true, all_varchar = true, ignore_errors = true) LIMIT 0;
