-- The rows of a vendor Parquet export as JSON records, numbered. Folder names never become
-- columns (see load/lake.rs).
CREATE OR REPLACE TEMP TABLE sg_json_raw AS
SELECT to_json(struct_pack(*COLUMNS(*))) AS j, row_number() OVER () AS k
FROM read_parquet($1, hive_partitioning = false);
