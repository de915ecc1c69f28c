-- The columns of a Parquet file. /*hive*/: the reader's hive options (load/lake.rs).
SELECT * FROM read_parquet($1, /*hive*/) LIMIT 0;
