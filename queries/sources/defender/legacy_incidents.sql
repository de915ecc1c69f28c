-- Defender legacy /api/incidents → staged incidents, and their nested alerts → staged alerts.
-- The alerts may be the API's list or, as pipelines write them, one alert (even one alert and
-- entity) per line, nested or flattened into `alerts.*` keys (src_defender_alerts); one incident
-- then spans several lines, each staged with the state of its latest line (src_defender_with_state).
CREATE OR REPLACE TEMP TABLE src_defender_resolved_at AS
SELECT * FROM src_defender_resolved('incidentId', 'resolvedTime');

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL, src_get(x.j, 'incidentId'), src_get(s, 'incidentName'), src_severity(src_get(s, 'severity')),
       src_defender_status(src_get(s, 'status'), src_get(s, 'assignedTo')),
       src_defender_verdict(src_get(s, 'classification')),
       NULL, src_time(src_get(s, 'createdTime')), NULL, NULL,
       src_defender_closed_at(s, r.resolved, 'lastUpdateTime'),
       src_get(s, 'assignedTo'),
       src_defender_closed_by(src_get(s, 'status'), src_get(s, 'assignedTo')),
       NULL, src_get(s, 'redirectIncidentId'),
       getvariable('sg_file_seq'), x.k
FROM src_defender_with_state('incidentId', 'lastUpdateTime') AS x
LEFT JOIN src_defender_resolved_at r ON r.incident = src_get(x.j, 'incidentId')
ORDER BY x.k;

-- Each line's version is its incident's last update (load/staging.sql, sg_row_versions).
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'incidents', getvariable('sg_file_seq'), x.k, src_ts(src_get(x.s, 'lastUpdateTime')), x.state_k
FROM src_defender_with_state('incidentId', 'lastUpdateTime') AS x
ORDER BY x.k;

CREATE OR REPLACE TEMP TABLE src_defender_copies AS
SELECT * FROM src_defender_alert_copies('incidentId', 'lastUpdateTime', 'alertId');

-- Entities of every copy of an alert (one line per entity splits them): the first user, device
-- and address over the copies.
INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
WITH rows AS (
    SELECT k, incident, a, src_get(a, 'alertId') AS alert_id,
           (list_filter(list_transform(ents, lambda e: coalesce(src_get(e, 'userPrincipalName'), src_get(e, 'accountName'))),
                        lambda v: v IS NOT NULL))[1] AS u,
           (list_filter(list_transform(list_concat(devs, ents), lambda e: coalesce(src_get(e, 'deviceDnsName'), src_get(e, 'deviceName'))),
                        lambda v: v IS NOT NULL))[1] AS h,
           (list_filter(list_transform(ents, lambda e: src_get(e, 'ipAddress')), lambda v: v IS NOT NULL))[1] AS ip
    FROM (SELECT k, incident, a,
                 coalesce(src_items(json_extract(own, '$.entities')), src_json_items(src_flat_object(own, 'entities')), []) AS ents,
                 coalesce(src_items(json_extract(own, '$.devices')), src_json_items(src_flat_object(own, 'devices')), []) AS devs
          FROM src_defender_copies)
),
entities AS (
    SELECT alert_id, first(u ORDER BY k) FILTER (WHERE u IS NOT NULL) AS u,
           first(h ORDER BY k) FILTER (WHERE h IS NOT NULL) AS h,
           first(ip ORDER BY k) FILTER (WHERE ip IS NOT NULL) AS ip
    FROM rows WHERE alert_id IS NOT NULL GROUP BY alert_id
)
SELECT NULL, r.alert_id, coalesce(incident, src_get(a, 'incidentId')), src_get(a, 'title'), NULL,
       src_get(a, 'title'), concat_ws(' / ', src_get(a, 'serviceSource'), src_get(a, 'detectionSource')),
       src_product_domain(src_get(a, 'serviceSource')),
       src_severity(src_get(a, 'severity')), src_time(src_get(a, 'firstActivity')),
       src_time(src_get(a, 'creationTime')), src_defender_status(src_get(a, 'status'), src_get(a, 'assignedTo')),
       src_defender_verdict(src_get(a, 'classification')), src_time(src_get(a, 'resolvedTime')),
       src_defender_closed_by(src_get(a, 'status'), src_get(a, 'assignedTo')),
       src_tactic(src_get(a, 'category')), src_get(a, 'mitreTechniques'),
       coalesce(e.u, r.u), coalesce(e.h, r.h), coalesce(e.ip, r.ip), src_get(a, 'category'),
       getvariable('sg_file_seq'), k
FROM rows r LEFT JOIN entities e USING (alert_id)
ORDER BY k, r.alert_id;

INSERT INTO stage_notes SELECT * FROM src_defender_unread_alerts();

DROP TABLE src_defender_resolved_at;
DROP TABLE src_defender_copies;
