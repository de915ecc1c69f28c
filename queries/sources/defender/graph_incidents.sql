-- Defender XDR Graph incidents (security/incidents, alerts expanded or not) → staged incidents,
-- and the expanded alerts → staged alerts linked to them (src_defender_graph_alerts). The alerts
-- may be the API's list, or one alert per line as pipelines write them (src_defender_alerts);
-- one incident then spans several lines, each staged with the incident's state.
CREATE OR REPLACE TEMP TABLE src_defender_resolved_at AS
SELECT * FROM src_defender_resolved('id', 'resolvedDateTime');

-- An incident written on several lines (one per update, as a collector polling the API writes
-- it, or one per alert) takes its state from its latest line: by lastUpdateDateTime, of two at
-- the same instant the later line. Every line is staged with that state (and still counts as
-- read), so the file's order, newest first or oldest first, does not matter.
CREATE OR REPLACE TEMP TABLE src_defender_latest AS
SELECT id, j AS state
FROM (
    SELECT src_get(j, 'id') AS id, j,
           row_number() OVER (PARTITION BY src_get(j, 'id')
                              ORDER BY src_ts(src_get(j, 'lastUpdateDateTime')) DESC NULLS LAST, k DESC) AS nth
    FROM sg_records
    WHERE src_get(j, 'id') IS NOT NULL
)
WHERE nth = 1;

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
FROM (
    SELECT g.j, g.k, coalesce(l.state, g.j) AS s
    FROM sg_records AS g LEFT JOIN src_defender_latest AS l ON l.id = src_get(g.j, 'id')
) AS x
LEFT JOIN src_defender_resolved_at r ON r.incident = src_get(x.j, 'id')
ORDER BY x.k;

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
DROP TABLE src_defender_latest;
DROP TABLE src_defender_copies;
