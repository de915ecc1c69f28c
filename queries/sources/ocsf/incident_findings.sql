-- OCSF Incident Finding (2005) events → staged incidents and links. The activity stream of an
-- incident gives its latest state, its creation (finding_info.created_time, else the first
-- event), its acknowledgement (first Update that set In Progress or an assignee) and its close
-- (first event with status Resolved or Closed, or the Close activity, of a closed incident). A
-- stream exported over several files (hourly or daily exports) is told across them: the row of
-- the latest event wins whatever the order the files are loaded in (its version), and the
-- acknowledgement is the earliest of every file and load: the acknowledging events are review
-- times (stage_reviews), which give the row its acknowledgement, the row itself none (its own
-- file's would win over an earlier file's).
CREATE OR REPLACE TEMP TABLE src_ocsf_incident_events AS
WITH r AS (
    SELECT k, j,
           coalesce(src_get(j, 'finding_info.uid'), src_get(j, 'metadata.correlation_uid')) AS id,
           coalesce(src_time(src_get(j, 'time')), src_time(src_get(j, 'time_dt'))) AS event_time,
           src_get(j, 'status_id') AS status_id,
           src_get(j, 'activity_id') AS activity_id,
           coalesce(src_get(j, 'assignee.name'), src_get(j, 'assignee.email_addr'), src_get(j, 'assignee.uid')) AS assignee
    FROM sg_records
)
SELECT *,
       -- the line of the stream's latest event, whose state the stream's rows are staged with
       first_value(k) OVER (PARTITION BY pk ORDER BY event_ts DESC NULLS LAST, k DESC) AS latest_line
FROM (SELECT *, coalesce(id, '#' || k) AS pk, sg_ts(event_time) AS event_ts,
             activity_id = '2' AND (status_id = '2' OR assignee IS NOT NULL) AS acknowledges,
             status_id IN ('4', '5') OR activity_id = '3' AS closes
      FROM r);

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
WITH o AS (SELECT * FROM src_ocsf_incident_events),
stream AS (
    SELECT pk, src_iso(min(event_ts)) AS first_time,
           -- the finding's own creation time, which a stream exported from after its Create
           -- event still carries (as the findings shape reads it)
           src_iso(min(sg_ts(coalesce(src_time(src_get(j, 'finding_info.created_time')),
                                      src_time(src_get(j, 'finding_info.created_time_dt')))))) AS created_time,
           src_iso(min(sg_ts(src_time(src_get(j, 'start_time'))))) AS start_time,
           src_iso(min(event_ts) FILTER (WHERE closes)) AS closed_time
    FROM o GROUP BY pk
),
latest AS (
    SELECT * FROM o WHERE k = latest_line
)
SELECT NULL, l.id, src_get(l.j, 'finding_info.title'),
       CASE src_get(l.j, 'severity_id') WHEN '1' THEN 'informational' WHEN '2' THEN 'low' WHEN '3' THEN 'medium'
            WHEN '4' THEN 'high' WHEN '5' THEN 'critical' WHEN '6' THEN 'critical'
            ELSE src_severity(src_get(l.j, 'severity')) END,
       -- A duplicate is merged, however it was closed (closing is how a duplicate is marked).
       CASE WHEN src_get(l.j, 'verdict_id') = '10' THEN 'redirected'
            WHEN l.status_id IN ('4', '5') OR l.activity_id = '3' THEN 'closed'
            WHEN l.status_id IN ('2', '3') THEN 'active' WHEN l.status_id = '1' THEN 'new' END,
       CASE src_get(l.j, 'verdict_id') WHEN '1' THEN 'false_positive' WHEN '2' THEN 'true_positive'
            WHEN '5' THEN 'benign_positive' WHEN '6' THEN 'benign_positive' WHEN '7' THEN 'undetermined'
            WHEN '8' THEN 'true_positive' END,
       st.start_time,
       coalesce(st.created_time, st.first_time), NULL, NULL,
       CASE WHEN l.status_id IN ('4', '5') OR l.activity_id = '3' THEN st.closed_time END,
       l.assignee, NULL, NULL, NULL,
       getvariable('sg_file_seq'), o.k
FROM o JOIN latest l USING (pk) JOIN stream st USING (pk)
ORDER BY o.k;

-- Each row's version is its stream's latest event in this file; the row keeps that event's state.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'incidents', getvariable('sg_file_seq'), k, max(event_ts) OVER (PARTITION BY pk), latest_line
FROM src_ocsf_incident_events
WHERE id IS NOT NULL
ORDER BY k;

INSERT INTO stage_reviews (tenant, incident_id, reviewed_at, acknowledges, closes, _file_seq, _line)
SELECT NULL, id, src_iso(event_ts), true, false, getvariable('sg_file_seq'), k
FROM src_ocsf_incident_events
WHERE id IS NOT NULL AND event_ts IS NOT NULL AND acknowledges
ORDER BY k;

INSERT INTO stage_links (tenant, incident_id, alert_id, _file_seq, _line)
SELECT NULL, id, json_extract_string(f, '$.uid'), getvariable('sg_file_seq'), k
FROM (SELECT k, coalesce(src_get(j, 'finding_info.uid'), src_get(j, 'metadata.correlation_uid')) AS id,
             unnest(CAST(json_extract(j, '$.finding_info_list') AS JSON[])) AS f
      FROM sg_records WHERE json_type(json_extract(j, '$.finding_info_list')) = 'ARRAY')
ORDER BY k;

DROP TABLE src_ocsf_incident_events;
