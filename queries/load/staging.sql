-- Staging: every reader copies a file's matching columns here as text, with the file's
-- position in this load (_file_seq) and the row's line (_line). Normalisation reads from here.
CREATE OR REPLACE TEMP TABLE stage_incidents (
    tenant VARCHAR, incident_id VARCHAR, title VARCHAR, severity VARCHAR, status VARCHAR,
    classification VARCHAR, first_activity_at VARCHAR, created_at VARCHAR, acknowledged_at VARCHAR,
    contained_at VARCHAR, closed_at VARCHAR, owner VARCHAR, closed_by VARCHAR, ai_assisted VARCHAR,
    redirected_to VARCHAR, category VARCHAR,
    _file_seq INTEGER, _line BIGINT
);
CREATE OR REPLACE TEMP TABLE stage_alerts (
    tenant VARCHAR, alert_id VARCHAR, incident_id VARCHAR, title VARCHAR, rule_id VARCHAR,
    rule_name VARCHAR, product VARCHAR, domain VARCHAR, severity VARCHAR, first_activity_at VARCHAR,
    created_at VARCHAR, status VARCHAR, verdict VARCHAR, closed_at VARCHAR, closed_by VARCHAR,
    tactics VARCHAR, techniques VARCHAR, entity_user VARCHAR, entity_host VARCHAR, entity_ip VARCHAR,
    category VARCHAR,
    _file_seq INTEGER, _line BIGINT
);
CREATE OR REPLACE TEMP TABLE stage_automation (
    tenant VARCHAR, run_id VARCHAR, incident_id VARCHAR, alert_id VARCHAR, playbook VARCHAR,
    action VARCHAR, started_at VARCHAR, finished_at VARCHAR, outcome VARCHAR, approved_by VARCHAR,
    approved_at VARCHAR,
    _file_seq INTEGER, _line BIGINT
);
-- Lines the file readers themselves could not parse (wrong number of fields, bad quoting, bad
-- encoding), per file, and records a source sets aside by design (an Elastic building-block
-- alert, an observable in a TheHive audit log: `set_aside`, which --max-rejects does not count).
CREATE OR REPLACE TEMP TABLE stage_malformed (
    _file_seq INTEGER, line BIGINT, "column" VARCHAR, value VARCHAR, reason VARCHAR,
    set_aside BOOLEAN DEFAULT true
);
-- The files of this load, in load order.
CREATE OR REPLACE TEMP TABLE stage_files (
    _file_seq INTEGER, file VARCHAR, format VARCHAR, kind VARCHAR, default_tenant VARCHAR, source VARCHAR,
    file_key VARCHAR
);
-- Links written on the incident side, and review-history rows (see `links` and
-- `incident_reviews` in schema.sql), as text like the rest of staging.
CREATE OR REPLACE TEMP TABLE stage_links (
    tenant VARCHAR, incident_id VARCHAR, alert_id VARCHAR, _file_seq INTEGER, _line BIGINT
);
CREATE OR REPLACE TEMP TABLE stage_reviews (
    tenant VARCHAR, incident_id VARCHAR, reviewed_at VARCHAR, acknowledges BOOLEAN, closes BOOLEAN,
    _file_seq INTEGER, _line BIGINT
);
-- Rows as canonical values, with the first problem of each (NULL = loadable): filled by the
-- normalisation queries (load/normalize_*.sql), straight from a canonical file or from staging.
-- The others become rejects. The canonical columns come in the canonical table's order, with its
-- load_id and source_file (the normalisation fills them) and _line (its source_line) where the table has
-- them: a table that is empty at the start of the load then takes this table's rows as they are,
-- renamed into it (load/adopt_rows.sql), instead of a copy of every row. Such a table is created
-- in the database (load/adopt.rs leaves the storage placeholder empty); otherwise it is TEMP, and the merge
-- copies its loadable rows into the stored ones (load/merge_*.sql).
DROP TABLE IF EXISTS temp.main.norm_incidents;
DROP TABLE IF EXISTS temp.main.norm_alerts;
DROP TABLE IF EXISTS temp.main.norm_automation;
CREATE OR REPLACE /*incidents storage*/ TABLE norm_incidents (
    tenant VARCHAR, incident_id VARCHAR, title VARCHAR, severity VARCHAR, status VARCHAR,
    classification VARCHAR, first_activity_at TIMESTAMPTZ, created_at TIMESTAMPTZ,
    acknowledged_at TIMESTAMPTZ, contained_at TIMESTAMPTZ, closed_at TIMESTAMPTZ, owner VARCHAR,
    closed_by VARCHAR, ai_assisted BOOLEAN, redirected_to VARCHAR,
    load_id BIGINT, source_file VARCHAR, _line BIGINT, category VARCHAR,
    _file_seq INTEGER, _problem STRUCT("column" VARCHAR, value VARCHAR, reason VARCHAR)
);
CREATE OR REPLACE /*alerts storage*/ TABLE norm_alerts (
    tenant VARCHAR, alert_id VARCHAR, incident_id VARCHAR, title VARCHAR, rule_id VARCHAR,
    rule_name VARCHAR, product VARCHAR, domain VARCHAR, severity VARCHAR,
    first_activity_at TIMESTAMPTZ, created_at TIMESTAMPTZ, status VARCHAR, verdict VARCHAR,
    closed_at TIMESTAMPTZ, closed_by VARCHAR, tactics VARCHAR[], techniques VARCHAR[],
    entity_user VARCHAR, entity_host VARCHAR, entity_ip VARCHAR,
    load_id BIGINT, source_file VARCHAR, _line BIGINT, category VARCHAR,
    _file_seq INTEGER, _problem STRUCT("column" VARCHAR, value VARCHAR, reason VARCHAR)
);
CREATE OR REPLACE /*automation storage*/ TABLE norm_automation (
    tenant VARCHAR, run_id VARCHAR, incident_id VARCHAR, alert_id VARCHAR, playbook VARCHAR,
    action VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, outcome VARCHAR,
    approved_by VARCHAR, approved_at TIMESTAMPTZ,
    load_id BIGINT, source_file VARCHAR, _line BIGINT,
    _file_seq INTEGER, _problem STRUCT("column" VARCHAR, value VARCHAR, reason VARCHAR)
);
-- The version of a staged row, where its export writes when the entity was last updated
-- (Sentinel's LastModifiedTime, Defender's lastUpdateDateTime, TheHive's _updatedAt): of the
-- rows of one id from different files of this load, the latest version wins when every one of
-- them has one (load/losing_rows.sql), whatever the order the files were loaded in (`query_data
-- (1).csv` sorts before `query_data.csv`); against a stored row, its stored version
-- (load/stored_newer_rows.sql). kind: the staging table the row went to; _line: its _line;
-- id: its id where one line stages several rows of the kind (a Defender incident's alerts), else
-- NULL; state_line: the line whose state the row was staged with (its entity's latest update),
-- which a reject of the row names (load/record_rejects.sql), its value being that line's.
CREATE OR REPLACE TEMP TABLE sg_row_versions (
    kind VARCHAR, _file_seq INTEGER, _line BIGINT, version_at TIMESTAMPTZ, state_line BIGINT,
    id VARCHAR
);
-- What a source script set aside without it being a row of any kind (an envelope row of a table
-- socgauge does not read, a repeated row read as one), or could not read at all (an incident's
-- alerts in a form no shape knows): shown to the user after the load, per file.
CREATE OR REPLACE TEMP TABLE stage_notes (_file_seq INTEGER, note VARCHAR, n BIGINT);
