-- Which canonical fields the loaded exports provide at all: a field the exports cannot carry
-- makes the metrics that need it "not available from this export" (null with a reason), never
-- 0, and the maturity criteria that read them `not_available`. Judged per export file over the
-- whole database, not one period: a file either carries a field or does not. A canonical file or
-- a mapped export can carry every canonical field, so a column left empty or dropped from one is
-- a data gap (its metrics measure the gap), never "not available": dropping a column cannot lift
-- a verdict. A vendor export carries what its shape fills (`socgauge sources`): a field none of
-- its rows has is one the shape does not carry. One row per tenant (the files that hold any of
-- its rows, so a client exported from another tool is judged by its own files) and one row for
-- all tenants (tenant NULL, every file). Automation actions count, for a tenant, from the
-- automation exports that speak for it: one holding its loaded runs, or loaded for it without
-- any, or loaded together with its incidents or alerts (an export set of one tool: no run of
-- the tenant in it says it had none). Another client's automation export, loaded on its own,
-- says nothing of this one: a client's verdict does not move with who else is in the
-- database. For all tenants pooled, and the one tenant of a database of one, any automation
-- export counts.
-- declared: files read as canonical (source NULL in databases written before sources were
-- recorded; `lake`: a lake's file, canonical Parquet) or through a mapping file: every
-- canonical column is theirs to fill.
WITH declared AS (
    SELECT file FROM loads
    GROUP BY file
    HAVING bool_and(source IS NULL OR source IN ('canonical', 'lake') OR starts_with(source, 'mapped/'))
),
-- What each file fills, per tenant (a few rows, kept by every load: facts/incident_fields.sql,
-- facts/alert_fields.sql); the per-file and per-tenant views come from those rows.
incident_files AS (
    SELECT source_file, source_file IN (SELECT file FROM declared) AS declared,
           bool_or(first_activity_at) AS first_activity_at,
           bool_or(acknowledged_at) AS acknowledged_at,
           bool_or(contained_at) AS contained_at,
           bool_or(closed_at) AS closed_at,
           bool_and(all_open) AS all_open,
           bool_or(verdict) AS verdict,
           bool_or(closed_by) AS closed_by,
           bool_or(ai_assisted) AS ai_assisted,
           bool_or(category) AS category,
           bool_or(owner) AS owner
    FROM incident_fields GROUP BY source_file
),
alert_files AS (
    SELECT source_file, source_file IN (SELECT file FROM declared) AS declared,
           bool_or(first_activity_at) AS first_activity_at,
           bool_or(verdict) AS verdict,
           bool_or(closed_by) AS closed_by,
           bool_or(domain) AS domain,
           bool_or(links) AS links,
           bool_or(grouping) AS grouping,
           bool_or(category) AS category
    FROM alert_fields GROUP BY source_file
),
tenant_files AS (
    SELECT tenant, source_file FROM incident_fields
    UNION SELECT tenant, source_file FROM alert_fields
),
-- (a lake's file is canonical Parquet: read as canonical, as its database's canonical files)
file_sources AS (
    SELECT DISTINCT file, CASE source WHEN 'lake' THEN 'canonical' ELSE source END AS source
    FROM loads WHERE source IS NOT NULL
),
-- Per tenant and pooled (pooled: the row of all tenants), every field but automation.
fields AS (
    SELECT t.tenant, grouping(t.tenant) = 1 AS pooled,
           coalesce(bool_or(i.first_activity_at OR i.declared) OR bool_or(a.first_activity_at OR a.declared), false) AS first_activity_at,
           coalesce(bool_or(i.acknowledged_at OR i.declared), false) AS acknowledged_at,
           coalesce(bool_or(i.contained_at OR i.declared), false) AS contained_at,
           -- Close times: a file has one, or every file of the scope holds only open incidents
           -- (no close time because none closed: the backlog is known). One file of closed
           -- incidents without close times keeps them unavailable.
           coalesce(bool_or(i.closed_at OR i.declared), false) OR coalesce(bool_and(i.all_open), false) AS closed_at,
           coalesce(bool_or(i.verdict OR i.declared) OR bool_or(a.verdict OR a.declared), false) AS verdict,
           coalesce(bool_or(i.closed_by OR i.declared) OR bool_or(a.closed_by OR a.declared), false) AS closed_by,
           coalesce(bool_or(i.closed_by OR i.declared), false) AS incident_closed_by,
           coalesce(bool_or(i.ai_assisted OR i.declared), false) AS ai_assisted,
           coalesce(bool_or(a.domain OR a.declared), false) AS domain,
           coalesce(bool_or(a.links OR a.declared), false) AS links,
           coalesce(bool_or(a.grouping OR a.declared), false) AS grouping,
           coalesce(bool_or(i.category OR i.declared) OR bool_or(a.category OR a.declared), false) AS category,
           coalesce(bool_or(i.owner OR i.declared), false) AS owner,
           coalesce(bool_or(a.source_file IS NOT NULL), false) AS alerts,
           string_agg(DISTINCT s.source, ', ' ORDER BY s.source) AS sources
    FROM tenant_files t
    LEFT JOIN incident_files i ON i.source_file = t.source_file
    LEFT JOIN alert_files a ON a.source_file = t.source_file
    LEFT JOIN file_sources s ON s.file = t.source_file
    GROUP BY GROUPING SETS ((t.tenant), ())
),
-- The automation exports that say something: with loaded runs, or with none at all (an export
-- of no runs). One whose every row was rejected says nothing of anyone's automation.
automation_loads AS (
    SELECT load_id, tenant_rows FROM loads
    WHERE kind = 'automation' AND (rows_loaded > 0 OR rows_read = 0)
),
-- The tenants each file of a load holds: those with loaded rows, and a file's own tenant when
-- it has no row at all (a header-only export, loaded for that tenant). Rejected rows name no
-- tenant here: a row that did not load says nothing of whose export it is.
load_tenants AS (
    SELECT load_id, struct_extract(r, 'tenant') AS tenant
    FROM (SELECT load_id, unnest(tenant_rows) AS r FROM loads WHERE tenant_rows IS NOT NULL)
    WHERE struct_extract(r, 'loaded') > 0 OR struct_extract(r, 'rejected') = 0
),
-- An automation export whose tenants are unknown (written before they were recorded) speaks
-- for every tenant.
for_every_tenant AS (
    SELECT EXISTS (SELECT 1 FROM automation_loads WHERE tenant_rows IS NULL) AS v
),
-- The tenants an automation export speaks for: those of every file loaded with it (an export
-- set loaded together), the automation file's own included: every tenant with runs is one of
-- those, without reading the runs themselves.
spoken_for AS (
    SELECT DISTINCT tenant FROM load_tenants
    WHERE load_id IN (SELECT load_id FROM automation_loads)
),
-- A database of one organisation: every automation export loaded into it is its own, as the
-- pooled block counts it.
one_tenant AS (
    SELECT count(DISTINCT tenant) = 1 AS v FROM tenant_files
)
SELECT f.* EXCLUDE (pooled),
       CASE WHEN f.pooled OR (SELECT v FROM one_tenant)
            -- an automation export loaded at all (even one without rows: it says there were none)
            THEN EXISTS (SELECT 1 FROM automation) OR EXISTS (SELECT 1 FROM automation_loads)
            ELSE (SELECT v FROM for_every_tenant) OR f.tenant IN (SELECT tenant FROM spoken_for)
       END AS automation
FROM fields AS f
ORDER BY f.pooled DESC, f.tenant;
