-- The records of a JSON file whose top-level values are the records.
CREATE OR REPLACE TEMP TABLE sg_json_records AS SELECT j, k FROM sg_json_raw;
