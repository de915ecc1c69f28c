-- The data-quality record a lake's manifest carries ($1: its `loads` list as JSON text;
-- export/lake_loads.sql wrote it), one row per entry, each checked against what a database's
-- `loads` can hold (load/count_files.sql): a file, its format, a kind, a source other than the
-- lake's own, counts that are whole numbers from 0 to 10^15 with rows read = loaded + rejected,
-- tenant shares (a list, each tenant once) within those counts, and one entry per file and kind,
-- the file's identity a path in its plain form (no `.`, `..` or empty step, as the database
-- writes it: another spelling would let one file count twice). The counts are read as text
-- (sg_count), so that a number out of range fails the check instead of the query. A manifest
-- edited by hand or by another tool fails it, and the lake then counts its own rows
-- (load/lake_record_faults.sql).
CREATE OR REPLACE TEMP TABLE lake_record AS
WITH entries AS (
    SELECT e, json_transform(e,
        '{"file": "VARCHAR", "format": "VARCHAR", "kind": "VARCHAR", "rows_read": "VARCHAR",
          "rows_loaded": "VARCHAR", "rows_rejected": "VARCHAR", "source": "VARCHAR",
          "file_key": "VARCHAR", "tenant_rows": [{"tenant": "VARCHAR", "loaded": "VARCHAR", "rejected": "VARCHAR"}]}') AS l,
        coalesce(json_type(e, '$.tenant_rows'), 'NULL') IN ('ARRAY', 'NULL') AS shares_listed
    FROM (SELECT unnest(from_json(CAST($1 AS VARCHAR), '["JSON"]')) AS e)
),
counted AS (
    SELECT l.file, l.format, l.kind, l.source, l.file_key, shares_listed,
           sg_count(l.rows_read) AS rows_read, sg_count(l.rows_loaded) AS rows_loaded,
           sg_count(l.rows_rejected) AS rows_rejected,
           CASE WHEN l.tenant_rows IS NOT NULL THEN
               [{'tenant': t.tenant, 'loaded': sg_count(t.loaded), 'rejected': sg_count(t.rejected)}
                FOR t IN l.tenant_rows] END AS tenant_rows
    FROM entries
),
checked AS (
    SELECT *,
           file IS NOT NULL AND format IS NOT NULL AND shares_listed
           AND kind IN ('incidents', 'alerts', 'automation', 'reviews')
           AND source IS DISTINCT FROM 'lake'
           -- (a Windows path may start with `\\`)
           AND NOT coalesce(regexp_matches(file_key, '(^|[/\\])\.{1,2}([/\\]|$)|.[/\\][/\\]'), false)
           -- counts in range (sg_count), whose sum cannot overflow
           AND rows_loaded + rows_rejected = rows_read
           AND (tenant_rows IS NULL OR (
               -- an entry with no tenant share holds together; a NULL check is a failed one
               (len(tenant_rows) = 0
                OR list_bool_and([coalesce(t IS NOT NULL AND t.tenant IS NOT NULL
                                           AND t.loaded IS NOT NULL AND t.rejected IS NOT NULL, false)
                                  FOR t IN tenant_rows]))
               AND len(list_distinct([t.tenant FOR t IN tenant_rows])) = len(tenant_rows)
               AND coalesce(list_sum([t.loaded FOR t IN tenant_rows]), 0) <= rows_loaded
               AND coalesce(list_sum([t.rejected FOR t IN tenant_rows]), 0) <= rows_rejected
           )) AS well_formed
    FROM counted
)
SELECT file, format, kind, source, file_key, rows_read, rows_loaded, rows_rejected, tenant_rows,
       coalesce(well_formed, false)
           AND count(*) OVER (PARTITION BY coalesce(file_key, file), kind) = 1 AS ok
FROM checked;
