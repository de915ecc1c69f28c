-- Members of the top-level JSON objects that hold lists ({"value": [...]} style exports), each
-- once: a file of several such pages (one per line, or an array of them) holds `value` in each.
-- The key is quoted into the path, so that any key is safe.
SELECT DISTINCT key
FROM (SELECT unnest(json_keys(j)) AS key, j FROM sg_json_raw)
WHERE json_type(j, '$."' || replace(replace(key, '\', '\\'), '"', '\"') || '"') = 'ARRAY'
ORDER BY key;
