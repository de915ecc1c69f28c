-- The records of a Log Analytics query answer file (json_answer_rows.sql, checked by
-- json_tables_faults.sql): each row of each answer's table as an object of its columns' names and
-- values, in order of answer and row; a value of the file that is no such answer stays a record
-- as it is. Then read like any JSON records.
CREATE OR REPLACE TEMP TABLE sg_json_tabled AS
WITH rows AS (
    SELECT top, names, unnest(row_list) AS cells, unnest(range(len(row_list))) AS r
    FROM sg_json_answer_rows
    WHERE shape_fault IS NULL
),
records AS (
    SELECT top, r,
           CAST(to_json(map_from_entries(list_transform(range(len(names)), lambda i: {
               'key': names[i + 1], 'value': json_extract(cells, '$[' || i || ']')}))) AS JSON) AS j
    FROM rows
    UNION ALL
    SELECT k, 0, j FROM sg_json_raw WHERE json_type(j, '$.tables') IS DISTINCT FROM 'ARRAY'
)
SELECT j, row_number() OVER (ORDER BY top, r) AS k
FROM records
ORDER BY k;
DROP TABLE sg_json_answer_rows;
DROP TABLE sg_json_raw;
ALTER TABLE sg_json_tabled RENAME TO sg_json_raw;
