-- Whether the database holds facts of this definition ($1 is facts::VERSION): every facts table,
-- stored (not temporary), alert_facts stamped with the version (stamp.sql).
SELECT count(*) FILTER (WHERE table_name IN ('incident_facts', 'incident_fields', 'alert_fields', 'created_days',
                                                  'alert_days', 'alert_day_attack', 'alert_hours',
                                                  'alert_months')) = 8
       AND count(*) FILTER (WHERE table_name = 'alert_facts' AND comment = 'socgauge facts ' || $1) = 1 AS current
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
  AND table_name IN ('incident_facts', 'alert_facts', 'incident_fields', 'alert_fields', 'created_days',
                     'alert_days', 'alert_day_attack', 'alert_hours', 'alert_months');
