-- ServiceNow SIR security incidents → staged incidents. A field is plain text (list export,
-- display values) or a {display_value, value} pair (Table API): labels come from display_value,
-- times from value (UTC in the Table API), else the display text (the user's zone and format).
CREATE OR REPLACE TEMP MACRO src_sn_label(j, name) AS
    coalesce(src_nn(json_extract_string(j, '$."' || name || '".display_value')), src_col(j, name));
CREATE OR REPLACE TEMP MACRO src_sn_time(j, name) AS
    coalesce(src_utc(src_time(src_nn(json_extract_string(j, '$."' || name || '".value')))), src_time(src_col(j, name)));

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, category, _file_seq, _line)
WITH codes AS (
    SELECT sg_key(code) AS code_key, classification FROM sg_close_codes
    QUALIFY row_number() OVER (PARTITION BY sg_key(code) ORDER BY priority) = 1
),
r AS (
    SELECT k, j,
           lower(src_sn_label(j, 'state')) AS state,
           lower(coalesce(src_sn_label(j, 'severity'), src_sn_label(j, 'priority'), '')) AS priority,
           c.classification
    FROM sg_records
    LEFT JOIN codes c ON c.code_key = sg_key(src_sn_label(j, 'close_code'))
)
SELECT NULL, src_sn_label(j, 'number'), src_sn_label(j, 'short_description'),
       CASE WHEN starts_with(priority, '1') OR contains(priority, 'critical') THEN 'critical'
            WHEN starts_with(priority, '2') OR contains(priority, 'high') THEN 'high'
            WHEN starts_with(priority, '3') OR contains(priority, 'moderate') OR contains(priority, 'medium') THEN 'medium'
            WHEN starts_with(priority, '4') OR contains(priority, 'low') THEN 'low'
            WHEN starts_with(priority, '5') OR contains(priority, 'planning') THEN 'informational' END,
       CASE WHEN state IN ('draft', 'new', '10', '1') THEN 'new'
            WHEN state IN ('analysis', 'contain', 'eradicate', 'recover', 'review', 'in progress', 'on hold',
                           '16', '18', '19', '20', '100', '2') THEN 'active'
            WHEN state IN ('closed', 'cancelled', 'canceled', 'resolved', '3', '7', '6') THEN 'closed' END,
       classification,
       NULL,
       coalesce(src_sn_time(j, 'opened_at'), src_sn_time(j, 'sys_created_on')),
       NULL, NULL,
       CASE WHEN state IN ('closed', 'cancelled', 'canceled', 'resolved', '3', '7', '6') THEN src_sn_time(j, 'closed_at') END,
       src_sn_label(j, 'assigned_to'),
       NULL, NULL, NULL,
       -- the incident's category as the instance labels it (Phishing, Malware, …); the
       -- subcategory is left out: its choices depend on the category and the instance
       src_sn_label(j, 'category'),
       getvariable('sg_file_seq'), k
FROM r
ORDER BY k;
