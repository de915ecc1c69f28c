-- OCSF Detection Finding (2004) / Security Finding (2001) events → staged alerts. The events of
-- one finding form an activity stream: each is staged with the latest event's state (by time),
-- the creation time of the first event and the time it was first resolved. A stream exported
-- over several files is told across them by its version, the latest event: that row wins
-- whatever the order the files are loaded in.
CREATE OR REPLACE TEMP TABLE src_ocsf_finding_events AS
WITH r AS (
    SELECT k, j,
           coalesce(src_get(j, 'finding_info.uid'), src_get(j, 'finding.uid')) AS id,
           coalesce(src_time(src_get(j, 'time')), src_time(src_get(j, 'time_dt'))) AS event_time,
           -- The finding's state: status_id of a Detection Finding (2004); state_id of a
           -- Security Finding (2001), whose status_id is the event's outcome (-1, success, …).
           CASE WHEN src_get(j, 'class_uid') = '2001' THEN src_get(j, 'state_id')
                ELSE coalesce(src_get(j, 'status_id'), src_get(j, 'state_id')) END AS status_id,
           src_get(j, 'activity_id') AS activity_id
    FROM sg_records
)
SELECT *,
       -- the line of the stream's latest event, whose state the stream's rows are staged with
       first_value(k) OVER (PARTITION BY pk ORDER BY event_ts DESC NULLS LAST, k DESC) AS latest_line
FROM (SELECT *, coalesce(id, '#' || k) AS pk, sg_ts(event_time) AS event_ts FROM r);

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
WITH o AS (SELECT * FROM src_ocsf_finding_events),
stream AS (
    SELECT pk, src_iso(min(event_ts)) AS first_time,
           src_iso(min(sg_ts(src_time(coalesce(src_get(j, 'finding_info.first_seen_time'), src_get(j, 'finding.first_seen_time'),
                                               src_get(j, 'start_time'), src_get(j, 'finding_info.first_seen_time_dt')))))) AS first_seen,
           -- Suppressed, Resolved, Archived or Deleted: every status read as closed below.
           src_iso(min(event_ts) FILTER (WHERE status_id IN ('3', '4', '5', '6') OR activity_id = '3')) AS resolved_time
    FROM o GROUP BY pk
),
latest AS (
    SELECT * FROM o WHERE k = latest_line
),
s AS (
    SELECT l.pk, l.id, l.j, l.status_id, st.first_time, st.first_seen, st.resolved_time,
           coalesce(json_extract(l.j, '$.finding_info.attacks'), json_extract(l.j, '$.attacks')) AS attacks,
           concat_ws(' ', src_get(l.j, 'metadata.product.vendor_name'), src_get(l.j, 'metadata.product.name'),
                     src_get(l.j, 'metadata.product.feature.name')) AS product_text
    FROM latest l JOIN stream st USING (pk)
)
SELECT NULL, s.id, NULL,
       coalesce(src_get(s.j, 'finding_info.title'), src_get(s.j, 'finding.title')),
       coalesce(src_get(s.j, 'finding_info.analytic.uid'), src_get(s.j, 'finding_info.analytic.name'),
                src_get(s.j, 'finding_info.title'), src_get(s.j, 'finding.title')),
       coalesce(src_get(s.j, 'finding_info.analytic.name'), src_get(s.j, 'finding_info.title'), src_get(s.j, 'finding.title')),
       coalesce(src_get(s.j, 'metadata.product.name'), src_get(s.j, 'metadata.product.vendor_name')),
       src_product_domain(s.product_text),
       CASE src_get(s.j, 'severity_id') WHEN '1' THEN 'informational' WHEN '2' THEN 'low' WHEN '3' THEN 'medium'
            WHEN '4' THEN 'high' WHEN '5' THEN 'critical' WHEN '6' THEN 'critical'
            ELSE src_severity(src_get(s.j, 'severity')) END,
       s.first_seen,
       coalesce(src_time(coalesce(src_get(s.j, 'finding_info.created_time'), src_get(s.j, 'finding.created_time'))),
                src_time(src_get(s.j, 'finding_info.created_time_dt')), s.first_time),
       CASE s.status_id WHEN '1' THEN 'new' WHEN '2' THEN 'active' WHEN '3' THEN 'closed' WHEN '4' THEN 'closed'
            WHEN '5' THEN 'closed' WHEN '6' THEN 'closed' END,
       NULL,
       CASE WHEN s.status_id IN ('3', '4', '5', '6') THEN s.resolved_time END,
       NULL,
       -- `tactic` (OCSF 1.1 and later), else the `tactics` list of OCSF 1.0
       CASE WHEN s.attacks IS NOT NULL THEN nullif(array_to_string(list_concat(
                json_extract_string(s.attacks, '$[*].tactic.name'),
                json_extract_string(s.attacks, '$[*].tactics[*].name')), ';'), '') END,
       CASE WHEN s.attacks IS NOT NULL THEN nullif(array_to_string(list_concat(
                json_extract_string(s.attacks, '$[*].technique.uid'),
                json_extract_string(s.attacks, '$[*].sub_technique.uid')), ';'), '') END,
       coalesce(src_get(s.j, 'actor.user.name'), src_get(s.j, 'actor.user.email_addr'), src_get(s.j, 'user.name')),
       coalesce(src_get(s.j, 'device.hostname'), src_get(s.j, 'device.name')),
       coalesce(src_get(s.j, 'src_endpoint.ip'), src_get(s.j, 'device.ip')),
       getvariable('sg_file_seq'), o.k
FROM o JOIN s USING (pk)
ORDER BY o.k;

-- Each row's version is its stream's latest event in this file; the row keeps that event's state.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'alerts', getvariable('sg_file_seq'), k, max(event_ts) OVER (PARTITION BY pk), latest_line
FROM src_ocsf_finding_events
WHERE id IS NOT NULL
ORDER BY k;

DROP TABLE src_ocsf_finding_events;
