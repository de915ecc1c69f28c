-- The records of a vendor file: in each element of the list at path $1 inside each top-level
-- value, the object at path $2 (`$`: the element itself; `$."_source"`: a search hit's
-- document), numbered in file order. Scripts read them through the view sg_records
-- (records_view.sql), which passes on the objects; elements that hold none are counted rejects
-- (non_record_items.sql).
CREATE OR REPLACE TEMP TABLE sg_records_data AS
SELECT CASE WHEN $2 = '$' THEN e ELSE json_extract(e, $2) END AS j,
       row_number() OVER (ORDER BY k, i) AS k
FROM (
    SELECT k, unnest(CAST(json_extract(j, $1) AS JSON[])) AS e,
           unnest(range(len(CAST(json_extract(j, $1) AS JSON[])))) AS i
    FROM sg_json_raw
    WHERE json_type(json_extract(j, $1)) = 'ARRAY'
);
