-- Whether the database keeps month results (month_results.sql) laid out as this socgauge keeps
-- them: in this database (a temporary table is in another), with these columns and types. A
-- table another version laid out otherwise is not read (the next load replaces it).
SELECT coalesce(list(column_name || ' ' || data_type ORDER BY column_index)
                = ['query VARCHAR', 'definition VARCHAR', 'load_id BIGINT',
                   'period_from TIMESTAMP WITH TIME ZONE', 'period_to TIMESTAMP WITH TIME ZONE',
                   'tenant VARCHAR', 'by_tenant BOOLEAN', 'result VARCHAR'], false) AS kept
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name = 'month_results';
