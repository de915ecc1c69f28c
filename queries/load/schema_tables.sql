-- The canonical tables (schema.sql) missing from a database opened read-only, where they cannot
-- be created: an empty list for a socgauge database.
SELECT coalesce(list(t.name ORDER BY t.name) FILTER (WHERE d.table_name IS NULL), CAST([] AS VARCHAR[])) AS missing
FROM (VALUES ('incidents'), ('alerts'), ('automation'), ('rejects'), ('loads'), ('links'), ('incident_reviews')) AS t(name)
LEFT JOIN duckdb_tables() AS d
  ON d.table_name = t.name AND d.database_name = current_database() AND d.schema_name = 'main';
