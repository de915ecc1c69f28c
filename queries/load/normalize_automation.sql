-- Rows of automation as text → canonical values, with the first problem of each row (NULL = loadable):
-- coalesce keeps the first candidate that is not NULL, in column order. The source is a
-- canonical file read in place (load/read_csv.sql, load/read_parquet.sql) or a staging table
-- (load/staged_rows.sql), with the file's default tenant as _default_tenant. Read in place, the
-- rows keep the file's order only while this query has no join: load/number_lines.sql relies
-- on it (tests/cli/load.rs checks every line of a file of several row groups).
INSERT INTO norm_automation BY NAME
WITH parsed AS (
    SELECT s.*,
           coalesce(getvariable('sg_tenant_override'), sg_text(s.tenant), s._default_tenant) AS tenant_v,
           sg_action(s.action) AS action_v,
           sg_ts(s.started_at) AS started_at_v,
           sg_ts(s.finished_at) AS finished_at_v,
           sg_outcome(s.outcome) AS outcome_v,
           sg_ts(s.approved_at) AS approved_at_v
    FROM /*source*/ AS s
)
SELECT tenant_v AS tenant,
       sg_text(run_id) AS run_id,
       sg_text(incident_id) AS incident_id,
       sg_text(alert_id) AS alert_id,
       sg_text(playbook) AS playbook,
       action_v AS action,
       started_at_v AS started_at,
       finished_at_v AS finished_at,
       outcome_v AS outcome,
       sg_text(approved_by) AS approved_by,
       approved_at_v AS approved_at,
       _file_seq,
       _line,
       getvariable('sg_load_id') AS load_id,
       _source_file AS source_file,
       coalesce(
           sg_require(run_id, 'run_id'),
           sg_require(started_at, 'started_at'),
           sg_unparsed(action, action_v, 'action', 'not an action (enrich, triage, notify, contain, remediate, close, other)'),
           sg_bad_time(started_at, started_at_v, 'started_at'),
           sg_bad_time(finished_at, finished_at_v, 'finished_at'),
           sg_unparsed(outcome, outcome_v, 'outcome', 'not an outcome (success, failure)'),
           sg_bad_time(approved_at, approved_at_v, 'approved_at')
       ) AS _problem
FROM parsed;
