-- GUIDE (Microsoft Security Incident Prediction) evidence rows → staged incidents and alerts.
-- One row = one evidence of one alert of one incident; ids are only unique within an OrgId, which
-- becomes the tenant. Every row stages one incident row and one alert row carrying the values of
-- the whole incident / alert (first evidence time, the alert's most frequent entity domain), so
-- whichever row wins the merge is whole. The entity columns are anonymised numbers whose most
-- frequent value per column in the file (when it fills more than half the rows, as the dataset's
-- sentinels do: 65–96 %) means "not applicable": read as empty. A row whose Timestamp is empty or
-- no time is rejected (its incident and alert take their times from the other rows).
CREATE OR REPLACE TEMP TABLE src_guide AS
SELECT k, src_col(j, 'OrgId') AS org, src_col(j, 'IncidentId') AS incident, src_col(j, 'AlertId') AS alert,
       src_col_time(j, 'Timestamp') AS seen_at, src_col(j, 'DetectorId') AS detector, src_col(j, 'AlertTitle') AS title,
       src_col(j, 'Category') AS category, src_col(j, 'MitreTechniques') AS techniques,
       src_col(j, 'IncidentGrade') AS grade, src_col(j, 'EntityType') AS entity_type,
       src_col(j, 'AccountUpn') AS upn, src_col(j, 'AccountName') AS account, src_col(j, 'DeviceName') AS device,
       src_col(j, 'IpAddress') AS ip
FROM sg_records;

CREATE OR REPLACE TEMP TABLE src_guide_na AS
SELECT (SELECT upn FROM src_guide WHERE upn IS NOT NULL GROUP BY upn
        HAVING count(*) * 2 > (SELECT count(*) FROM src_guide) ORDER BY count(*) DESC, upn LIMIT 1) AS upn,
       (SELECT account FROM src_guide WHERE account IS NOT NULL GROUP BY account
        HAVING count(*) * 2 > (SELECT count(*) FROM src_guide) ORDER BY count(*) DESC, account LIMIT 1) AS account,
       (SELECT device FROM src_guide WHERE device IS NOT NULL GROUP BY device
        HAVING count(*) * 2 > (SELECT count(*) FROM src_guide) ORDER BY count(*) DESC, device LIMIT 1) AS device,
       (SELECT ip FROM src_guide WHERE ip IS NOT NULL GROUP BY ip
        HAVING count(*) * 2 > (SELECT count(*) FROM src_guide) ORDER BY count(*) DESC, ip LIMIT 1) AS ip;

CREATE OR REPLACE TEMP TABLE src_guide_alerts AS
WITH e AS (
    SELECT g.*,
           CASE WHEN upn IS DISTINCT FROM (SELECT upn FROM src_guide_na) THEN upn
                WHEN account IS DISTINCT FROM (SELECT account FROM src_guide_na) THEN account END AS user_v,
           CASE WHEN device IS DISTINCT FROM (SELECT device FROM src_guide_na) THEN device END AS host_v,
           CASE WHEN ip IS DISTINCT FROM (SELECT ip FROM src_guide_na) THEN ip END AS ip_v
    FROM src_guide g
)
SELECT org, alert,
       min(src_ts(seen_at)) AS first_at,
       first(user_v ORDER BY k) FILTER (WHERE user_v IS NOT NULL) AS user_v,
       first(host_v ORDER BY k) FILTER (WHERE host_v IS NOT NULL) AS host_v,
       first(ip_v ORDER BY k) FILTER (WHERE ip_v IS NOT NULL) AS ip_v,
       list_sort(list_distinct(flatten(list(string_split(coalesce(techniques, ''), ';'))))) AS techniques
FROM e GROUP BY org, alert;

-- The most frequent domain of each alert's evidence; ties go to the first in name order.
CREATE OR REPLACE TEMP TABLE src_guide_domains AS
SELECT org, alert, domain
FROM (
    SELECT org, alert, CASE lower(entity_type)
               WHEN 'user' THEN 'identity' WHEN 'account' THEN 'identity' WHEN 'cloudlogonrequest' THEN 'identity'
               WHEN 'cloudlogonsession' THEN 'identity' WHEN 'securitygroup' THEN 'identity'
               WHEN 'machine' THEN 'endpoint' WHEN 'file' THEN 'endpoint' WHEN 'process' THEN 'endpoint'
               WHEN 'registrykey' THEN 'endpoint' WHEN 'registryvalue' THEN 'endpoint'
               WHEN 'mailbox' THEN 'email' WHEN 'mailmessage' THEN 'email' WHEN 'mailcluster' THEN 'email'
               WHEN 'cloudapplication' THEN 'cloud' WHEN 'azureresource' THEN 'cloud' WHEN 'oauthapplication' THEN 'cloud'
               WHEN 'amazonresource' THEN 'cloud' WHEN 'googlecloudresource' THEN 'cloud'
               WHEN 'ip' THEN 'network' WHEN 'url' THEN 'network'
           END AS domain
    FROM src_guide
)
WHERE domain IS NOT NULL
GROUP BY org, alert, domain
QUALIFY row_number() OVER (PARTITION BY org, alert ORDER BY count(*) DESC, domain) = 1;

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT g.org, g.incident, NULL, NULL, NULL, g.grade, NULL,
       -- a row whose own Timestamp is no time passes it on as written, to be rejected with it
       CASE WHEN src_ts(g.seen_at) IS NULL THEN g.seen_at
            ELSE src_iso(min(src_ts(g.seen_at)) OVER (PARTITION BY g.org, g.incident)) END,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       getvariable('sg_file_seq'), g.k
FROM src_guide g
ORDER BY g.k;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT g.org, g.alert, g.incident, g.title, g.detector, NULL, NULL, d.domain, NULL, NULL,
       CASE WHEN src_ts(g.seen_at) IS NULL THEN g.seen_at ELSE src_iso(a.first_at) END,
       NULL, NULL, NULL, NULL, src_tactic(g.category),
       nullif(array_to_string(list_filter(a.techniques, lambda t: trim(t) <> ''), ';'), ''),
       a.user_v, a.host_v, a.ip_v, g.category,
       getvariable('sg_file_seq'), g.k
FROM src_guide g
LEFT JOIN src_guide_alerts a ON a.org IS NOT DISTINCT FROM g.org AND a.alert IS NOT DISTINCT FROM g.alert
LEFT JOIN src_guide_domains d ON d.org IS NOT DISTINCT FROM g.org AND d.alert IS NOT DISTINCT FROM g.alert
ORDER BY g.k;

DROP TABLE src_guide;
DROP TABLE src_guide_na;
DROP TABLE src_guide_alerts;
DROP TABLE src_guide_domains;
