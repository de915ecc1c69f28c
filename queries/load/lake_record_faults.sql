-- Whether the record lake_record_read.sql read can be carried: its entries, the first that fails
-- its check (by file), and the kinds and tenants of rows the lake's own files hold ($1: their
-- positions in this load, as a JSON list) that no entry loaded. Those rows would be counted
-- nowhere once the lake's files give way to the record: a record with an entry taken out.
-- And the first kind whose rows in the lake's files differ from those the manifest's `rows`
-- ($2, JSON: {"incidents": n, "alerts": n, "automation": n}) says the lake was written with:
-- partitions removed or added since, whose loads the record would count wrongly. The files of
-- the lake a run measuring one tenant left unread ($3, JSON: a list of {kind, tenant, rows},
-- the rows from their footers; load/lake_scope.rs) count as held, as if read and loaded.
WITH lake_files AS (
    SELECT kind, tenant_rows FROM loads
    WHERE load_id = (SELECT load_id FROM sg_settings)
      AND list_contains(from_json(CAST($1 AS VARCHAR), '["INTEGER"]'), file_seq)
      AND rows_loaded > 0
),
unread AS (
    SELECT u.kind, u.tenant, u.rows
    FROM (SELECT unnest(from_json(CAST($3 AS VARCHAR),
                                  '[{"kind": "VARCHAR", "tenant": "VARCHAR", "rows": "BIGINT"}]')) AS u)
),
held AS (
    SELECT DISTINCT kind, CAST(NULL AS VARCHAR) AS tenant FROM lake_files
    UNION
    SELECT DISTINCT kind, share.tenant
    FROM (SELECT kind, unnest(tenant_rows) AS share FROM lake_files)
    WHERE share.loaded > 0
    UNION
    SELECT DISTINCT kind, CAST(NULL AS VARCHAR) AS tenant FROM unread WHERE rows > 0
    UNION
    SELECT DISTINCT kind, tenant FROM unread WHERE rows > 0
),
unaccounted AS (
    SELECT h.kind, h.tenant FROM held h
    WHERE NOT EXISTS (
        SELECT 1 FROM lake_record r
        WHERE r.ok AND r.kind = h.kind AND r.rows_loaded > 0
          AND (h.tenant IS NULL OR r.tenant_rows IS NULL
               OR list_contains([t.tenant FOR t IN r.tenant_rows IF t.loaded > 0], h.tenant)))
),
held_rows AS (
    SELECT kind, sum(n) AS held
    FROM (SELECT kind, rows_read AS n FROM loads
          WHERE load_id = (SELECT load_id FROM sg_settings)
            AND list_contains(from_json(CAST($1 AS VARCHAR), '["INTEGER"]'), file_seq)
          UNION ALL
          SELECT kind, rows AS n FROM unread)
    GROUP BY kind
),
miscounted AS (
    SELECT k.kind, coalesce(h.held, 0) AS held,
           sg_count(json_extract_string(CAST($2 AS VARCHAR), '$.' || k.kind)) AS recorded
    FROM (VALUES ('incidents'), ('alerts'), ('automation')) AS k(kind)
    LEFT JOIN held_rows h USING (kind)
)
SELECT count(*) AS entries,
       count(*) FILTER (WHERE NOT ok) AS faulty,
       min(coalesce(file, '(no file)')) FILTER (WHERE NOT ok) AS first_faulty,
       (SELECT min(kind || CASE WHEN tenant IS NULL THEN '' ELSE ' of tenant ' || tenant END)
        FROM unaccounted) AS first_unaccounted,
       (SELECT min(kind || ': ' || held || ' in its files, '
                   || coalesce(CAST(recorded AS VARCHAR), 'none') || ' recorded')
        FROM miscounted WHERE recorded IS DISTINCT FROM held) AS first_miscounted
FROM lake_record;
