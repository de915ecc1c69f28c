-- Defender XDR helpers shared by the defender scripts (queries/sources/defender/).

-- Defender's verdict vocabularies (Graph camelCase, legacy PascalCase) → canonical; `unknown` is
-- "not classified yet", not an analyst's "undetermined".
CREATE OR REPLACE TEMP MACRO src_defender_verdict(v) AS list_transform([v], lambda x: (
    CASE lower(coalesce(x, ''))
        WHEN 'truepositive' THEN 'true_positive'
        WHEN 'falsepositive' THEN 'false_positive'
        WHEN 'informationalexpectedactivity' THEN 'benign_positive'
        WHEN 'benignpositive' THEN 'benign_positive'
    END))[1];

-- Defender's incident and alert statuses → canonical: `active` is Defender's default open state,
-- so it reads as new until someone is assigned.
CREATE OR REPLACE TEMP MACRO src_defender_status(v, assigned) AS list_transform([v], lambda x: (
    CASE lower(coalesce(x, ''))
        WHEN 'active' THEN CASE WHEN src_nn(assigned) IS NULL THEN 'new' ELSE 'active' END
        WHEN 'new' THEN 'new'
        WHEN 'inprogress' THEN 'active'
        WHEN 'awaitingaction' THEN 'active'
        WHEN 'resolved' THEN 'closed'
        WHEN 'redirected' THEN 'redirected'
        WHEN '' THEN NULL
        WHEN 'unknown' THEN NULL
        WHEN 'unknownfuturevalue' THEN NULL
        ELSE x
    END))[1];

-- Who closed a resolved incident or alert: Automated investigation and response assigns it to
-- `Automation`; anyone else assigned is a person.
CREATE OR REPLACE TEMP MACRO src_defender_closed_by(status, assigned) AS
    CASE WHEN lower(status) = 'resolved'
         THEN CASE WHEN lower(assigned) = 'automation' THEN 'automation'
                   WHEN assigned IS NOT NULL THEN 'human' END END;

-- The items of a JSON value that holds a list or one object (pipelines split an API's lists
-- into one line per item, leaving the item as an object), or JSON text of either (a CSV cell).
-- NULL when it holds neither.
CREATE OR REPLACE TEMP MACRO src_json_items(x) AS
    CASE json_type(x) WHEN 'ARRAY' THEN TRY_CAST(x AS JSON[]) WHEN 'OBJECT' THEN [x] END;
CREATE OR REPLACE TEMP MACRO src_items(x) AS
    list_transform([x], lambda v: coalesce(src_json_items(v),
                                           CASE json_type(v) WHEN 'VARCHAR' THEN src_json_items(src_json(json_extract_string(v, '$'))) END))[1];

-- The keys `member.*` of a record whose collector flattened a nested object into dotted keys
-- (`alerts.alertId`, `alerts.entities.userPrincipalName`), as that object; NULL when it has none.
CREATE OR REPLACE TEMP MACRO src_flat_object(j, member) AS
    list_transform([list_filter(json_keys(j), lambda kk: starts_with(kk, member || '.'))], lambda ks:
        CASE WHEN len(ks) > 0
             THEN to_json(map_from_entries(list_transform(ks, lambda kk: {'k': substr(kk, length(member) + 2),
                                                                          'v': json_extract(j, '$."' || replace(kk, '"', '\"') || '"')})))
        END)[1];

-- The alerts an incident record lists: the API's list, one object per line (Event Hub, Logstash
-- and agent-based collectors split the list), JSON text of either (a CSV cell; `alerts_s` in a
-- Log Analytics custom table), or flattened `alerts.*` keys (collectors that flatten nested
-- objects). The key is matched as exports spell it: `alerts` or `Alerts`.
CREATE OR REPLACE TEMP MACRO src_defender_alerts(j) AS
    coalesce(src_items(json_extract(j, '$.alerts')), src_items(json_extract(j, '$.Alerts')),
             src_items(json_extract(j, '$.alerts_s')),
             src_json_items(src_flat_object(j, 'alerts')), src_json_items(src_flat_object(j, 'Alerts')));

-- Whether a record carries something under a key starting with `alerts` (any case; not null,
-- not empty, not an empty list): when none of it can be read as alerts, the load says so rather
-- than keep the incident without them.
CREATE OR REPLACE TEMP MACRO src_defender_lists_alerts(j) AS
    len(list_filter(json_keys(j), lambda kk: starts_with(lower(kk), 'alerts') AND
        list_transform([json_extract(j, '$."' || replace(kk, '"', '\"') || '"')], lambda x: coalesce(
            CASE json_type(x) WHEN 'NULL' THEN false
                              WHEN 'ARRAY' THEN json_array_length(x) > 0
                              WHEN 'OBJECT' THEN true
                              ELSE src_nn(json_extract_string(x, '$')) IS NOT NULL
                                   AND src_nn(json_extract_string(x, '$')) <> '[]' END, false))[1])) > 0;

