-- The records of a canonical JSON file ($1: its position in the load) that give a key socgauge
-- reads ($2: a JSON list of the file's keys that feed a canonical column) more than once, in
-- any case, as in `{"status": "new", "status": "closed"}` or `{"Status": "new", "status":
-- "closed"}`: the reader would keep one value without a word (socgauge matches keys in any
-- case). Each such record is a rejected row naming the key (its spellings) and the record, and
-- is not staged (json_repeated_records.sql). A record is first told by its count of keys
-- against its count of distinct keys in lower case (no unnesting), so a file without repeats
-- costs one pass over its records.
INSERT INTO stage_malformed
SELECT $1, k, spellings, left(CAST(j AS VARCHAR), 500),
       'the key `' || spellings || '` appears ' || n || ' times in this record: socgauge reads '
       || 'one value per key, in any case, and cannot tell which is meant; write each key once',
       false
FROM (
    SELECT k, any_value(j) AS j, lower(key) AS lowered,
           string_agg(DISTINCT key, '`, `' ORDER BY key) AS spellings, count(*) AS n
    FROM (SELECT k, j, unnest(json_keys(j)) AS key
          FROM sg_json_records
          WHERE json_type(j) = 'OBJECT'
            AND len(json_keys(j)) > len(list_distinct(list_transform(json_keys(j), lambda x: lower(x)))))
    WHERE key IN (SELECT unnest(from_json($2, '["VARCHAR"]')))
    GROUP BY k, lower(key)
    HAVING count(*) > 1
)
QUALIFY row_number() OVER (PARTITION BY k ORDER BY lowered) = 1
ORDER BY k;
