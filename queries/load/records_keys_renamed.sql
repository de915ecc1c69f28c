-- The gathered records of a JSON vendor file with keys renamed at every depth to the spelling
-- its script reads (`"DisplayName":` → `"displayName":`): /*renamed*/ is the record's compact
-- JSON text through one replace() per key, each pattern and spelling a parameter
-- (src/load/vendor.rs, rename_json_keys). Scripts then read these (records_view_keyed.sql).
-- repeated: a key that one object of the record now holds twice (`{"Status": …, "status": …}`,
-- whose value is meant cannot be told: records_keys_repeated.sql rejects the record), looked for
-- only where /*may repeat*/ says a renamed spelling is also written as such in the file, or two
-- spellings are renamed to one.
CREATE OR REPLACE TEMP TABLE sg_records_keyed AS
SELECT j, k,
       CASE WHEN /*may repeat*/ THEN (
           SELECT min(t.key) FROM (SELECT key FROM json_tree(j)
                                   WHERE key IS NOT NULL
                                   GROUP BY parent, key
                                   HAVING count(*) > 1) AS t)
       END AS repeated
FROM (SELECT CAST(/*renamed*/ AS JSON) AS j, r.k FROM sg_records AS r)
ORDER BY k;
