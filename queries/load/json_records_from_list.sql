-- The records of a JSON file that is one object holding a list: the list's elements, numbered in
-- file order. A top-level value whose member is no list (a bare record between the pages, a page
-- without its list) takes its number too, so that the records after it keep their place; it
-- holds no records, and load/non_page_values.sql counts it as a rejected row.
CREATE OR REPLACE TEMP TABLE sg_json_records AS
SELECT j, k
FROM (
    SELECT e AS j, page, row_number() OVER (ORDER BY top, i) AS k
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
