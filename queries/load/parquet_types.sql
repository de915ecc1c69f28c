-- The type of each column of a Parquet file, by name, from its first row (no row: an empty file,
-- whose columns need no reading): what lets load/read.rs pass typed values to the normalisation
-- in the forms its fast paths read (load/macros.sql, sg_parquet_*). /*hive*/: the reader's hive
-- options (load/lake.rs).
SELECT typeof(COLUMNS(*)) FROM read_parquet($1, /*hive*/) LIMIT 1;
