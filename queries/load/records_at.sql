-- The records of a vendor file: the object at path $1 inside each top-level value (read through
-- the view sg_records, see records_are_values.sql).
CREATE OR REPLACE TEMP TABLE sg_records_data AS
SELECT json_extract(j, $1) AS j, k
FROM sg_json_raw
WHERE json_type(json_extract(j, $1)) = 'OBJECT'
ORDER BY k;
