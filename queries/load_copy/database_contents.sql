-- What a database file holds, before a load takes it.
-- empty: no table, view, sequence, macro or type at all: a file that a load created (or an empty one),
--   which a failed first load removes again. A file holding anything else is kept.
-- socgauge: socgauge's first table (incidents, with its tenant and incident_id columns, in every
--   version of the schema). A file that is not empty and lacks it belongs to another
--   application, and is never loaded into.
SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database())
     + (SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND NOT internal)
     + (SELECT count(*) FROM duckdb_sequences() WHERE database_name = current_database())
     + (SELECT count(*) FROM duckdb_functions()
        WHERE database_name = current_database() AND NOT internal
          AND function_type IN ('macro', 'table_macro'))
     + (SELECT count(*) FROM duckdb_types() WHERE database_name = current_database() AND NOT internal) = 0 AS empty,
       (SELECT count(DISTINCT column_name) FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main'
          AND table_name = 'incidents' AND column_name IN ('tenant', 'incident_id')) = 2 AS socgauge;
