-- The records of a Log Analytics query answer (json_tables_answer.sql): each row of its first
-- table (PrimaryResult: the query's result; the others hold what the service adds, such as
-- statistics) as an object of its columns' names and values, in order of answer and row; a
-- value of the file that is no such answer stays a record as it is. Then read like any JSON
-- records.
CREATE OR REPLACE TEMP TABLE sg_json_tabled AS
WITH answers AS (
    SELECT k AS top, unnest(CAST(json_extract(j, '$.tables') AS JSON[])) AS tbl,
           unnest(range(CAST(json_array_length(j, '$.tables') AS BIGINT))) AS t
    FROM sg_json_raw
    WHERE json_type(j, '$.tables') = 'ARRAY'
),
named AS (
    SELECT top, t, tbl,
           list_transform(CAST(json_extract(tbl, '$.columns') AS JSON[]),
                          lambda col: json_extract_string(col, '$.name')) AS names
    FROM answers
    WHERE t = 0 AND json_type(tbl, '$.rows') = 'ARRAY'
),
rows AS (
    SELECT top, t, names, unnest(CAST(json_extract(tbl, '$.rows') AS JSON[])) AS cells,
           unnest(range(CAST(json_array_length(tbl, '$.rows') AS BIGINT))) AS r
    FROM named
),
records AS (
    SELECT top, t, r,
           CAST(to_json(map_from_entries(list_transform(range(len(names)), lambda i: {
               'key': names[i + 1], 'value': json_extract(cells, '$[' || i || ']')}))) AS JSON) AS j
    FROM rows
    UNION ALL
    SELECT k, 0, 0, j FROM sg_json_raw WHERE json_type(j, '$.tables') IS DISTINCT FROM 'ARRAY'
)
SELECT j, row_number() OVER (ORDER BY top, t, r) AS k
FROM records
ORDER BY k;
DROP TABLE sg_json_raw;
ALTER TABLE sg_json_tabled RENAME TO sg_json_raw;
