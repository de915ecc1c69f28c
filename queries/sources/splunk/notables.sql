-- Splunk ES notable events → staged incidents and alerts (one each per notable: analysts triage
-- notables). Review state (status, owner, disposition) is the `notable` macro's current state; a
-- plain index=notable export has none. Several rows of one notable: the last in the file wins.
-- A raw `index=notable` export (sourcetype stash) keeps the notable's own fields only inside
-- `_raw`, as `key="value"` pairs (src_splunk_raw): every field is read from its column, else from
-- there, and the correlation search's name from `source` (`Access - Brute Force - Rule`). Rows of
-- another index or sourcetype are not notables: rejected rows with the reason.

-- One `key="value"`, `key='value'` or `key=value` pair of a stash `_raw`; NULL when absent. A
-- quoted value keeps its spaces and commas (`search_name='Endpoint - Malware - Rule'`).
CREATE OR REPLACE TEMP MACRO src_splunk_raw(raw, key) AS
    list_transform([regexp_extract(coalesce(raw, ''), '(?:^|[\s,])' || key || '=("(?:[^"\\]|\\.)*"|''(?:[^''\\]|\\.)*''|[^\s,]*)', 1)],
                   lambda x: CASE WHEN x = '' THEN NULL
                                  WHEN starts_with(x, '"') THEN src_nn(replace(substr(x, 2, length(x) - 2), '\"', '"'))
                                  WHEN starts_with(x, '''') THEN src_nn(replace(substr(x, 2, length(x) - 2), '\''', ''''))
                                  ELSE src_nn(x) END)[1];

-- A notable's field: its column, else its `_raw` pair.
CREATE OR REPLACE TEMP MACRO src_splunk(j, name) AS coalesce(src_col(j, name), src_splunk_raw(src_col(j, '_raw'), name));

INSERT INTO stage_malformed (_file_seq, line, "column", value, reason)
SELECT getvariable('sg_file_seq'), k, 'index', concat_ws(' / ', src_col(j, 'index'), src_col(j, 'sourcetype')),
       'not a notable event (index=notable or sourcetype=stash expected)'
FROM sg_records
WHERE coalesce(lower(src_col(j, 'index')) <> 'notable', true) AND coalesce(lower(src_col(j, 'sourcetype')) <> 'stash', true)
  AND (src_col(j, 'index') IS NOT NULL OR src_col(j, 'sourcetype') IS NOT NULL)
ORDER BY k;

-- The id: ES's `event_id`; without it (a raw export), the indexer GUID from `_bkt` and
-- md5(_time, _raw) as ES derives it; without `_bkt`, `notable:` and md5 of the event's instant
-- (epoch milliseconds, so the same event keeps its id however the export writes `_time`) and its
-- `_raw` (which holds the search's result id and times: two notables never share it).
CREATE OR REPLACE TEMP TABLE src_notables AS
SELECT k, j,
       coalesce(src_col(j, 'event_id'),
                CASE WHEN src_col(j, '_bkt') IS NOT NULL
                     THEN concat(split_part(src_col(j, '_bkt'), '~', 3), '@@notable@@',
                                 md5(concat(src_col(j, '_time'), src_col(j, '_raw'))))
                     WHEN src_col(j, '_raw') IS NOT NULL
                     THEN 'notable:' || md5(concat(coalesce(CAST(epoch_ms(src_ts(src_col(j, '_time'))) AS VARCHAR), src_col(j, '_time')),
                                                   '|', src_col(j, '_raw'))) END) AS id,
       src_splunk(j, 'status') AS status_code,
       lower(coalesce(src_splunk(j, 'status_label'), '')) AS status_label,
       src_splunk(j, 'status_label') AS status_label_as_written,
       -- true / false as ES writes it; 1 / 0 and yes / no as lookups and exports rewrite it
       CASE WHEN lower(src_splunk(j, 'status_end')) IN ('true', '1', 'yes', 't') THEN 'true'
            WHEN lower(src_splunk(j, 'status_end')) IN ('false', '0', 'no', 'f') THEN 'false'
            ELSE lower(coalesce(src_splunk(j, 'status_end'), '')) END AS status_end,
       regexp_extract(coalesce(src_splunk(j, 'disposition'), ''), '(\d+)$', 1) AS disposition,
       lower(coalesce(src_splunk(j, 'disposition_label'), '')) AS disposition_label,
       coalesce(src_splunk(j, 'search_name'), src_col(j, 'source'), src_splunk(j, 'rule_name')) AS search_name
FROM sg_records
WHERE NOT (coalesce(lower(src_col(j, 'index')) <> 'notable', true) AND coalesce(lower(src_col(j, 'sourcetype')) <> 'stash', true)
           AND (src_col(j, 'index') IS NOT NULL OR src_col(j, 'sourcetype') IS NOT NULL));

-- A notable's review status as a canonical status: `status_end` (ES marks each status that ends
-- the review) when true, then ES's built-in codes and labels; a status the deployment added
-- (`Escalated to IR`) that does not end the review is active. NULL when nothing says.
CREATE OR REPLACE TEMP MACRO src_splunk_status(status_end, code, label) AS
    CASE WHEN status_end = 'true' THEN 'closed'
         WHEN code IN ('0', '1') THEN 'new'
         WHEN code IN ('2', '3') THEN 'active'
         WHEN code IN ('4', '5') THEN 'closed'
         WHEN label IN ('unassigned', 'new') THEN 'new'
         WHEN label IN ('in progress', 'pending') THEN 'active'
         WHEN label IN ('resolved', 'closed') THEN 'closed'
         WHEN status_end = 'false' THEN 'active' END;

-- A status the deployment added whose `status_end` is missing or unreadable: loaded without a
-- status, and said (counted per status), never silently.
INSERT INTO stage_notes
SELECT getvariable('sg_file_seq'),
       src_count_note(count(*), 'notable', 'notables') || ' with a review status of this deployment (`' || coalesce(status_label_as_written, status_code) || '`) loaded without a status: '
           || CASE WHEN status_end = '' THEN 'export status_end with them, which says whether it ends the review'
                   ELSE 'their status_end `' || status_end || '` is neither true nor false' END,
       count(*)
FROM src_notables
WHERE src_splunk_status(status_end, status_code, status_label) IS NULL AND (status_code IS NOT NULL OR status_label <> '')
GROUP BY coalesce(status_label_as_written, status_code), status_end
ORDER BY 2;

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL, id,
       coalesce(src_splunk(j, 'rule_title'), src_splunk(j, 'rule_name'), search_name),
       coalesce(src_severity(src_splunk(j, 'urgency')), src_severity(src_splunk(j, 'severity'))),
       src_splunk_status(status_end, status_code, status_label),
       CASE WHEN disposition = '1' OR starts_with(disposition_label, 'true positive') THEN 'true_positive'
            WHEN disposition = '2' OR starts_with(disposition_label, 'benign positive') THEN 'benign_positive'
            WHEN disposition IN ('3', '4') OR starts_with(disposition_label, 'false positive') THEN 'false_positive'
            WHEN disposition = '6' OR disposition_label = 'undetermined' THEN 'undetermined' END,
       src_time(src_splunk(j, 'orig_time')),
       src_time(src_col(j, '_time')),
       NULL, NULL, NULL,
       CASE WHEN lower(src_splunk(j, 'owner')) <> 'unassigned' THEN coalesce(src_splunk(j, 'owner_realname'), src_splunk(j, 'owner')) END,
       NULL, NULL, NULL,
       getvariable('sg_file_seq'), k
FROM src_notables
ORDER BY k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
SELECT NULL, id, id,
       coalesce(src_splunk(j, 'rule_title'), src_splunk(j, 'rule_name'), search_name),
       search_name, search_name,
       'Splunk ES',
       CASE lower(coalesce(src_splunk(j, 'security_domain'), ''))
           WHEN 'access' THEN 'identity' WHEN 'identity' THEN 'identity' WHEN 'endpoint' THEN 'endpoint'
           WHEN 'network' THEN 'network' WHEN 'email' THEN 'email' WHEN 'cloud' THEN 'cloud'
           ELSE CASE lower(trim(split_part(coalesce(search_name, ''), ' - ', 1)))
                    WHEN 'access' THEN 'identity' WHEN 'identity' THEN 'identity' WHEN 'endpoint' THEN 'endpoint'
                    WHEN 'network' THEN 'network' WHEN 'email' THEN 'email' WHEN 'cloud' THEN 'cloud' END
       END,
       coalesce(src_severity(src_splunk(j, 'urgency')), src_severity(src_splunk(j, 'severity'))),
       src_time(src_splunk(j, 'orig_time')),
       src_time(src_col(j, '_time')),
       NULL, NULL, NULL, NULL,
       src_lines_as_list(coalesce(src_splunk(j, 'annotations.mitre_attack.mitre_tactic'),
                                  src_get(j, 'annotations.mitre_attack.mitre_tactic'))),
       src_lines_as_list(coalesce(src_splunk(j, 'annotations.mitre_attack'),
                                  src_get(j, 'annotations.mitre_attack.mitre_technique_id'),
                                  src_splunk(j, 'mitre_technique_id'))),
       src_first(coalesce(src_splunk(j, 'user'), src_splunk(j, 'src_user'), src_splunk(j, 'orig_user'))),
       src_first(coalesce(src_splunk(j, 'dest'), src_splunk(j, 'orig_dest'), src_splunk(j, 'orig_host'), src_splunk(j, 'dvc'))),
       src_first(coalesce(src_splunk(j, 'src'), src_splunk(j, 'src_ip'), src_splunk(j, 'orig_src'), src_splunk(j, 'dest_ip'))),
       getvariable('sg_file_seq'), k
FROM src_notables
ORDER BY k;

DROP TABLE src_notables;
