-- The incidents of lake files a run measuring a window of months does not read whole
-- (load/lake_months.rs): per file, how many it still reads (load/parquet_open_rows.sql):
-- not merged, created before the window's end ($3), and open in the window (not closed before
-- its start, $2) or created from $4 on (the MTTR trend's earlier periods, whose durations are
-- measured); a merged incident counts only through its merge chain, whose months the
-- manifest's links name (read whole); and
-- of the others (the rest, left unread) the number, the first and last creation time and the
-- latest time of any kind (as metrics/latest_timestamp.sql takes it), for the incidents that are
-- merged and for those that are not (metrics/data_span.sql and history_months.sql date the
-- data by the incidents they measure; tenants/summary.sql counts them all). Instants in
-- microseconds since the epoch. /*files*/: the files' private links, as quoted text; $1 (JSON:
-- [{file, tenant, month}]) names each link's partition.
--
-- `clean`: every row of the file would load, as the normalisation reads it (the same macros:
-- load/macros.sql, load/enums.sql; its instants were checked from the footers), so that leaving
-- some unread hides no reject and changes no file's share of rejects (--max-rejects); else the
-- lake is read whole. Merged as facts/incident_facts.sql reads it after the load.
WITH partitions AS (
    SELECT p.file, p.tenant, p.month
    FROM (SELECT unnest(from_json(CAST($1 AS VARCHAR),
                                  '[{"file": "VARCHAR", "tenant": "VARCHAR", "month": "VARCHAR"}]')) AS p)
),
cells AS (
    SELECT filename AS file,
           coalesce(created_at < CAST($3 AS TIMESTAMPTZ)
                    AND (created_at >= CAST($4 AS TIMESTAMPTZ) OR closed_at IS NULL
                         OR closed_at >= CAST($2 AS TIMESTAMPTZ))
                    AND NOT (coalesce(sg_status(CAST(status AS VARCHAR)) = 'redirected', false)
                             OR sg_text(CAST(redirected_to AS VARCHAR)) IS NOT NULL), false) AS open,
           created_at,
           greatest(created_at, coalesce(acknowledged_at, created_at), coalesce(contained_at, created_at),
                    coalesce(closed_at, created_at)) AS latest_at,
           coalesce(sg_status(CAST(status AS VARCHAR)) = 'redirected', false)
               OR sg_text(CAST(redirected_to AS VARCHAR)) IS NOT NULL AS merged,
           NOT sg_blank(CAST(incident_id AS VARCHAR))
               AND created_at IS NOT NULL
               AND (sg_blank(CAST(severity AS VARCHAR)) OR sg_severity(CAST(severity AS VARCHAR)) IS NOT NULL)
               AND (sg_blank(CAST(status AS VARCHAR)) OR sg_status(CAST(status AS VARCHAR)) IS NOT NULL)
               AND (sg_blank(CAST(classification AS VARCHAR)) OR sg_verdict(CAST(classification AS VARCHAR)) IS NOT NULL)
               AND (sg_blank(CAST(closed_by AS VARCHAR)) OR sg_closed_by(CAST(closed_by AS VARCHAR)) IS NOT NULL)
               AND (sg_blank(CAST(ai_assisted AS VARCHAR)) OR sg_bool(CAST(ai_assisted AS VARCHAR)) IS NOT NULL) AS clean
    FROM read_parquet([/*files*/], filename = true, hive_partitioning = false)
),
files AS (
    SELECT file,
           count(*) FILTER (WHERE open) AS open_rows,
           bool_and(clean) AS clean,
           count(*) FILTER (WHERE NOT open AND NOT merged) AS rest_rows,
           count(*) FILTER (WHERE NOT open AND merged) AS rest_merged_rows,
           epoch_us(min(created_at) FILTER (WHERE NOT open AND NOT merged)) AS first_us,
           epoch_us(max(created_at) FILTER (WHERE NOT open AND NOT merged)) AS last_us,
           epoch_us(max(latest_at) FILTER (WHERE NOT open AND NOT merged)) AS latest_us,
           epoch_us(min(created_at) FILTER (WHERE NOT open AND merged)) AS merged_first_us,
           epoch_us(max(created_at) FILTER (WHERE NOT open AND merged)) AS merged_last_us,
           epoch_us(max(latest_at) FILTER (WHERE NOT open AND merged)) AS merged_latest_us
    FROM cells
    GROUP BY file
)
SELECT p.file, p.tenant, p.month,
       coalesce(f.open_rows, 0) AS open_rows,
       coalesce(f.clean, true) AS clean,
       coalesce(f.rest_rows, 0) AS rest_rows,
       coalesce(f.rest_merged_rows, 0) AS rest_merged_rows,
       f.first_us, f.last_us, f.latest_us,
       f.merged_first_us, f.merged_last_us, f.merged_latest_us
FROM partitions p
LEFT JOIN files f ON f.file = p.file
ORDER BY p.tenant, p.month, p.file;
