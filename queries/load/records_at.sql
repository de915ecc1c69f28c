-- The records of a vendor file: the object at path $1 inside each top-level value.
CREATE OR REPLACE TEMP TABLE sg_records AS
SELECT json_extract(j, $1) AS j, k
FROM sg_json_raw
WHERE json_type(json_extract(j, $1)) = 'OBJECT'
ORDER BY k;
