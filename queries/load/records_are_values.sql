-- The records of a vendor file are its top-level values (rows of a CSV or Parquet file, lines of
-- NDJSON): read in place, not copied. Scripts always read the view sg_records.
CREATE OR REPLACE TEMP VIEW sg_records AS
SELECT j, k FROM sg_json_raw WHERE json_type(j) = 'OBJECT';