-- The table macros below read the file's records (the view sg_records, which the loader sets
-- before each script); until then, an empty one lets them be created.
CREATE TEMP VIEW IF NOT EXISTS sg_records AS SELECT CAST(NULL AS JSON) AS j, CAST(NULL AS BIGINT) AS k WHERE false;

-- The incident records of a Defender file with their alerts, one row per (record, alert), read
-- by both incident scripts: `id_key` names the incident id, `updated_key` its last update,
-- `alert_id_key` the alert id. An alert listed under several incidents of the file (pipelines
-- write every incident an alert has ever been in; Defender moves alerts when it merges incidents)
-- belongs to one, by this rule: the incident the alert names itself (`incidentId`) when that
-- incident is in the file and not redirected; else the listing incident that is not redirected,
-- the most recently updated, then the highest id. Every copy of the alert carries the chosen
-- copy's values, so whichever the merge keeps is the same alert.
CREATE OR REPLACE TEMP MACRO src_defender_alert_copies(id_key, updated_key, alert_id_key) AS TABLE
WITH records AS (
    SELECT k, j, src_get(j, id_key) AS incident,
           coalesce(lower(src_get(j, 'status')) = 'redirected', false) AS redirected,
           coalesce(src_ts(src_get(j, updated_key)), TIMESTAMPTZ '1970-01-01 00:00:00+00') AS updated
    FROM sg_records
),
copies AS (
    SELECT k, incident, redirected, updated, a, src_get(a, alert_id_key) AS alert_id,
           src_get(a, 'incidentId') AS named
    FROM (SELECT k, incident, redirected, updated, unnest(alerts) AS a
          FROM (SELECT k, incident, redirected, updated, src_defender_alerts(j) AS alerts FROM records))
    WHERE json_type(a) = 'OBJECT'
),
live AS (SELECT DISTINCT incident FROM records WHERE NOT redirected),
chosen AS (
    SELECT c.alert_id,
           arg_max({'incident': c.incident, 'a': c.a},
                   (l.incident IS NOT NULL AND c.named = c.incident, NOT c.redirected, c.updated, c.incident, c.k)) AS w
    FROM copies c LEFT JOIN live l ON l.incident = c.incident
    WHERE c.alert_id IS NOT NULL
    GROUP BY c.alert_id
)
SELECT c.k, coalesce(w.w.incident, c.incident) AS incident, coalesce(w.w.a, c.a) AS a, c.a AS own
FROM copies c LEFT JOIN chosen w USING (alert_id);

-- Each record with its incident's state `s`: the record of the incident's latest line
-- (`state_k`), by `update_key` (lastUpdateDateTime / lastUpdateTime), of two at the same instant
-- the later line.
-- A collector polling the API writes one line per update (or per alert): every line is staged
-- with that state and still counts as read, so the file's order, newest first or oldest first,
-- does not matter.
CREATE OR REPLACE TEMP MACRO src_defender_with_state(id_key, update_key) AS TABLE
SELECT g.j, g.k, coalesce(l.state, g.j) AS s, coalesce(l.state_k, g.k) AS state_k
FROM sg_records AS g
LEFT JOIN (
    SELECT src_get(j, id_key) AS id, j AS state, k AS state_k
    FROM sg_records
    WHERE src_get(j, id_key) IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY src_get(j, id_key)
                               ORDER BY src_ts(src_get(j, update_key)) DESC NULLS LAST, k DESC) = 1
) AS l ON l.id = src_get(g.j, id_key);

-- The latest alert resolution time (`member`) of each incident of the file, over every record of
-- it: a resolved incident's close time, which the APIs do not give. The alerts are listed before
-- they are unnested: unnested beside the record, DuckDB 1.2 held memory per alert in proportion
-- to the whole record (an incident of 300 alerts with their evidence took more than 1 GB).
CREATE OR REPLACE TEMP MACRO src_defender_resolved(id_key, member) AS TABLE
SELECT incident, max(TRY_CAST(src_get(a, member) AS TIMESTAMPTZ)) AS resolved
FROM (SELECT incident, unnest(alerts) AS a
      FROM (SELECT src_get(j, id_key) AS incident, src_defender_alerts(j) AS alerts FROM sg_records))
GROUP BY incident;

-- A resolved incident's close time: the latest resolution time of its alerts, else its last
-- update (an approximation).
CREATE OR REPLACE TEMP MACRO src_defender_closed_at(j, resolved, last_update) AS
    CASE WHEN lower(src_get(j, 'status')) = 'resolved'
         THEN coalesce(src_iso(resolved), src_time(src_get(j, last_update))) END;

-- Records whose `alerts` could not be read, and list items that are not alerts, as notes for the
-- user (stage_notes).
CREATE OR REPLACE TEMP MACRO src_defender_unread_alerts() AS TABLE
SELECT getvariable('sg_file_seq') AS _file_seq,
       src_count_note(count(*), 'record lists alerts that are neither a list nor an object of alerts: its incident is loaded without those alerts',
                      'records list alerts that are neither a list nor an object of alerts: their incidents are loaded without those alerts') AS note,
       count(*) AS n
