-- What keeps the answers of a Log Analytics query answer file (json_answer_rows.sql) from reading
-- as records (json_tables_as_records.sql), first by answer and row: the table's columns or rows
-- are not lists, a column without a name, a column name given twice (one record would hold two
-- values under one key), or a row that is not a list of one cell per column (a longer row would
-- lose its last cells, a shorter one would leave the last columns empty without a word). The
-- service never writes these; a file that does was edited or cut. answer: the value's number in
-- the file (1 = first); row: the row's number in its table (1 = first). No row: nothing in the
-- way.
WITH column_faults AS (
    SELECT top AS answer, NULL::BIGINT AS row,
           CASE WHEN list_contains(list_transform(names, lambda n: coalesce(n, '') = ''), true)
                    THEN 'a column has no name'
                ELSE 'the column `' || list_filter(names, lambda n: len(list_filter(names, lambda m: m = n)) > 1)[1]
                     || '` is named twice'
           END AS fault
    FROM sg_json_answer_rows
    WHERE shape_fault IS NULL
      AND (list_contains(list_transform(names, lambda n: coalesce(n, '') = ''), true)
           OR len(list_distinct(names)) < len(names))
),
row_faults AS (
    SELECT answer, r + 1 AS row,
           CASE WHEN coalesce(json_type(cells), 'NULL') <> 'ARRAY' THEN 'the row is not a list of cells'
                ELSE 'the row has ' || json_array_length(cells) || ' cells for ' || columns || ' columns'
           END AS fault
    FROM (SELECT top AS answer, len(names) AS columns, unnest(row_list) AS cells, unnest(range(len(row_list))) AS r
          FROM sg_json_answer_rows
          WHERE shape_fault IS NULL)
    WHERE coalesce(json_type(cells), 'NULL') <> 'ARRAY' OR json_array_length(cells) <> columns
)
SELECT answer, row, fault
FROM (SELECT top AS answer, NULL::BIGINT AS row, shape_fault AS fault FROM sg_json_answer_rows WHERE shape_fault IS NOT NULL
      UNION ALL SELECT * FROM column_faults
      UNION ALL SELECT * FROM row_faults)
ORDER BY answer, row NULLS FIRST
LIMIT 1;
