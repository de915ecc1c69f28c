-- month_results: the rows of the metric queries for the latest calendar months (UTC) of a
-- database file, for all tenants (tenant NULL) and each tenant, computed at the end of every
-- load (src/metrics/store.rs) and read by a later `metrics` or `report` whose period is exactly
-- one of those months and whose tenant scope is the same, instead of running the queries
-- again: the exact durations of a month's half-million incidents do not add up from smaller
-- counts, so they are kept whole. A row is read only when it was computed by the same
-- definition of its query (definition: a hash of the query, the scope's SQL, the facts' version,
-- the code that keeps and reads it and the locked crates) and after the latest load (load_id: the database's latest load when it was
-- computed), so that nothing else can be read from it. result: the query's columns and rows as
-- JSON, as the query gives them.
CREATE OR REPLACE TABLE month_results (
    query VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    load_id BIGINT NOT NULL,
    period_from TIMESTAMPTZ NOT NULL,
    period_to TIMESTAMPTZ NOT NULL,
    tenant VARCHAR,
    by_tenant BOOLEAN NOT NULL,
    result VARCHAR NOT NULL
);
