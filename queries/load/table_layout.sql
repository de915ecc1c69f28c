-- The columns of a table of the database (not a TEMP one), in order: whether an empty canonical
-- table can adopt the load's normalised table (load/adopt_rows.sql) is told from the two layouts.
-- $1 the table's name.
SELECT column_name AS name, data_type AS type, is_nullable AS nullable,
       column_default AS default_value
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1
ORDER BY column_index;
