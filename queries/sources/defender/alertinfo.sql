-- Defender advanced hunting AlertInfo / AlertEvidence rows → staged alerts. AlertEvidence has one
-- row per alert and entity: every row of an alert is staged with the alert's first user, device
-- and address, so the alert is whole whichever row wins the merge.
INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
WITH r AS (
    SELECT k, j, coalesce(src_col(j, 'AlertId'), '#' || k) AS pk,
           coalesce(src_col(j, 'AccountUpn'), src_col(j, 'AccountName')) AS u,
           src_col(j, 'DeviceName') AS h,
           coalesce(src_col(j, 'RemoteIP'), src_col(j, 'LocalIP')) AS ip
    FROM sg_records
),
per_alert AS (
    SELECT pk, first(u ORDER BY k) FILTER (WHERE u IS NOT NULL) AS u, first(h ORDER BY k) FILTER (WHERE h IS NOT NULL) AS h,
           first(ip ORDER BY k) FILTER (WHERE ip IS NOT NULL) AS ip
    FROM r GROUP BY pk
)
SELECT NULL, src_col(j, 'AlertId'), NULL, src_col(j, 'Title'), NULL, src_col(j, 'Title'),
       concat_ws(' / ', src_col(j, 'ServiceSource'), src_col(j, 'DetectionSource')),
       src_product_domain(src_col(j, 'ServiceSource')),
       src_severity(src_col(j, 'Severity')), NULL, src_col_time(j, 'Timestamp'), NULL, NULL, NULL, NULL,
       src_tactic(src_col(j, 'Category')), src_technique_ids(src_col(j, 'AttackTechniques')),
       p.u, p.h, p.ip, src_col(j, 'Category'),
       getvariable('sg_file_seq'), k
FROM r JOIN per_alert p USING (pk)
ORDER BY k;
