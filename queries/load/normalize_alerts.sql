-- Rows of alerts as text → canonical values, with the first problem of each row (NULL = loadable):
-- coalesce keeps the first candidate that is not NULL, in column order. The source is a
-- canonical file read in place (load/read_csv.sql, load/read_parquet.sql) or a staging table
-- (load/staged_rows.sql), with the file's default tenant as _default_tenant. Read in place, the
-- rows keep the file's order only while this query has no join: load/number_lines.sql relies
-- on it (tests/cli/load.rs checks every line of a file of several row groups).
INSERT INTO norm_alerts BY NAME
WITH parsed AS (
    SELECT s.*,
           coalesce(getvariable('sg_tenant_override'), sg_text(s.tenant), s._default_tenant) AS tenant_v,
           sg_domain(s.domain) AS domain_v,
           sg_severity(s.severity) AS severity_v,
           sg_ts(s.first_activity_at) AS first_activity_at_v,
           sg_ts(s.created_at) AS created_at_v,
           sg_status(s.status) AS status_v,
           sg_verdict(s.verdict) AS verdict_v,
           sg_ts(s.closed_at) AS closed_at_v,
           sg_closed_by(s.closed_by) AS closed_by_v
    FROM /*source*/ AS s
)
SELECT tenant_v AS tenant,
       sg_text(alert_id) AS alert_id,
       sg_text(incident_id) AS incident_id,
       sg_text(title) AS title,
       sg_text(rule_id) AS rule_id,
       sg_text(rule_name) AS rule_name,
       sg_text(product) AS product,
       domain_v AS domain,
       severity_v AS severity,
       first_activity_at_v AS first_activity_at,
       created_at_v AS created_at,
       status_v AS status,
       verdict_v AS verdict,
       closed_at_v AS closed_at,
       closed_by_v AS closed_by,
       sg_list(tactics) AS tactics,
       sg_list(techniques) AS techniques,
       sg_text(entity_user) AS entity_user,
       sg_text(entity_host) AS entity_host,
       sg_text(entity_ip) AS entity_ip,
       sg_category(category) AS category,
       _file_seq,
       _line,
       getvariable('sg_load_id') AS load_id,
       _source_file AS source_file,
       coalesce(
           sg_require(alert_id, 'alert_id'),
           sg_require(created_at, 'created_at'),
           sg_unparsed(domain, domain_v, 'domain', 'not a domain (identity, endpoint, cloud, email, network, application, data, other)'),
           sg_unparsed(severity, severity_v, 'severity', 'not a severity (informational, low, medium, high, critical)'),
           sg_bad_time(first_activity_at, first_activity_at_v, 'first_activity_at'),
           sg_bad_time(created_at, created_at_v, 'created_at'),
           sg_unparsed(status, status_v, 'status', 'not a status (new, active, closed, redirected)'),
           sg_unparsed(verdict, verdict_v, 'verdict', 'not a verdict (true_positive, benign_positive, false_positive, undetermined)'),
           sg_bad_time(closed_at, closed_at_v, 'closed_at'),
           sg_unparsed(closed_by, closed_by_v, 'closed_by', 'not a closer (human, automation, ai)')
       ) AS _problem
FROM parsed;
