-- The elements of a vendor file's list of records ($1: the file's position in the load) that are
-- not JSON objects (a null, a number or text among the records of `{"value": [...]}`): no
-- source reads them, so each is a rejected row of the file, with its value, rather than a row
-- that vanishes uncounted (records_in_list.sql numbers every element).
INSERT INTO stage_malformed
SELECT $1, k, NULL, left(CAST(j AS VARCHAR), 500), 'not a record: a JSON object was expected', false
FROM sg_records_data
WHERE json_type(j) IS DISTINCT FROM 'OBJECT'
ORDER BY k;
