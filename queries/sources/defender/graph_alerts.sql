-- Defender XDR Graph alerts (security/alerts_v2) → staged alerts (src_defender_graph_alerts in
-- queries/sources/defender.sql: entities from the typed evidence list).
CREATE OR REPLACE TEMP VIEW src_defender_graph_input AS SELECT j AS a, j AS own, CAST(NULL AS VARCHAR) AS incident, k FROM sg_records;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT * FROM src_defender_graph_alerts() ORDER BY _line;

