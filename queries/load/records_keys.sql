-- Every object key of a JSON vendor file's records, at any depth, each once: read from the
-- records' compact text (a key is a quoted name before a colon; a value's quotes are escaped,
-- so a value never matches). Used where the merged structure of the records cannot list them
-- (a member an object in one record and a list in another: src/load/vendor.rs).
SELECT DISTINCT unnest(regexp_extract_all(CAST(json(j) AS VARCHAR), '"((?:[^"\\]|\\.)*)":', 1)) AS key
FROM sg_records
ORDER BY key;
