-- Whether the canonical table $1 can adopt the load's normalised table $2 (load/adopt_rows.sql),
-- and the columns whose NOT NULL constraint it then sets again. It can when:
-- - $2 is a table of the database, not TEMP (it is when $1 was empty at the start of the load:
--   load/staging.sql);
-- - without the helper columns adopt_rows.sql drops (_file_seq, _problem) and with _line named
--   source_line, $2 has $1's columns in order and type, and $1 has no column default (a database
--   another version laid out otherwise gets the copy);
-- - $1 carries nothing a rename would lose: an index, a constraint other than NOT NULL, a foreign
--   key of another table referencing it, a comment on it or one of its columns (a user may add any
--   of these to a socgauge database).
-- Each catalog is read once and nothing is joined but the final row and the list of what
-- blocks: written as a join of a subquery per condition, the plan's join order took 20 ms of
-- every load's kind.
WITH columns AS (
    SELECT table_name = $1 AS canonical, column_index AS position, column_name,
           CASE WHEN table_name = $2 AND column_name = '_line' THEN 'source_line' ELSE column_name END AS name,
           data_type, is_nullable, column_default, comment
    FROM duckdb_columns()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN ($1, $2)
),
blockers AS (
    SELECT 'column default or comment' AS what FROM columns
    WHERE canonical AND (column_default IS NOT NULL OR comment IS NOT NULL)
    UNION ALL
    SELECT 'index' FROM duckdb_indexes()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
    UNION ALL
    SELECT 'constraint' FROM duckdb_constraints()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
      AND constraint_type <> 'NOT NULL'
    UNION ALL
    SELECT 'foreign key' FROM duckdb_constraints()
    WHERE database_name = current_database() AND constraint_type = 'FOREIGN KEY'
      AND referenced_table = $1
    UNION ALL
    SELECT 'table comment' FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
      AND comment IS NOT NULL
),
shapes AS (
    SELECT list((name, data_type) ORDER BY position) FILTER (WHERE canonical) AS canonical_shape,
           list((name, data_type) ORDER BY position)
               FILTER (WHERE NOT canonical AND column_name NOT IN ('_file_seq', '_problem')) AS normalised_shape,
           coalesce(list(name ORDER BY position) FILTER (WHERE canonical AND NOT is_nullable), []) AS not_null
    FROM columns
)
SELECT coalesce(normalised_shape IS NOT NULL AND canonical_shape = normalised_shape
                AND NOT EXISTS (SELECT 1 FROM blockers), false) AS adoptable,
       not_null
FROM shapes;
