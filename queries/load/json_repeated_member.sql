-- The first top-level value of a JSON file that names the member holding its records ($1, as
-- `value` in {"value": [...]}) more than once: the reader would take one of the lists and drop
-- the other without a word. k: the value's position (its line in a file of one page per line).
SELECT k
FROM sg_json_raw
WHERE json_type(j) = 'OBJECT'
  AND len(list_filter(json_keys(j), lambda key: key = $1)) > 1
ORDER BY k
LIMIT 1;
