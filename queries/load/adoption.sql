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
WITH canonical AS (
    SELECT column_index AS position, column_name AS name, data_type, is_nullable, column_default,
           comment
    FROM duckdb_columns()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
),
normalised AS (
    SELECT column_index AS position,
           CASE column_name WHEN '_line' THEN 'source_line' ELSE column_name END AS name, data_type
    FROM duckdb_columns()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $2
      AND column_name NOT IN ('_file_seq', '_problem')
)
SELECT coalesce(
       EXISTS (SELECT 1 FROM normalised)
       AND (SELECT list((name, data_type) ORDER BY position) FROM canonical)
           = (SELECT list((name, data_type) ORDER BY position) FROM normalised)
       AND NOT EXISTS (SELECT 1 FROM canonical
                       WHERE column_default IS NOT NULL OR comment IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM duckdb_indexes()
                       WHERE database_name = current_database() AND schema_name = 'main'
                         AND table_name = $1)
       AND NOT EXISTS (SELECT 1 FROM duckdb_constraints()
                       WHERE database_name = current_database() AND schema_name = 'main'
                         AND table_name = $1 AND constraint_type <> 'NOT NULL')
       AND NOT EXISTS (SELECT 1 FROM duckdb_constraints()
                       WHERE database_name = current_database() AND constraint_type = 'FOREIGN KEY'
                         AND referenced_table = $1)
       AND NOT EXISTS (SELECT 1 FROM duckdb_tables()
                       WHERE database_name = current_database() AND schema_name = 'main'
                         AND table_name = $1 AND comment IS NOT NULL),
       false) AS adoptable,
       (SELECT coalesce(list(name ORDER BY position) FILTER (WHERE NOT is_nullable), [])
        FROM canonical) AS not_null;
