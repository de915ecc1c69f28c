-- Defender XDR Graph alerts (security/alerts_v2) → staged alerts (src_defender_graph_alerts in
-- queries/sources/defender.sql: entities from the typed evidence list).
CREATE OR REPLACE TEMP VIEW src_defender_graph_input AS SELECT j AS a, j AS own, CAST(NULL AS VARCHAR) AS incident, k FROM sg_records;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT * FROM src_defender_graph_alerts() ORDER BY _line;


-- Each alert's version is its last update (load/staging.sql, sg_row_versions): of an alert in
-- two exports (alerts_v2 pages, or an incident's expanded alerts), the copy updated last is kept.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line, id)
SELECT DISTINCT 'alerts', getvariable('sg_file_seq'), k, src_ts(src_get(j, 'lastUpdateDateTime')), NULL,
       src_get(j, 'id')
FROM sg_records
WHERE src_get(j, 'id') IS NOT NULL
ORDER BY ALL;
