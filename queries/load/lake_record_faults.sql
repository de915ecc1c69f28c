-- Whether the record lake_record_read.sql read can be carried: its entries, the first that fails
-- its check (by file), and the kinds and tenants of rows the lake's own files hold ($1: their
-- positions in this load, as a JSON list) that no entry loaded. Those rows would be counted
-- nowhere once the lake's files give way to the record: a record with an entry taken out.
WITH lake_files AS (
    SELECT kind, tenant_rows FROM loads
    WHERE load_id = (SELECT load_id FROM sg_settings)
      AND list_contains(from_json(CAST($1 AS VARCHAR), '["INTEGER"]'), file_seq)
      AND rows_loaded > 0
),
held AS (
    SELECT DISTINCT kind, CAST(NULL AS VARCHAR) AS tenant FROM lake_files
    UNION
    SELECT DISTINCT kind, share.tenant
    FROM (SELECT kind, unnest(tenant_rows) AS share FROM lake_files)
    WHERE share.loaded > 0
),
unaccounted AS (
    SELECT h.kind, h.tenant FROM held h
    WHERE NOT EXISTS (
        SELECT 1 FROM lake_record r
        WHERE r.ok AND r.kind = h.kind AND r.rows_loaded > 0
          AND (h.tenant IS NULL OR r.tenant_rows IS NULL
               OR list_contains([t.tenant FOR t IN r.tenant_rows IF t.loaded > 0], h.tenant)))
)
SELECT count(*) AS entries,
       count(*) FILTER (WHERE NOT ok) AS faulty,
       min(coalesce(file, '(no file)')) FILTER (WHERE NOT ok) AS first_faulty,
       (SELECT min(kind || CASE WHEN tenant IS NULL THEN '' ELSE ' of tenant ' || tenant END)
        FROM unaccounted) AS first_unaccounted
FROM lake_record;
