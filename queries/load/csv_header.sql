-- The header of a CSV file, read with the same options as load/read_csv.sql so that both agree.
-- /*dialect*/: the options load/csv_dialect.sql decides, usually none.
SELECT * FROM read_csv($1, /*dialect*/hive_partitioning = false, header = true, all_varchar = true, ignore_errors = true) LIMIT 0;
