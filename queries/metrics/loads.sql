-- Rows read and rejected over the latest load of every file and kind in the database (a
-- re-loaded file counts once, whatever the spelling of its path: file_key), for the data-quality
-- findings. Not limited to a period: a rejected row has no trustworthy timestamp. For one tenant
-- ($1): the rows it loaded and the rejected rows that name it, plus the rejected rows of the same
-- files that name no tenant (lines the reader could not split, rows without one). A file whose
-- tenants are not known (loaded by an earlier version) counts whole for every tenant. The files
-- of a lake that carried its database's loads (source `lake`) are left out: the loads it carried
-- count their rows, and the rows the database rejected (load/lake_loads_carried.sql).
-- The same file loaded again for another tenant (--tenant-override) is another tenant's load, not
-- a replacement: one tenant's latest load of a file is the latest that names it, and over all
-- tenants a file counts once per set of tenants it was loaded for.
WITH latest AS (
    SELECT * FROM loads
    WHERE source IS DISTINCT FROM 'lake'
      AND (CAST($1 AS VARCHAR) IS NULL OR tenant_rows IS NULL
           OR list_contains([t.tenant FOR t IN tenant_rows], CAST($1 AS VARCHAR)))
    QUALIFY rank() OVER (
        PARTITION BY coalesce(file_key, file),
                     CASE WHEN CAST($1 AS VARCHAR) IS NULL
                          THEN list_sort([t.tenant FOR t IN tenant_rows]) END
        ORDER BY load_id DESC) = 1
),
attributed AS (
    SELECT source, rows_read, rows_rejected, tenant_rows,
           [t FOR t IN tenant_rows IF t.tenant = CAST($1 AS VARCHAR)] AS own,
           rows_rejected - coalesce(list_sum([t.rejected FOR t IN tenant_rows]), 0) AS unattributed
    FROM latest
),
counted AS (
    SELECT source,
           CASE WHEN CAST($1 AS VARCHAR) IS NULL OR tenant_rows IS NULL THEN rows_read
                ELSE own[1].loaded + own[1].rejected + unattributed END AS rows_read,
           CASE WHEN CAST($1 AS VARCHAR) IS NULL OR tenant_rows IS NULL THEN rows_rejected
                ELSE own[1].rejected + unattributed END AS rows_rejected
    FROM attributed
    WHERE CAST($1 AS VARCHAR) IS NULL OR tenant_rows IS NULL OR len(own) > 0
)
SELECT CAST(coalesce(sum(rows_read), 0) AS BIGINT) AS rows_read,
       CAST(coalesce(sum(rows_rejected), 0) AS BIGINT) AS rows_rejected,
       count(*) AS files,
       -- what the files were read as (canonical, sentinel/incidents, ...)
       string_agg(DISTINCT coalesce(source, 'canonical'), ', ' ORDER BY coalesce(source, 'canonical')) AS sources
FROM counted;
