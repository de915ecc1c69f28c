-- Every key used by the records of a JSON file.
SELECT DISTINCT unnest(json_keys(j)) AS key FROM sg_json_records WHERE json_type(j) = 'OBJECT' ORDER BY key;
