-- The top-level values of a JSON file whose records are the elements of the list at path $2 in
-- each value, that hold no such list ($1: the file's position in the load): a bare record among
-- the pages, a page without its list ($3: the list as the message names it). Each is a rejected row of the file with its value, numbered
-- among the records as json_records_from_list.sql and records_in_list.sql number them, rather
-- than a row that vanishes uncounted.
INSERT INTO stage_malformed
SELECT $1, k, NULL, left(CAST(e AS VARCHAR), 500),
       'not a page of records: the file''s other values hold their records in a list at '
           || $3 || ', this one holds none', false
FROM (
    SELECT e, page, row_number() OVER (ORDER BY top, i) AS k
    FROM (
        SELECT k AS top, NULL::JSON AS e, unnest(range(len(CAST(json_extract(j, $2) AS JSON[])))) AS i, true AS page
        FROM sg_json_raw
        WHERE json_type(json_extract(j, $2)) = 'ARRAY'
        UNION ALL
        SELECT k, j, 0, false FROM sg_json_raw WHERE json_type(json_extract(j, $2)) IS DISTINCT FROM 'ARRAY'
    )
)
WHERE NOT page
ORDER BY k;
