-- Members of a single top-level JSON object that hold lists ({"value": [...]} style exports). The
-- key is quoted into the path, so that any key is safe.
SELECT key
FROM (SELECT unnest(json_keys(j)) AS key, j FROM sg_json_raw)
WHERE json_type(j, '$."' || replace(replace(key, '\', '\\'), '"', '\"') || '"') = 'ARRAY'
ORDER BY key;
