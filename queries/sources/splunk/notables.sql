-- Splunk ES notable events → staged incidents and alerts (one each per notable: analysts triage
-- notables). Review state (status, owner, disposition) is the `notable` macro's current state; a
-- plain index=notable export has none. Several rows of one notable: the last in the file wins.
CREATE OR REPLACE TEMP TABLE src_notables AS
SELECT k, j,
       coalesce(src_col(j, 'event_id'),
                CASE WHEN src_col(j, '_bkt') IS NOT NULL OR src_col(j, '_raw') IS NOT NULL
                     THEN concat(split_part(coalesce(src_col(j, '_bkt'), ''), '~', 3), '@@notable@@',
                                 md5(concat(src_col(j, '_time'), src_col(j, '_raw')))) END) AS id,
       src_col(j, 'status') AS status_code,
       lower(coalesce(src_col(j, 'status_label'), '')) AS status_label,
       lower(coalesce(src_col(j, 'status_end'), '')) AS status_end,
       regexp_extract(coalesce(src_col(j, 'disposition'), ''), '(\d+)$', 1) AS disposition,
       lower(coalesce(src_col(j, 'disposition_label'), '')) AS disposition_label,
       coalesce(src_col(j, 'search_name'), src_col(j, 'source'), src_col(j, 'rule_name')) AS search_name
FROM sg_records;

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL, id,
       coalesce(src_col(j, 'rule_title'), src_col(j, 'rule_name'), search_name),
       coalesce(src_severity(src_col(j, 'urgency')), src_severity(src_col(j, 'severity'))),
       CASE WHEN status_end = 'true' THEN 'closed'
            WHEN status_code IN ('0', '1') THEN 'new'
            WHEN status_code IN ('2', '3') THEN 'active'
            WHEN status_code IN ('4', '5') THEN 'closed'
            WHEN status_label IN ('unassigned', 'new') THEN 'new'
            WHEN status_label IN ('in progress', 'pending') THEN 'active'
            WHEN status_label IN ('resolved', 'closed') THEN 'closed' END,
       CASE WHEN disposition = '1' OR starts_with(disposition_label, 'true positive') THEN 'true_positive'
            WHEN disposition = '2' OR starts_with(disposition_label, 'benign positive') THEN 'benign_positive'
            WHEN disposition IN ('3', '4') OR starts_with(disposition_label, 'false positive') THEN 'false_positive'
            WHEN disposition = '6' OR disposition_label = 'undetermined' THEN 'undetermined' END,
       src_time(src_col(j, 'orig_time')),
       src_time(src_col(j, '_time')),
       NULL, NULL, NULL,
       CASE WHEN lower(src_col(j, 'owner')) <> 'unassigned' THEN coalesce(src_col(j, 'owner_realname'), src_col(j, 'owner')) END,
       NULL, NULL, NULL,
       getvariable('sg_file_seq'), k
FROM src_notables
ORDER BY k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
SELECT NULL, id, id,
       coalesce(src_col(j, 'rule_title'), src_col(j, 'rule_name'), search_name),
       search_name, search_name,
       'Splunk ES',
       CASE lower(coalesce(src_col(j, 'security_domain'), ''))
           WHEN 'access' THEN 'identity' WHEN 'identity' THEN 'identity' WHEN 'endpoint' THEN 'endpoint'
           WHEN 'network' THEN 'network' WHEN 'email' THEN 'email' WHEN 'cloud' THEN 'cloud'
           ELSE CASE lower(trim(split_part(coalesce(search_name, ''), ' - ', 1)))
                    WHEN 'access' THEN 'identity' WHEN 'identity' THEN 'identity' WHEN 'endpoint' THEN 'endpoint'
                    WHEN 'network' THEN 'network' WHEN 'email' THEN 'email' WHEN 'cloud' THEN 'cloud' END
       END,
       src_severity(src_col(j, 'severity')),
       src_time(src_col(j, 'orig_time')),
       src_time(src_col(j, '_time')),
       NULL, NULL, NULL, NULL,
       coalesce(src_col(j, 'annotations.mitre_attack.mitre_tactic'), src_get(j, 'annotations.mitre_attack.mitre_tactic')),
       coalesce(src_col(j, 'annotations.mitre_attack'), src_get(j, 'annotations.mitre_attack.mitre_technique_id'),
                src_col(j, 'mitre_technique_id')),
       src_first(coalesce(src_col(j, 'user'), src_col(j, 'src_user'))),
       src_first(coalesce(src_col(j, 'dest'), src_col(j, 'orig_host'), src_col(j, 'dvc'))),
       src_first(coalesce(src_col(j, 'src'), src_col(j, 'src_ip'), src_col(j, 'dest_ip'))),
       getvariable('sg_file_seq'), k
FROM src_notables
ORDER BY k;

DROP TABLE src_notables;
