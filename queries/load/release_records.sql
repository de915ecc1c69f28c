-- A vendor file's records are no longer needed once its script has staged them.
DROP VIEW IF EXISTS sg_records;
DROP TABLE IF EXISTS sg_records_data;
DROP TABLE IF EXISTS sg_records_keyed;
DROP TABLE IF EXISTS sg_json_raw;
