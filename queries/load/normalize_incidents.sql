-- Rows of incidents as text → canonical values, with the first problem of each row (NULL = loadable):
-- coalesce keeps the first candidate that is not NULL, in column order. The source is a
-- canonical file read in place (load/read_csv.sql, load/read_parquet.sql) or a staging table
-- (load/staged_rows.sql), with the file's default tenant as _default_tenant. Read in place, the
-- rows keep the file's order only while this query has no join: load/number_lines.sql relies
-- on it (tests/cli/load.rs checks every line of a file of several row groups).
INSERT INTO norm_incidents BY NAME
WITH parsed AS (
    SELECT s.*,
           coalesce(getvariable('sg_tenant_override'), sg_text(s.tenant), s._default_tenant) AS tenant_v,
           sg_severity(s.severity) AS severity_v,
           sg_status(s.status) AS status_v,
           sg_verdict(s.classification) AS classification_v,
           sg_ts(s.first_activity_at) AS first_activity_at_v,
           sg_ts(s.created_at) AS created_at_v,
           sg_ts(s.acknowledged_at) AS acknowledged_at_v,
           sg_ts(s.contained_at) AS contained_at_v,
           sg_ts(s.closed_at) AS closed_at_v,
           sg_closed_by(s.closed_by) AS closed_by_v,
           sg_bool(s.ai_assisted) AS ai_assisted_v
    FROM /*source*/ AS s
)
SELECT tenant_v AS tenant,
       sg_text(incident_id) AS incident_id,
       sg_text(title) AS title,
       severity_v AS severity,
       status_v AS status,
       classification_v AS classification,
       first_activity_at_v AS first_activity_at,
       created_at_v AS created_at,
       acknowledged_at_v AS acknowledged_at,
       contained_at_v AS contained_at,
       closed_at_v AS closed_at,
       sg_text(owner) AS owner,
       closed_by_v AS closed_by,
       ai_assisted_v AS ai_assisted,
       sg_text(redirected_to) AS redirected_to,
       sg_category(category) AS category,
       _file_seq,
       _line,
       getvariable('sg_load_id') AS load_id,
       _source_file AS source_file,
       coalesce(
           sg_require(incident_id, 'incident_id'),
           sg_require(created_at, 'created_at'),
           sg_unparsed(severity, severity_v, 'severity', 'not a severity (informational, low, medium, high, critical)'),
           sg_unparsed(status, status_v, 'status', 'not a status (new, active, closed, redirected)'),
           sg_unparsed(classification, classification_v, 'classification', 'not a classification (true_positive, benign_positive, false_positive, undetermined)'),
           sg_bad_time(first_activity_at, first_activity_at_v, 'first_activity_at'),
           sg_bad_time(created_at, created_at_v, 'created_at'),
           sg_bad_time(acknowledged_at, acknowledged_at_v, 'acknowledged_at'),
           sg_bad_time(contained_at, contained_at_v, 'contained_at'),
           sg_bad_time(closed_at, closed_at_v, 'closed_at'),
           sg_unparsed(closed_by, closed_by_v, 'closed_by', 'not a closer (human, automation, ai)'),
           sg_unparsed(ai_assisted, ai_assisted_v, 'ai_assisted', 'not a boolean (true, false)')
       ) AS _problem
FROM parsed;
