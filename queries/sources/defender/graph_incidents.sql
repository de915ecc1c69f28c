-- Defender XDR Graph incidents (security/incidents, alerts expanded or not) → staged incidents,
-- and the expanded alerts → staged alerts linked to them (src_defender_graph_alerts). The alerts
-- may be the API's list, or one alert per line as pipelines write them (src_defender_alerts);
-- one incident then spans several lines, each staged with the state of its latest line
-- (src_defender_with_state).
CREATE OR REPLACE TEMP TABLE src_defender_resolved_at AS
SELECT * FROM src_defender_resolved('id', 'resolvedDateTime');

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL, src_get(x.j, 'id'), src_get(s, 'displayName'), src_severity(src_get(s, 'severity')),
       src_defender_status(src_get(s, 'status'), src_get(s, 'assignedTo')),
       src_defender_verdict(src_get(s, 'classification')),
       NULL, src_time(src_get(s, 'createdDateTime')), NULL, NULL,
       src_defender_closed_at(s, r.resolved, 'lastUpdateDateTime'),
       src_get(s, 'assignedTo'),
       src_defender_closed_by(src_get(s, 'status'), src_get(s, 'assignedTo')),
       NULL, src_get(s, 'redirectIncidentId'),
       getvariable('sg_file_seq'), x.k
FROM src_defender_with_state('id', 'lastUpdateDateTime') AS x
LEFT JOIN src_defender_resolved_at r ON r.incident = src_get(x.j, 'id')
ORDER BY x.k;

-- Each line's version is its incident's last update (load/staging.sql, sg_row_versions).
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'incidents', getvariable('sg_file_seq'), x.k, src_ts(src_get(x.s, 'lastUpdateDateTime')), x.state_k
FROM src_defender_with_state('id', 'lastUpdateDateTime') AS x
ORDER BY x.k;

CREATE OR REPLACE TEMP TABLE src_defender_copies AS
SELECT * FROM src_defender_alert_copies('id', 'lastUpdateDateTime', 'id');

CREATE OR REPLACE TEMP VIEW src_defender_graph_input AS
SELECT a, own, incident, k FROM src_defender_copies;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT * FROM src_defender_graph_alerts() ORDER BY _line, alert_id;

-- Each staged alert's version is its chosen copy's last update (load/staging.sql,
-- sg_row_versions): of an alert in two exports, loaded together or not, the copy updated last is
-- kept.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line, id)
SELECT DISTINCT 'alerts', getvariable('sg_file_seq'), k, src_ts(src_get(a, 'lastUpdateDateTime')), NULL,
       src_get(a, 'id')
FROM src_defender_graph_input
WHERE src_get(a, 'id') IS NOT NULL
ORDER BY ALL;

INSERT INTO stage_notes SELECT * FROM src_defender_unread_alerts();

DROP TABLE src_defender_resolved_at;
DROP TABLE src_defender_copies;
