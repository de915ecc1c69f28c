-- The top-level keys of the JSON records being mapped, in name order.
SELECT DISTINCT unnest(json_keys(j)) AS key FROM sg_records WHERE json_type(j) = 'OBJECT' ORDER BY key;
