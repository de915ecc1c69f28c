-- The rows of a vendor CSV export as JSON records (column name → text), with their line ($2: the
-- header's line, after any lines before it): vendor
-- mappings read every format the same way. Lines the reader cannot parse go to sg_csv_errors. The
-- record is packed from the columns themselves, so that no column name can stand for the row.
-- /*has a value*/: that any column holds one (a row of empty fields is no row, as in
-- load/read_csv.sql).
CREATE OR REPLACE TEMP TABLE sg_json_raw AS
SELECT to_json(struct_pack(*COLUMNS(*))) AS j, row_number() OVER () + CAST($2 AS BIGINT) AS k
FROM read_csv($1, /*dialect*/hive_partitioning = false, header = true, all_varchar = true, ignore_errors = true,
              store_rejects = true, rejects_table = 'sg_csv_errors', rejects_scan = 'sg_csv_scans')
WHERE /*has a value*/;
