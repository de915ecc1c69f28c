-- Rows read and rejected over the latest load of every file and kind in the database (a
-- re-loaded file counts once, whatever the spelling of its path: file_key), for the data-quality
-- findings. Not limited to a period: a rejected row has no trustworthy timestamp. One row per
-- scope of $1 (a JSON list: a tenant's name, or null for all tenants pooled), in its order
-- (`position`): the blocks of a run's tenants take one query, not one each. For a tenant: the
-- rows it loaded and the rejected rows that name it, plus the rejected rows of the same files
-- that name no tenant (lines the reader could not split, rows without one). A file whose
-- tenants are not known (loaded by an earlier version) counts whole for every tenant. The files
-- of a lake that carried its database's loads (source `lake`) are left out: the loads it carried
-- count their rows, and the rows the database rejected (load/lake_loads_carried.sql).
-- A load of a file is replaced by a later load of the same file that shares a tenant with it
-- (a re-export, rows added or removed); a later load for other tenants only (the same file
-- loaded for another client with --tenant-override) replaces nothing. A load whose tenants are
-- not known (an earlier version) shares every tenant.
WITH scopes AS (
    SELECT unnest(names) AS tenant, unnest(range(len(names))) AS position
    FROM (SELECT from_json(CAST($1 AS VARCHAR), '["VARCHAR"]') AS names)
),
tenants_of AS (
    SELECT load_id, coalesce(file_key, file) AS file_id,
           [t.tenant FOR t IN tenant_rows] AS tenants
    FROM loads
    WHERE source IS DISTINCT FROM 'lake'
),
replaced AS (
    SELECT DISTINCT earlier.load_id, earlier.file_id
    FROM tenants_of AS earlier
    JOIN tenants_of AS later
      ON later.file_id = earlier.file_id AND later.load_id > earlier.load_id
    WHERE earlier.tenants IS NULL OR later.tenants IS NULL
       OR len(list_intersect(earlier.tenants, later.tenants)) > 0
),
latest AS (
    SELECT l.source, l.rows_read, l.rows_rejected, l.tenant_rows,
           [t.tenant FOR t IN l.tenant_rows] AS tenants,
           l.rows_rejected - coalesce(list_sum([t.rejected FOR t IN l.tenant_rows]), 0) AS unattributed
    FROM loads AS l
    WHERE l.source IS DISTINCT FROM 'lake'
      AND NOT EXISTS (SELECT 1 FROM replaced AS r
                      WHERE r.load_id = l.load_id AND r.file_id = coalesce(l.file_key, l.file))
),
attributed AS (
    SELECT s.position, s.tenant, l.source, l.rows_read, l.rows_rejected, l.tenant_rows, l.unattributed,
           [t FOR t IN l.tenant_rows IF t.tenant = s.tenant] AS own
    FROM scopes AS s
    JOIN latest AS l
      ON s.tenant IS NULL OR l.tenant_rows IS NULL OR list_contains(l.tenants, s.tenant)
),
counted AS (
    SELECT position, source,
           CASE WHEN tenant IS NULL OR tenant_rows IS NULL THEN rows_read
                ELSE own[1].loaded + own[1].rejected + unattributed END AS rows_read,
           CASE WHEN tenant IS NULL OR tenant_rows IS NULL THEN rows_rejected
                ELSE own[1].rejected + unattributed END AS rows_rejected
    FROM attributed
)
SELECT s.position,
       CAST(coalesce(sum(c.rows_read), 0) AS BIGINT) AS rows_read,
       CAST(coalesce(sum(c.rows_rejected), 0) AS BIGINT) AS rows_rejected,
       count(c.position) AS files,
       -- what the files were read as (canonical, sentinel/incidents, ...)
       string_agg(DISTINCT coalesce(c.source, 'canonical'), ', ' ORDER BY coalesce(c.source, 'canonical'))
           FILTER (WHERE c.position IS NOT NULL) AS sources
FROM scopes AS s
LEFT JOIN counted AS c ON c.position = s.position
GROUP BY s.position
ORDER BY s.position;
