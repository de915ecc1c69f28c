-- Defender XDR Graph incidents (security/incidents, alerts expanded or not) → staged incidents,
-- and the expanded alerts → staged alerts linked to them (src_defender_graph_alerts). The alerts
-- may be the API's list, or one alert per line as pipelines write them (src_defender_alerts);
-- one incident then spans several lines, each staged with the incident's state.
CREATE OR REPLACE TEMP TABLE src_defender_resolved_at AS
SELECT * FROM src_defender_resolved('id', 'resolvedDateTime');

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL, src_get(j, 'id'), src_get(j, 'displayName'), src_severity(src_get(j, 'severity')),
       src_defender_status(src_get(j, 'status'), src_get(j, 'assignedTo')),
       src_defender_verdict(src_get(j, 'classification')),
       NULL, src_time(src_get(j, 'createdDateTime')), NULL, NULL,
       src_defender_closed_at(j, r.resolved, 'lastUpdateDateTime'),
       src_get(j, 'assignedTo'),
       src_defender_closed_by(src_get(j, 'status'), src_get(j, 'assignedTo')),
       NULL, src_get(j, 'redirectIncidentId'),
       getvariable('sg_file_seq'), k
FROM sg_records LEFT JOIN src_defender_resolved_at r ON r.incident = src_get(j, 'id')
ORDER BY k;

CREATE OR REPLACE TEMP TABLE src_defender_copies AS
SELECT * FROM src_defender_alert_copies('id', 'lastUpdateDateTime', 'id');

CREATE OR REPLACE TEMP VIEW src_defender_graph_input AS
SELECT a, own, incident, k FROM src_defender_copies;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT * FROM src_defender_graph_alerts() ORDER BY _line, alert_id;

INSERT INTO stage_notes SELECT * FROM src_defender_unread_alerts();

DROP TABLE src_defender_resolved_at;
DROP TABLE src_defender_copies;
