-- Defender advanced hunting AlertInfo / AlertEvidence rows → staged alerts. AlertEvidence has one
-- row per alert and entity: every row of an alert is staged with the alert's first user, device
-- and address, so the alert is whole whichever row wins the merge. A row of AlertEvidence alone
-- (its table exported on its own: entity columns, no Severity) gives no alert: without its
-- AlertInfo row in the file it would be an alert of no severity nor category, winning over the
-- AlertInfo file's (as the streaming API's envelope reads them: hunting_envelope.sql). Skipped
-- and counted.
CREATE OR REPLACE TEMP TABLE src_alertinfo_rows AS
WITH r AS (
    SELECT k, j, coalesce(src_col(j, 'AlertId'), '#' || k) AS pk,
           coalesce(src_col(j, 'AccountUpn'), src_col(j, 'AccountName')) AS u,
           src_col(j, 'DeviceName') AS h,
           coalesce(src_col(j, 'RemoteIP'), src_col(j, 'LocalIP')) AS ip,
           src_col(j, 'Severity') IS NULL
               AND coalesce(src_col(j, 'EntityType'), src_col(j, 'EvidenceRole')) IS NOT NULL AS evidence_only
    FROM sg_records
),
per_alert AS (
    SELECT pk, first(u ORDER BY k) FILTER (WHERE u IS NOT NULL) AS u, first(h ORDER BY k) FILTER (WHERE h IS NOT NULL) AS h,
           first(ip ORDER BY k) FILTER (WHERE ip IS NOT NULL) AS ip,
           bool_or(NOT evidence_only) AS has_info
    FROM r GROUP BY pk
)
SELECT r.k, r.j, r.evidence_only, p.u, p.h, p.ip, p.has_info
FROM r JOIN per_alert p USING (pk);

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT NULL, src_col(j, 'AlertId'), NULL, src_col(j, 'Title'), NULL, src_col(j, 'Title'),
       concat_ws(' / ', src_col(j, 'ServiceSource'), src_col(j, 'DetectionSource')),
       src_product_domain(src_col(j, 'ServiceSource')),
       src_severity(src_col(j, 'Severity')), NULL, src_col_time(j, 'Timestamp'), NULL, NULL, NULL, NULL,
       src_tactic(src_col(j, 'Category')), src_technique_ids(src_col(j, 'AttackTechniques')),
       u, h, ip, src_col(j, 'Category'),
       getvariable('sg_file_seq'), k
FROM src_alertinfo_rows
WHERE has_info
ORDER BY k;

INSERT INTO stage_notes
SELECT getvariable('sg_file_seq'),
       src_count_note(count(*), 'AlertEvidence row skipped: its alert has', 'AlertEvidence rows skipped: their alert has')
           || ' no AlertInfo row in this file (export AlertInfo joined with AlertEvidence on AlertId, or both '
           || 'tables in one file, for their users, devices and addresses)',
       count(*)
FROM src_alertinfo_rows
WHERE NOT has_info
HAVING count(*) > 0;

DROP TABLE src_alertinfo_rows;
