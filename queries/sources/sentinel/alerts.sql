-- Sentinel SecurityAlert rows → staged alerts. Several rows per alert can exist (status updates,
-- re-sync): every row is staged with the latest row's values (by TimeGenerated). Entities is a
-- JSON array (as text) of typed objects; `$ref` items point back at earlier ones, so the first
-- full item of each type names the user, host and address.
INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, _file_seq, _line)
WITH r AS (
    SELECT k, j,
           src_col(j, 'SystemAlertId') AS id,
           src_col_time(j, 'TimeGenerated') AS generated_at,
           CASE WHEN json_type(src_json(src_col(j, 'Entities'))) = 'ARRAY'
                THEN TRY_CAST(src_json(src_col(j, 'Entities')) AS JSON[]) END AS entities
    FROM sg_records
),
e AS (
    SELECT *,
           list_filter(entities, lambda x: lower(json_extract_string(x, '$.Type')) = 'account'
                                            AND json_extract_string(x, '$.Name') IS NOT NULL)[1] AS account,
           list_filter(entities, lambda x: lower(json_extract_string(x, '$.Type')) = 'host'
                                            AND json_extract_string(x, '$.HostName') IS NOT NULL)[1] AS host,
           list_filter(entities, lambda x: lower(json_extract_string(x, '$.Type')) = 'ip'
                                            AND json_extract_string(x, '$.Address') IS NOT NULL)[1] AS ip
    FROM r
),
o AS (SELECT *, coalesce(id, '#' || k) AS pk FROM e),
latest AS (
    SELECT * FROM o
    QUALIFY row_number() OVER (PARTITION BY pk ORDER BY src_ts(generated_at) DESC NULLS LAST, k DESC) = 1
)
SELECT NULL, l.id, NULL,
       coalesce(src_col(l.j, 'DisplayName'), src_col(l.j, 'AlertName')),
       src_col(l.j, 'AlertType'),
       coalesce(src_col(l.j, 'AlertName'), src_col(l.j, 'DisplayName')),
       src_col(l.j, 'ProductName'),
       src_product_domain(concat_ws(' ', src_col(l.j, 'ProductName'), src_col(l.j, 'ProviderName'), src_col(l.j, 'ProductComponentName'))),
       src_col(l.j, 'AlertSeverity'),
       src_col_time(l.j, 'StartTime'),
       l.generated_at,
       CASE lower(src_col(l.j, 'Status')) WHEN 'unknown' THEN NULL ELSE src_col(l.j, 'Status') END,
       NULL, NULL, NULL,
       nullif(array_to_string(list_filter(list_transform(string_split(src_col(l.j, 'Tactics'), ','), lambda t: src_tactic(t)),
                                          lambda t: t IS NOT NULL), ';'), ''),
       coalesce(src_col(l.j, 'Techniques'), src_col(l.j, 'SubTechniques')),
       src_nn(concat_ws('@', json_extract_string(l.account, '$.Name'), json_extract_string(l.account, '$.UPNSuffix'))),
       json_extract_string(l.host, '$.HostName'),
       json_extract_string(l.ip, '$.Address'),
       getvariable('sg_file_seq'), o.k
FROM o JOIN latest l USING (pk)
ORDER BY o.k;
