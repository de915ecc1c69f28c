-- The canonical model: every source is mapped into these tables. Timestamps are UTC instants.
-- Keys are (tenant, id) per table; a later load replaces the row with the same key, unless the
-- stored row's export says it was updated later than every row of the load does (row_versions).
CREATE TABLE IF NOT EXISTS socgauge_meta (key VARCHAR, value VARCHAR);

CREATE TABLE IF NOT EXISTS incidents (
    tenant            VARCHAR NOT NULL,
    incident_id       VARCHAR NOT NULL,
    title             VARCHAR,
    severity          VARCHAR,   -- informational | low | medium | high | critical
    status            VARCHAR,   -- new | active | closed | redirected
    classification    VARCHAR,   -- true_positive | benign_positive | false_positive | undetermined
    first_activity_at TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    acknowledged_at   TIMESTAMPTZ,
    contained_at      TIMESTAMPTZ,
    closed_at         TIMESTAMPTZ,
    owner             VARCHAR,
    closed_by         VARCHAR,   -- human | automation | ai
    ai_assisted       BOOLEAN,
    redirected_to     VARCHAR,
    load_id           BIGINT NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_line       BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS alerts (
    tenant            VARCHAR NOT NULL,
    alert_id          VARCHAR NOT NULL,
    incident_id       VARCHAR,
    title             VARCHAR,
    rule_id           VARCHAR,
    rule_name         VARCHAR,
    product           VARCHAR,
    domain            VARCHAR,   -- identity | endpoint | cloud | email | network | application | data | other
    severity          VARCHAR,
    first_activity_at TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    status            VARCHAR,
    verdict           VARCHAR,
    closed_at         TIMESTAMPTZ,
    closed_by         VARCHAR,
    tactics           VARCHAR[],
    techniques        VARCHAR[],
    entity_user       VARCHAR,
    entity_host       VARCHAR,
    entity_ip         VARCHAR,
    load_id           BIGINT NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_line       BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS automation (
    tenant       VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL,
    incident_id  VARCHAR,
    alert_id     VARCHAR,
    playbook     VARCHAR,
    action       VARCHAR,   -- enrich | triage | notify | contain | remediate | close | other
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    outcome      VARCHAR,   -- success | failure
    approved_by  VARCHAR,
    approved_at  TIMESTAMPTZ,
    load_id      BIGINT NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_line  BIGINT NOT NULL
);

-- Rows that could not be loaded, with where and why. Re-loading a file replaces its rejects.
CREATE TABLE IF NOT EXISTS rejects (
    load_id  BIGINT NOT NULL,
    file     VARCHAR NOT NULL,
    kind     VARCHAR,
    line     BIGINT,
    "column" VARCHAR,
    value    VARCHAR,
    reason   VARCHAR NOT NULL
);

-- One row per file per load.
CREATE TABLE IF NOT EXISTS loads (
    load_id       BIGINT NOT NULL,
    file_seq      INTEGER NOT NULL,
    file          VARCHAR NOT NULL,
    format        VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_loaded   BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL
);

-- The source each file was read as (canonical, sentinel, defender, ...). Added after the first
-- release: databases written before it get the column on their next load.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS source VARCHAR;

-- The file's identity: its canonical absolute path, so that a file loaded again under another
-- spelling (`./exports/a.csv`, `/srv/exports/a.csv`) is the same file to the data-quality counts.
-- NULL in rows written before it was recorded (their `file` is their identity).
ALTER TABLE loads ADD COLUMN IF NOT EXISTS file_key VARCHAR;

-- The rows of this file and kind that each tenant loaded and had rejected (a rejected row keeps
-- the tenant it names; the file's default tenant with 0 and 0 when no row names one), so that a
-- tenant's data-quality figures count its own rows. The file's other rejected rows (lines the
-- reader could not split into fields, rows without a tenant) count for every tenant listed.
-- NULL in rows written before it was recorded, or when no tenant is known: such a file counts
-- whole for every tenant.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS tenant_rows STRUCT(tenant VARCHAR, loaded BIGINT, rejected BIGINT)[];

-- The category of an incident or alert (the vendor's own wording, whitespace normalised: see
-- docs/canonical-model.md). Added after the first release: databases written before it get the
-- column on their next load (a database opened read-only reads it as missing: load/legacy_columns.sql).
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS category VARCHAR;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS category VARCHAR;

-- Incident ↔ alert links that an export writes on the incident side (Sentinel `AlertIds`, an
-- OCSF Incident Finding's `finding_info_list`). Kept apart from the alerts so that the link holds
-- whichever of the two files is loaded first: every load fills `alerts.incident_id` from here
-- where the alert itself names no incident. Key (tenant, alert_id); a later load wins, except the
-- links an older export lists for an incident whose stored row is newer (load/superseded_links.sql).
CREATE TABLE IF NOT EXISTS links (
    tenant      VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL,
    alert_id    VARCHAR NOT NULL,
    load_id     BIGINT NOT NULL,
    source_file VARCHAR NOT NULL
);

-- Lifecycle times taken from a review history exported apart from the incidents (Splunk ES
-- `incident_review_lookup`): the first acknowledgement and the first close of each incident. Every
-- load fills `incidents.acknowledged_at` / `closed_at` from here where the incident has none.
-- Key (tenant, incident_id); the earliest time over every load wins, as over the files of one load
-- (a review history is a log: an acknowledgement loaded later may have happened earlier).
CREATE TABLE IF NOT EXISTS incident_reviews (
    tenant          VARCHAR NOT NULL,
    incident_id     VARCHAR NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    load_id         BIGINT NOT NULL,
    source_file     VARCHAR NOT NULL
);

-- Which stored values came from a link or a review rather than from the row itself: a later
-- load may move an alert to the incident its link now names, or lower a time to an earlier
-- review, as one load of the same files would; a row's own value always stays. A row loaded again
-- loses its entries (its own values are read afresh, then filled again).
CREATE TABLE IF NOT EXISTS link_fills (
    tenant   VARCHAR NOT NULL,
    alert_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS review_fills (
    tenant      VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL,
    field       VARCHAR NOT NULL  -- 'acknowledged_at' or 'closed_at'
);

-- When the export of each stored incident or alert said it was last updated (Sentinel
-- `LastModifiedTime`, Defender `lastUpdateDateTime`, TheHive `_updatedAt`: load/staging.sql,
-- sg_row_versions), so that a later load of an older export does not take back a newer state:
-- its row loses to the stored one (load/stored_newer_rows.sql). Key (kind, tenant, id). A row
-- loaded without a version (a canonical file, a lake) removes its entry: the later load wins,
-- as between files without versions. Added after the first release: a database written before
-- it gets the table on its next load; commands that only read do not use it.
CREATE TABLE IF NOT EXISTS row_versions (
    kind       VARCHAR NOT NULL,  -- 'incidents' or 'alerts'
    tenant     VARCHAR NOT NULL,
    id         VARCHAR NOT NULL,
    version_at TIMESTAMPTZ NOT NULL,
    load_id    BIGINT NOT NULL
);

-- The order of day and month that a vendor file's slash or dash dates proved (a first field
-- above 12: day-first; a second: month-first), per source (`sentinel`, `servicenow`) and the
-- tenant its rows default to, so that a file of a later load whose dates cannot tell (a week's
-- export, days 1 to 7) is read as that tool's exports for that client were (src/load/dates.rs),
-- not month-first by default: reloading the same file alone would otherwise move its incidents
-- to other months. Added after the first release: a database written before it gets the table
-- on its next load.
CREATE TABLE IF NOT EXISTS date_orders (
    source      VARCHAR NOT NULL,
    tenant      VARCHAR NOT NULL,
    day_first   BOOLEAN NOT NULL,
    file        VARCHAR NOT NULL,
    first_field INTEGER,          -- the largest first field, above 12, of a day-first proof
    load_id     BIGINT NOT NULL
);
