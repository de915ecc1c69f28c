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

-- A resolved incident's close time: the APIs have none, so the latest resolution time of its
-- alerts (`member` of each item of the `alerts` list), else its last update (an approximation).
CREATE OR REPLACE TEMP MACRO src_defender_closed_at(j, member, last_update) AS
    CASE WHEN lower(src_get(j, 'status')) = 'resolved'
         THEN coalesce(src_iso(list_max(list_transform(TRY_CAST(json_extract(j, '$.alerts') AS JSON[]),
                                                       lambda a: TRY_CAST(json_extract_string(a, '$.' || member) AS TIMESTAMPTZ)))),
                       src_time(src_get(j, last_update))) END;

-- Graph alerts (alerts_v2, or expanded under an incident) as staged alert rows. Reads the view
-- src_defender_graph_input (a = the alert, incident = the incident holding it, if any, k = line)
-- that the calling script defines; the empty one here lets the macro be created.
CREATE OR REPLACE TEMP VIEW src_defender_graph_input AS
SELECT CAST(NULL AS JSON) AS a, CAST(NULL AS VARCHAR) AS incident, CAST(NULL AS BIGINT) AS k WHERE false;

CREATE OR REPLACE TEMP MACRO src_defender_graph_alerts() AS TABLE
SELECT NULL AS tenant, src_get(a, 'id') AS alert_id, coalesce(src_get(a, 'incidentId'), incident) AS incident_id,
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
       (list_filter(list_transform(ev, lambda e: coalesce(json_extract_string(e, '$.userAccount.userPrincipalName'),
                                                          json_extract_string(e, '$.userAccount.accountName'))),
                    lambda v: v IS NOT NULL))[1] AS entity_user,
       (list_filter(list_transform(ev, lambda e: json_extract_string(e, '$.deviceDnsName')), lambda v: v IS NOT NULL))[1] AS entity_host,
       (list_filter(list_transform(ev, lambda e: json_extract_string(e, '$.ipAddress')), lambda v: v IS NOT NULL))[1] AS entity_ip,
       getvariable('sg_file_seq') AS _file_seq, k AS _line
FROM (SELECT a, incident, k, TRY_CAST(json_extract(a, '$.evidence') AS JSON[]) AS ev FROM src_defender_graph_input);
