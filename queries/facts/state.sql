-- Whether the database holds facts of this definition ($1 is facts::VERSION): both tables,
-- stored (not temporary), alert_facts stamped with the version (stamp.sql).
SELECT count(*) FILTER (WHERE table_name = 'incident_facts') = 1
       AND count(*) FILTER (WHERE table_name = 'alert_facts' AND comment = 'socgauge facts ' || $1) = 1 AS current
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
  AND table_name IN ('incident_facts', 'alert_facts');
