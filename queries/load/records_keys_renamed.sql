-- The gathered records of a JSON vendor file with keys renamed at every depth to the spelling
-- its script reads (`"DisplayName":` → `"displayName":`): /*renamed*/ is the record's compact
-- JSON text through one replace() per key, each pattern and spelling a parameter
-- (src/load/vendor.rs, rename_json_keys). Scripts then read these (records_view_keyed.sql).
CREATE OR REPLACE TEMP TABLE sg_records_keyed AS
SELECT CAST(/*renamed*/ AS JSON) AS j, r.k
FROM sg_records AS r
ORDER BY r.k;
