-- The answers of a Log Analytics query answer file (json_tables_answer.sql), one row per answer:
-- its table `PrimaryResult` (the query's result), else its first (the others hold what the
-- service adds, such as statistics), as its column names and its list of rows, with what is wrong
-- with the table's shape (shape_fault: NULL when its columns and rows are lists). The rows are
-- listed here, in a table of their own, to be unnested from it (json_tables_faults.sql,
-- json_tables_as_records.sql): unnested beside the answer's whole text, DuckDB 1.2 held memory
-- per row in proportion to the answer (an answer of 20,000 rows of 1 KB ran out of 1.25 GB).
CREATE OR REPLACE TEMP TABLE sg_json_answer_rows AS
WITH answers AS (
    SELECT k AS top,
           json_extract(j, '$.tables[' || (coalesce(list_position(json_extract_string(j, '$.tables[*].name'), 'PrimaryResult'), 1) - 1) || ']') AS tbl
    FROM sg_json_raw
    WHERE json_type(j, '$.tables') = 'ARRAY'
)
SELECT top,
       CASE WHEN tbl IS NULL THEN 'there is no table'
            WHEN coalesce(json_type(tbl, '$.columns'), 'NULL') <> 'ARRAY' THEN 'the columns are not a list'
            WHEN coalesce(json_type(tbl, '$.rows'), 'NULL') <> 'ARRAY' THEN 'the rows are not a list'
       END AS shape_fault,
       list_transform(TRY_CAST(json_extract(tbl, '$.columns') AS JSON[]),
                      lambda col: json_extract_string(col, '$.name')) AS names,
       TRY_CAST(json_extract(tbl, '$.rows') AS JSON[]) AS row_list
FROM answers
ORDER BY top;
