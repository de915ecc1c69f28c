-- The records of a vendor file: in each element of the list at path $1 inside each top-level
-- value, the object at path $2 (`$`: the element itself; `$."_source"`: a search hit's
-- document), numbered in file order. Scripts read them through the view sg_records
-- (records_view.sql), which passes on the objects; elements that hold none are counted rejects
-- (non_record_items.sql), and so are top-level values whose member is no list, which take their
-- number among the elements (non_page_values.sql). A wrapped document keeps its element's `_id`
-- unless it has its own: a search hit's id sits beside its `_source`, and sources read it as the
-- record's id.
CREATE OR REPLACE TEMP TABLE sg_records_data AS
SELECT CASE WHEN $2 = '$' THEN e
            ELSE json_merge_patch(json_object('_id', json_extract(e, '$._id')), json_extract(e, $2)) END AS j,
       k
FROM (
    SELECT e, page, row_number() OVER (ORDER BY top, i) AS k
    FROM (
        SELECT k AS top, unnest(CAST(json_extract(j, $1) AS JSON[])) AS e,
               unnest(range(len(CAST(json_extract(j, $1) AS JSON[])))) AS i, true AS page
        FROM sg_json_raw
        WHERE json_type(json_extract(j, $1)) = 'ARRAY'
        UNION ALL
        SELECT k, j, 0, false FROM sg_json_raw WHERE json_type(json_extract(j, $1)) IS DISTINCT FROM 'ARRAY'
    )
)
WHERE page
ORDER BY k;
