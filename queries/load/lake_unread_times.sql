-- The times of the rows in lake files a run measuring some months leaves unread
-- (load/lake_months.rs), per tenant and month partition, from the files' footers (their
-- statistics, no row read): the first and last creation time ($1: created_at, or started_at for
-- automation) and the latest of it and the closing time ($2: closed_at, finished_at), in
-- microseconds since the epoch, as metrics/data_span.sql, latest_timestamp.sql and
-- history_months.sql read them, and the rows (tenants/summary.sql counts them per month). /*files*/: the files' private links, as quoted text; $3 (JSON:
-- [{file, tenant, month}]) names each link's partition. `trusted`: both columns are instants
-- (a lake written by socgauge) in every file, and every row group states their least and
-- greatest values (or holds only nulls): else the lake is read whole.
WITH partitions AS (
    SELECT p.file, p.tenant, p.month
    FROM (SELECT unnest(from_json(CAST($3 AS VARCHAR),
                                  '[{"file": "VARCHAR", "tenant": "VARCHAR", "month": "VARCHAR"}]')) AS p)
),
typed AS (
    SELECT file_name, count(*) FILTER (WHERE duckdb_type = 'TIMESTAMP WITH TIME ZONE') = 2 AS ok
    FROM parquet_schema([/*files*/])
    WHERE name IN ($1, $2)
    GROUP BY file_name
),
row_groups AS (
    SELECT file_name, path_in_schema = $1 AS created, row_group_num_rows,
           TRY_CAST(stats_min_value AS TIMESTAMPTZ) AS lo,
           TRY_CAST(stats_max_value AS TIMESTAMPTZ) AS hi,
           stats_null_count = num_values
               OR (TRY_CAST(stats_min_value AS TIMESTAMPTZ) IS NOT NULL
                   AND TRY_CAST(stats_max_value AS TIMESTAMPTZ) IS NOT NULL) AS stated
    FROM parquet_metadata([/*files*/])
    WHERE path_in_schema IN ($1, $2)
),
-- Each file on its own first: a file without the columns, or without a row group, is not trusted.
files AS (
    SELECT p.file, p.tenant, p.month,
           coalesce(any_value(t.ok), false) AND coalesce(bool_and(r.stated), false)
               AND count(r.file_name) FILTER (WHERE r.created) > 0 AS trusted,
           min(r.lo) FILTER (WHERE r.created) AS first_at,
           max(r.hi) FILTER (WHERE r.created) AS last_at,
           max(r.hi) FILTER (WHERE NOT r.created) AS closed_at,
           sum(r.row_group_num_rows) FILTER (WHERE r.created) AS rows
    FROM partitions p
    LEFT JOIN typed t ON t.file_name = p.file
    LEFT JOIN row_groups r ON r.file_name = p.file
    GROUP BY p.file, p.tenant, p.month
)
SELECT tenant, month, bool_and(trusted) AS trusted,
       epoch_us(min(first_at)) AS first_us,
       epoch_us(max(last_at)) AS last_us,
       epoch_us(greatest(max(last_at), max(closed_at))) AS latest_us,
       CAST(sum(rows) AS BIGINT) AS rows
FROM files
GROUP BY tenant, month
ORDER BY tenant, month;