FROM sg_records
WHERE src_defender_lists_alerts(j) AND coalesce(len(list_filter(src_defender_alerts(j), lambda a: json_type(a) = 'OBJECT')), 0) = 0
HAVING count(*) > 0
UNION ALL
-- Items of a list that also holds alerts but are not objects themselves (a number, text or null
-- among them): nothing to read, counted so that they do not vanish.
SELECT getvariable('sg_file_seq'),
       src_count_note(sum(len(list_filter(src_defender_alerts(j), lambda a: json_type(a) IS DISTINCT FROM 'OBJECT'))),
                      'item of an alert list that is not an alert (not a JSON object) was skipped',
                      'items of alert lists that are not alerts (not JSON objects) were skipped'),
       sum(len(list_filter(src_defender_alerts(j), lambda a: json_type(a) IS DISTINCT FROM 'OBJECT')))
FROM sg_records
WHERE len(list_filter(src_defender_alerts(j), lambda a: json_type(a) = 'OBJECT')) > 0
HAVING coalesce(sum(len(list_filter(src_defender_alerts(j), lambda a: json_type(a) IS DISTINCT FROM 'OBJECT'))), 0) > 0;

-- Graph alerts (alerts_v2, or expanded under an incident) as staged alert rows. Reads the view
-- src_defender_graph_input (a = the alert, own = this record's copy of it, incident = the
-- incident holding it, if any, k = line) that the calling script defines; the empty one here lets
-- the macro be created. Entities come from the evidence of every copy of the alert (a pipeline
-- writing one line per evidence splits them over lines): the first user, device and address.
CREATE OR REPLACE TEMP VIEW src_defender_graph_input AS
SELECT CAST(NULL AS JSON) AS a, CAST(NULL AS JSON) AS own, CAST(NULL AS VARCHAR) AS incident, CAST(NULL AS BIGINT) AS k WHERE false;

CREATE OR REPLACE TEMP MACRO src_defender_graph_alerts() AS TABLE
WITH rows AS (
    SELECT a, incident, k, src_get(a, 'id') AS alert_id,
           (list_filter(list_transform(ev, lambda e: coalesce(src_get(e, 'userAccount.userPrincipalName'),
                                                              src_get(e, 'userAccount.accountName'))),
                        lambda v: v IS NOT NULL))[1] AS u,
           (list_filter(list_transform(ev, lambda e: src_get(e, 'deviceDnsName')), lambda v: v IS NOT NULL))[1] AS h,
           (list_filter(list_transform(ev, lambda e: src_get(e, 'ipAddress')), lambda v: v IS NOT NULL))[1] AS ip
    FROM (SELECT a, incident, k, src_items(json_extract(own, '$.evidence')) AS ev FROM src_defender_graph_input)
),
entities AS (
    SELECT alert_id, first(u ORDER BY k) FILTER (WHERE u IS NOT NULL) AS u,
           first(h ORDER BY k) FILTER (WHERE h IS NOT NULL) AS h,
           first(ip ORDER BY k) FILTER (WHERE ip IS NOT NULL) AS ip
    FROM rows WHERE alert_id IS NOT NULL GROUP BY alert_id
)
SELECT NULL AS tenant, r.alert_id, coalesce(incident, src_get(a, 'incidentId')) AS incident_id,
       src_get(a, 'title') AS title, src_get(a, 'detectorId') AS rule_id, src_get(a, 'title') AS rule_name,
       concat_ws(' / ', src_get(a, 'serviceSource'), src_get(a, 'detectionSource')) AS product,
       src_product_domain(src_get(a, 'serviceSource')) AS domain,
       src_severity(src_get(a, 'severity')) AS severity,
       src_time(src_get(a, 'firstActivityDateTime')) AS first_activity_at,
       src_time(src_get(a, 'createdDateTime')) AS created_at,
       src_defender_status(src_get(a, 'status'), src_get(a, 'assignedTo')) AS status,
       src_defender_verdict(src_get(a, 'classification')) AS verdict,
       src_time(src_get(a, 'resolvedDateTime')) AS closed_at,
       src_defender_closed_by(src_get(a, 'status'), src_get(a, 'assignedTo')) AS closed_by,
       src_tactic(src_get(a, 'category')) AS tactics,
       src_get(a, 'mitreTechniques') AS techniques,
       coalesce(e.u, r.u) AS entity_user, coalesce(e.h, r.h) AS entity_host, coalesce(e.ip, r.ip) AS entity_ip,
       -- the alert's category as Defender writes it (a kill-chain stage: DefenseEvasion, …)
       src_get(a, 'category') AS category,
       getvariable('sg_file_seq') AS _file_seq, k AS _line
FROM rows r LEFT JOIN entities e USING (alert_id);
