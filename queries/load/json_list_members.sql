-- Members of a single top-level JSON object that hold lists ({"value": [...]} style exports).
SELECT key
FROM (SELECT unnest(json_keys(j)) AS key, j FROM sg_json_raw)
WHERE json_type(j, '$."' || key || '"') = 'ARRAY'
ORDER BY key;
