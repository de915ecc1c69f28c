-- The data-quality record a lake's manifest carries ($1: its `loads` list as JSON text;
-- export/lake_loads.sql wrote it), one row per entry, each checked against what a database's
-- `loads` can hold (load/count_files.sql): a file, its format, a kind, a source other than the
-- lake's own, counts that are whole numbers from 0 to 10^15 with rows read = loaded + rejected,
-- tenant shares (a list, each tenant once) within those counts, and one entry per file and kind,
-- the file's identity a path in its plain form (no `.`, `..` or empty step, as the database
-- writes it: another spelling would let one file count twice). The counts are read as text and taken only when written as whole numbers (`0.5`,
-- `1e3` or `-1` is no count), so that a number out of range fails the check instead of the
-- query. A manifest edited by hand or by another tool fails it, and the lake then counts its
-- own rows (load/lake_record_faults.sql).
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
           CASE WHEN regexp_full_match(l.rows_read, '[0-9]{1,16}') THEN try_cast(l.rows_read AS BIGINT) END AS rows_read,
           CASE WHEN regexp_full_match(l.rows_loaded, '[0-9]{1,16}') THEN try_cast(l.rows_loaded AS BIGINT) END AS rows_loaded,
           CASE WHEN regexp_full_match(l.rows_rejected, '[0-9]{1,16}') THEN try_cast(l.rows_rejected AS BIGINT) END AS rows_rejected,
           CASE WHEN l.tenant_rows IS NOT NULL THEN
               [{'tenant': t.tenant,
                 'loaded': CASE WHEN regexp_full_match(t.loaded, '[0-9]{1,16}') THEN try_cast(t.loaded AS BIGINT) END,
                 'rejected': CASE WHEN regexp_full_match(t.rejected, '[0-9]{1,16}') THEN try_cast(t.rejected AS BIGINT) END}
                FOR t IN l.tenant_rows] END AS tenant_rows
    FROM entries
),
checked AS (
    SELECT *,
           e_ok AS well_formed
    FROM (
        SELECT *,
               file IS NOT NULL AND format IS NOT NULL AND shares_listed
               AND kind IN ('incidents', 'alerts', 'automation', 'reviews')
               AND source IS DISTINCT FROM 'lake'
               -- (a Windows path may start with `\\`)
               AND NOT coalesce(regexp_matches(file_key, '(^|[/\\])\.{1,2}([/\\]|$)|.[/\\][/\\]'), false)
               AND rows_read BETWEEN 0 AND 1000000000000000
               AND rows_loaded BETWEEN 0 AND 1000000000000000
               AND rows_rejected BETWEEN 0 AND 1000000000000000
               -- compared as HUGEINT: the sum of two unchecked BIGINTs may overflow
               AND CAST(rows_loaded AS HUGEINT) + rows_rejected = rows_read
               AND (tenant_rows IS NULL OR (
                   -- an entry with no tenant share holds together; a NULL check is a failed one
                   (len(tenant_rows) = 0
                    OR list_bool_and([coalesce(t IS NOT NULL AND t.tenant IS NOT NULL
                                               AND t.loaded BETWEEN 0 AND 1000000000000000
                                               AND t.rejected BETWEEN 0 AND 1000000000000000, false)
                                      FOR t IN tenant_rows]))
                   AND len(list_distinct([t.tenant FOR t IN tenant_rows])) = len(tenant_rows)
                   AND coalesce(list_sum([CAST(t.loaded AS HUGEINT) FOR t IN tenant_rows]), 0) <= rows_loaded
                   AND coalesce(list_sum([CAST(t.rejected AS HUGEINT) FOR t IN tenant_rows]), 0) <= rows_rejected
               )) AS e_ok
        FROM counted
    )
)
SELECT file, format, kind, source, file_key, rows_read, rows_loaded, rows_rejected, tenant_rows,
       coalesce(well_formed, false)
           AND count(*) OVER (PARTITION BY coalesce(file_key, file), kind) = 1 AS ok
FROM checked;
