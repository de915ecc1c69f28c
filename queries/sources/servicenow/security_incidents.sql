-- ServiceNow SIR security incidents → staged incidents. A field is plain text (list export,
-- display values) or a {display_value, value} pair (Table API): labels come from display_value,
-- times from value (UTC in the Table API), else the display text (the user's zone and format).
-- A Table API pair whose display_value and value are both empty (an unassigned incident's
-- assigned_to) is no value, not the pair's JSON text.

-- A field as a {display_value, value} pair, however the export writes the API's answer: nested,
-- as the pair's JSON text in a cell (a CSV of the answer), or flattened into two keys
-- (`state.display_value`, `state.value`: json_normalize, a spreadsheet of the answer). NULL for
-- a plain field.
CREATE OR REPLACE TEMP MACRO src_sn_pair(j, name) AS
    list_transform([json_extract(j, '$."' || name || '"')], lambda v: CASE
        WHEN json_type(v) = 'OBJECT' THEN v
        WHEN json_type(v) = 'VARCHAR' AND starts_with(ltrim(v ->> '$'), '{')
             AND json_type(src_json(v ->> '$')) = 'OBJECT' THEN src_json(v ->> '$')
        WHEN v IS NULL AND (json_extract(j, '$."' || name || '.display_value"') IS NOT NULL
                            OR json_extract(j, '$."' || name || '.value"') IS NOT NULL)
            THEN json_object('display_value', json_extract_string(j, '$."' || name || '.display_value"'),
                             'value', json_extract_string(j, '$."' || name || '.value"')) END)[1];
CREATE OR REPLACE TEMP MACRO src_sn_label(j, name) AS
    list_transform([src_sn_pair(j, name)], lambda p: CASE
        WHEN p IS NOT NULL THEN coalesce(src_nn(p ->> 'display_value'), src_nn(p ->> 'value'))
        ELSE src_col(j, name) END)[1];
CREATE OR REPLACE TEMP MACRO src_sn_time(j, name) AS
    list_transform([src_sn_pair(j, name)], lambda p: CASE
        WHEN p IS NOT NULL THEN src_utc(src_time(src_nn(p ->> 'value')))
        ELSE src_time(src_col(j, name)) END)[1];
-- The code of a pair (its `value`: `3` for the state an instance in German labels
-- `Geschlossen`); NULL for a plain field, whose one text src_sn_label reads.
CREATE OR REPLACE TEMP MACRO src_sn_code(j, name) AS src_nn(src_sn_pair(j, name) ->> 'value');
-- A SIR state (label or code, lower case) as a canonical status; NULL for one it does not know.
CREATE OR REPLACE TEMP MACRO src_sn_status(state) AS
    CASE WHEN state IN ('draft', 'new', '10', '1') THEN 'new'
         WHEN state IN ('analysis', 'contain', 'eradicate', 'recover', 'review', 'in progress', 'on hold',
                        '16', '18', '19', '20', '100', '2') THEN 'active'
         WHEN state IN ('closed', 'cancelled', 'canceled', 'resolved', '3', '7', '6') THEN 'closed' END;
-- The table a record says it comes from: `table_name` (an event or audit export), else the value
-- of a Table API `sys_class_name` pair or a list export's `sys_class_name` when it is a table
-- name (its display label, "Security Incident", says nothing more). NULL when the record does not say.
CREATE OR REPLACE TEMP MACRO src_sn_table(j) AS
    lower(coalesce(src_col(j, 'table_name'),
                   src_sn_code(j, 'sys_class_name'),
                   list_filter([src_col(j, 'sys_class_name')], lambda t: regexp_full_match(t, '[A-Za-z0-9_]+'))[1]));

-- Records of another table (a change request, a problem, an IT incident) are not security
-- incidents: rejected rows with the reason, not incidents that would count in every metric.
INSERT INTO stage_malformed (_file_seq, line, "column", value, reason)
SELECT getvariable('sg_file_seq'), k, 'table_name', src_sn_table(j),
       'not a security incident (table sn_si_incident expected): export the Security Incident table'
FROM sg_records
WHERE NOT contains(coalesce(src_sn_table(j), 'sn_si_incident'), 'sn_si_incident')
ORDER BY k;

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, category, _file_seq, _line)
WITH codes AS (
    SELECT sg_key(code) AS code_key, classification FROM sg_close_codes
    QUALIFY row_number() OVER (PARTITION BY sg_key(code) ORDER BY priority) = 1
),
r AS (
    SELECT k, j,
           -- the label, else (a label in the instance's language) the pair's code
           coalesce(src_sn_status(lower(src_sn_label(j, 'state'))),
                    src_sn_status(lower(src_sn_code(j, 'state')))) AS status,
           -- Priority (1 - Critical … 5 - Planning) first; SIR's own severity has another
           -- scale (1 - High, 2 - Medium, 3 - Low), read only without a priority.
           -- A pair's code (1 to 5) first: its label may be in the instance's language.
           lower(coalesce(src_sn_code(j, 'priority'), src_sn_label(j, 'priority'), '')) AS priority,
           lower(coalesce(src_sn_code(j, 'severity'), src_sn_label(j, 'severity'), '')) AS sir_severity,
           coalesce(c.classification, v.classification) AS classification
    FROM sg_records
    LEFT JOIN codes c ON c.code_key = sg_key(src_sn_label(j, 'close_code'))
    LEFT JOIN codes v ON v.code_key = sg_key(src_sn_code(j, 'close_code'))
    WHERE contains(coalesce(src_sn_table(j), 'sn_si_incident'), 'sn_si_incident')
)
SELECT NULL, src_sn_label(j, 'number'), src_sn_label(j, 'short_description'),
       coalesce(
           CASE WHEN starts_with(priority, '1') OR contains(priority, 'critical') THEN 'critical'
                WHEN starts_with(priority, '2') OR contains(priority, 'high') THEN 'high'
                WHEN starts_with(priority, '3') OR contains(priority, 'moderate') OR contains(priority, 'medium') THEN 'medium'
                WHEN starts_with(priority, '4') OR contains(priority, 'low') THEN 'low'
                WHEN starts_with(priority, '5') OR contains(priority, 'planning') THEN 'informational' END,
           CASE WHEN starts_with(sir_severity, '1') OR contains(sir_severity, 'high') THEN 'high'
                WHEN starts_with(sir_severity, '2') OR contains(sir_severity, 'medium') THEN 'medium'
                WHEN starts_with(sir_severity, '3') OR contains(sir_severity, 'low') THEN 'low' END,
           -- a label of neither scale goes on as written, for the normalisation to reject
           -- naming it, rather than an incident without a severity
           src_sn_label(j, 'priority'), src_sn_label(j, 'severity')),
       -- a state the instance added (no known label or code) goes on as written: the
       -- normalisation reads it if it can (Open, Done) and else rejects the row naming the value,
       -- rather than an incident without a status, whose close time would be dropped
       coalesce(status, src_sn_label(j, 'state')),
       classification,
       NULL,
       coalesce(src_sn_time(j, 'opened_at'), src_sn_time(j, 'sys_created_on')),
       NULL, NULL,
       CASE WHEN status = 'closed' OR sg_status(src_sn_label(j, 'state')) = 'closed' THEN src_sn_time(j, 'closed_at') END,
       src_sn_label(j, 'assigned_to'),
       NULL, NULL, NULL,
       -- the incident's category as the instance labels it (Phishing, Malware, …); the
       -- subcategory is left out: its choices depend on the category and the instance
       src_sn_label(j, 'category'),
       getvariable('sg_file_seq'), k
FROM r
ORDER BY k;
