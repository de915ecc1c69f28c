-- The columns of a Parquet file.
SELECT * FROM read_parquet($1) LIMIT 0;
