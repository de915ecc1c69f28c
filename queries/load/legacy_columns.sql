-- Whether the stored tables have the columns added after the first release (incidents.category,
-- alerts.category, loads.file_key, loads.tenant_rows), and the database's name. A database written before them and
-- opened read-only, where they cannot be added, reads them through the temporary views of
-- legacy_view.sql.
SELECT coalesce(bool_or(table_name = 'incidents' AND column_name = 'category'), false) AS incidents_category,
       coalesce(bool_or(table_name = 'alerts' AND column_name = 'category'), false) AS alerts_category,
       coalesce(bool_or(table_name = 'loads' AND column_name = 'file_key'), false) AS loads_file_key,
       coalesce(bool_or(table_name = 'loads' AND column_name = 'tenant_rows'), false) AS loads_tenant_rows,
       current_database() AS database
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name IN ('incidents', 'alerts', 'loads');
