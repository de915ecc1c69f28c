-- The first top-level object of a JSON file that names a member holding a list or an object
-- more than once (`{"value": [...], "value": [...]}`, a page of a Graph or Splunk export): the
-- reader would take one and drop the other without a word. Only asked of files whose records
-- sit inside such a member: their top-level values are a few pages, not the records. k: the
-- value's position (its line in a file of one page per line); key: the member.
SELECT k, key
FROM (SELECT k, j, unnest(json_keys(j)) AS key
      FROM sg_json_raw
      WHERE json_type(j) = 'OBJECT' AND len(json_keys(j)) > len(list_distinct(json_keys(j))))
WHERE json_type(j, '$."' || replace(replace(key, '\', '\\'), '"', '\"') || '"') IN ('ARRAY', 'OBJECT')
GROUP BY k, key
HAVING count(*) > 1
ORDER BY k, key
LIMIT 1;
