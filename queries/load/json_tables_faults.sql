-- What keeps a Log Analytics query answer (json_tables_answer.sql) from reading as records
-- (json_tables_as_records.sql), first by answer and row: a column without a name, a column
-- name given twice (one record would hold two values under one key), or a row whose cells do not
-- match the columns one for one (a longer row would lose its last cells, a shorter one would
-- shift nothing but leave the last columns empty without a word). The service never writes
-- these; a file that does was edited or cut. answer: the value's number in the file (1 = first);
-- row: the row's number in its table (1 = first). No row: nothing in the way.
WITH answers AS (
    SELECT k AS answer, json_extract(j, '$.tables[0]') AS tbl
    FROM sg_json_raw
    WHERE json_type(j, '$.tables') = 'ARRAY' AND json_type(j, '$.tables[0].rows') = 'ARRAY'
),
named AS (
    SELECT answer, tbl,
           list_transform(CAST(json_extract(tbl, '$.columns') AS JSON[]),
                          lambda col: json_extract_string(col, '$.name')) AS names
    FROM answers
),
column_faults AS (
    SELECT answer, NULL::BIGINT AS row,
           CASE WHEN list_contains(list_transform(names, lambda n: coalesce(n, '') = ''), true)
                    THEN 'a column has no name'
                ELSE 'the column `' || list_filter(names, lambda n: len(list_filter(names, lambda m: m = n)) > 1)[1]
                     || '` is named twice'
           END AS fault
    FROM named
    WHERE list_contains(list_transform(names, lambda n: coalesce(n, '') = ''), true)
       OR len(list_distinct(names)) < len(names)
),
row_faults AS (
    SELECT answer, r + 1 AS row,
           CASE WHEN json_type(cells) <> 'ARRAY' THEN 'the row is not a list of cells'
                ELSE 'the row has ' || json_array_length(cells) || ' cells for ' || len(names) || ' columns'
           END AS fault
    FROM (SELECT answer, names,
                 unnest(CAST(json_extract(tbl, '$.rows') AS JSON[])) AS cells,
                 unnest(range(CAST(json_array_length(tbl, '$.rows') AS BIGINT))) AS r
          FROM named)
    WHERE json_type(cells) <> 'ARRAY' OR json_array_length(cells) <> len(names)
)
SELECT answer, row, fault
FROM (SELECT * FROM column_faults UNION ALL SELECT * FROM row_faults)
ORDER BY answer, row NULLS FIRST
LIMIT 1;
