-- Whether a table of the database carries anything a rename into its place would lose: an index,
-- a constraint other than NOT NULL (those load/adopt_rows.sql sets again), a foreign key of
-- another table that references it, or a comment on it or one of its columns (a user may add any
-- of these to a socgauge database). Such a table never adopts the load's normalised table: the
-- merge copies the rows into it. $1 the table's name.
SELECT EXISTS (SELECT 1 FROM duckdb_indexes()
               WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1)
    OR EXISTS (SELECT 1 FROM duckdb_constraints()
               WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
                 AND constraint_type <> 'NOT NULL')
    OR EXISTS (SELECT 1 FROM duckdb_constraints()
               WHERE database_name = current_database() AND constraint_type = 'FOREIGN KEY'
                 AND referenced_table = $1)
    OR EXISTS (SELECT 1 FROM duckdb_tables()
               WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
                 AND comment IS NOT NULL)
    OR EXISTS (SELECT 1 FROM duckdb_columns()
               WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
                 AND comment IS NOT NULL) AS extras;
