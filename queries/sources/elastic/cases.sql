-- Elastic Security cases → staged incidents, and the alerts attached to them (comments of type
-- `alert`) → links.
INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, category, _file_seq, _line)
SELECT NULL, src_get(j, 'id'), src_get(j, 'title'), src_severity(src_get(j, 'severity')),
       CASE lower(src_get(j, 'status')) WHEN 'open' THEN 'new' WHEN 'in-progress' THEN 'active' WHEN 'closed' THEN 'closed' END,
       NULL, NULL, src_time(src_get(j, 'created_at')), NULL, NULL,
       CASE WHEN lower(src_get(j, 'status')) = 'closed' THEN src_time(src_get(j, 'closed_at')) END,
       coalesce(src_get(j, 'assignees[0].uid'), src_get(j, 'created_by.username')),
       NULL, NULL, NULL,
       -- the case's own category (Kibana's free-text case category)
       src_get(j, 'category'),
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;

-- A comment attaches one alert (`alertId` text) or several (a list: Kibana's bulk "Add to
-- case" writes one comment per rule): each is a link.
INSERT INTO stage_links (tenant, incident_id, alert_id, _file_seq, _line)
SELECT NULL, case_id, alert_id, getvariable('sg_file_seq'), k
FROM (SELECT k, case_id,
             unnest(CASE WHEN json_type(c, '$.alertId') = 'ARRAY'
                         THEN CAST(json_extract_string(c, '$.alertId[*]') AS VARCHAR[])
                         ELSE [json_extract_string(c, '$.alertId')] END) AS alert_id
      FROM (SELECT k, src_get(j, 'id') AS case_id, unnest(CAST(json_extract(j, '$.comments') AS JSON[])) AS c
            FROM sg_records WHERE json_type(json_extract(j, '$.comments')) = 'ARRAY')
      WHERE json_extract_string(c, '$.type') = 'alert')
WHERE src_nn(alert_id) IS NOT NULL
ORDER BY k;
