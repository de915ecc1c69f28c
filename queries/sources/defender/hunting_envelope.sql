-- Defender advanced-hunting rows in the streaming API's envelope (Event Hub, storage account):
-- the table in `category` (`AdvancedHunting-AlertInfo`), the row under `properties` (an object,
-- or its JSON text). Only AlertInfo rows make alerts, one per AlertId however often the row is
-- delivered (at-least-once delivery repeats rows); AlertEvidence rows give their alert its first
-- user, device and address, and add nothing when the alert has no AlertInfo row in the file.
-- Rows of other tables are skipped and counted (stage_notes), not rejected.
CREATE OR REPLACE TEMP TABLE src_ah_rows AS
SELECT k, regexp_replace(coalesce(src_get(j, 'category'), ''), '^advancedhunting-', '', 'i') AS tbl,
       coalesce(CASE json_type(json_extract(j, '$.properties')) WHEN 'OBJECT' THEN json_extract(j, '$.properties') END,
                src_json(src_get(j, 'properties'))) AS p
FROM sg_records;

CREATE OR REPLACE TEMP TABLE src_ah_alerts AS
SELECT any_value(src_col(p, 'AlertId')) AS alert_id, min(k) AS k, arg_min(p, k) AS p, count(*) AS n
FROM src_ah_rows WHERE lower(tbl) = 'alertinfo'
GROUP BY coalesce(src_col(p, 'AlertId'), '#' || k);

CREATE OR REPLACE TEMP TABLE src_ah_evidence AS
SELECT src_col(p, 'AlertId') AS alert_id,
       first(coalesce(src_col(p, 'AccountUpn'), src_col(p, 'AccountName')) ORDER BY k)
           FILTER (WHERE coalesce(src_col(p, 'AccountUpn'), src_col(p, 'AccountName')) IS NOT NULL) AS u,
       first(src_col(p, 'DeviceName') ORDER BY k) FILTER (WHERE src_col(p, 'DeviceName') IS NOT NULL) AS h,
       first(coalesce(src_col(p, 'RemoteIP'), src_col(p, 'LocalIP')) ORDER BY k)
           FILTER (WHERE coalesce(src_col(p, 'RemoteIP'), src_col(p, 'LocalIP')) IS NOT NULL) AS ip,
       count(*) AS n
FROM src_ah_rows WHERE lower(tbl) = 'alertevidence'
GROUP BY ALL;

INSERT INTO stage_alerts (tenant, alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                          first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics, techniques,
                          entity_user, entity_host, entity_ip, category, _file_seq, _line)
SELECT NULL, a.alert_id, NULL, src_col(p, 'Title'), NULL, src_col(p, 'Title'),
       concat_ws(' / ', src_col(p, 'ServiceSource'), src_col(p, 'DetectionSource')),
       src_product_domain(src_col(p, 'ServiceSource')),
       src_severity(src_col(p, 'Severity')), NULL, src_col_time(p, 'Timestamp'), NULL, NULL, NULL, NULL,
       src_tactic(src_col(p, 'Category')), src_technique_ids(src_col(p, 'AttackTechniques')),
       e.u, e.h, e.ip, src_col(p, 'Category'),
       getvariable('sg_file_seq'), a.k
FROM src_ah_alerts a LEFT JOIN src_ah_evidence e ON e.alert_id = a.alert_id
ORDER BY a.k;

INSERT INTO stage_notes
SELECT getvariable('sg_file_seq'), src_count_note(n, one, many), n FROM (
    SELECT 'repeated AlertInfo row read as the one alert it repeats' AS one,
           'repeated AlertInfo rows read as the one alert they repeat' AS many, sum(n - 1) AS n, 1 AS o
    FROM src_ah_alerts WHERE alert_id IS NOT NULL
    UNION ALL
    SELECT 'AlertEvidence row added to its alert', 'AlertEvidence rows added to their alert', sum(e.n), 2
    FROM src_ah_evidence e JOIN src_ah_alerts a ON a.alert_id = e.alert_id
    UNION ALL
    SELECT 'AlertEvidence row skipped: its alert has no AlertInfo row in this file',
           'AlertEvidence rows skipped: their alert has no AlertInfo row in this file', sum(e.n), 3
    FROM src_ah_evidence e ANTI JOIN src_ah_alerts a ON a.alert_id = e.alert_id
    UNION ALL
    SELECT 'row of a table socgauge does not read skipped (' || coalesce(nullif(tbl, ''), 'no category') || ')',
           'rows of a table socgauge does not read skipped (' || coalesce(nullif(tbl, ''), 'no category') || ')', count(*), 4
    FROM src_ah_rows WHERE lower(tbl) NOT IN ('alertinfo', 'alertevidence')
    GROUP BY tbl
)
WHERE n > 0
ORDER BY o, many;

DROP TABLE src_ah_alerts;
DROP TABLE src_ah_evidence;
DROP TABLE src_ah_rows;
