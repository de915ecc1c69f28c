-- The records of a tabular vendor file (rows of a CSV or Parquet file) whose header spells
-- columns in another case than its source reads them (`STATUS` for `Status`): each record with
-- those keys renamed. $1 lists the header's spellings, $2 the source's, pair by pair (JSON
-- lists of text); other keys are kept. Header matching ignores case, so reading must too.
-- Scripts read the view sg_records (records_view.sql).
CREATE OR REPLACE TEMP TABLE sg_records_data AS
WITH renames AS (
    SELECT CAST(CAST($1 AS JSON) AS VARCHAR[]) AS spelt, CAST(CAST($2 AS JSON) AS VARCHAR[]) AS read_as
)
SELECT to_json(map_from_entries(list_transform(json_keys(r.j), lambda key: {
           'key': coalesce(n.read_as[list_position(n.spelt, key)], key),
           'value': json_extract_string(r.j, '$."' || replace(replace(key, '\', '\\'), '"', '\"') || '"')
       }))) AS j,
       r.k
FROM sg_json_raw AS r, renames AS n
WHERE json_type(r.j) = 'OBJECT'
ORDER BY r.k;
