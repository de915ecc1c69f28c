-- The lake rows a run left unread (load/lake_months.rs): per kind (alerts, automation,
-- incidents and incidents_merged: the merged ones apart), tenant and UTC month partition (for
-- incidents, per file), the first and last creation (start) time, the latest time of any kind
-- and the number of rows. Empty
-- unless a run measuring some months read a lake's other months from their footers only; every
-- connection has it, so that metrics/data_span.sql, latest_timestamp.sql, history_months.sql
-- and tenants/summary.sql read it on any database.
CREATE TEMP TABLE IF NOT EXISTS lake_unread_extents (
    kind      VARCHAR NOT NULL,
    tenant    VARCHAR NOT NULL,
    first_at  TIMESTAMPTZ NOT NULL,
    last_at   TIMESTAMPTZ NOT NULL,
    latest_at TIMESTAMPTZ NOT NULL,
    rows      BIGINT NOT NULL
);
