-- The top-level values of a vendor file ($1: its position in the load) whose records are those
-- values, but that are not JSON objects (a number, text, a list or null among the records): no
-- source reads them, so each is a rejected row of the file, with its value, rather than a row
-- that vanishes uncounted.
INSERT INTO stage_malformed
SELECT $1, k, NULL, left(CAST(j AS VARCHAR), 500), 'not a record: a JSON object was expected', false
FROM sg_json_raw
WHERE json_type(j) IS DISTINCT FROM 'OBJECT'
ORDER BY k;
