-- The rows in lake files a run measuring some months leaves unread (load/lake_months.rs), per
-- tenant and month partition, from the files' footers (their statistics, no row read): the first
-- and last creation time ($1: created_at, or started_at for automation) and the latest of it and
-- the closing time ($2: closed_at, finished_at), in microseconds since the epoch, as
-- metrics/data_span.sql, latest_timestamp.sql and history_months.sql read them, and the rows
-- (tenants/summary.sql counts them per month). /*files*/: the files' private links, as quoted
-- text; $3 (JSON: [{file, tenant, month}]) names each link's partition; $4: the kind's table.
--
-- `trusted`: the files are what a lake written by socgauge holds, so that reading them would
-- load every row and warn of nothing: exactly the kind's columns (export/lake_*.sql: the
-- canonical ones but the tenant, in the folder name, and the load's bookkeeping), both times
-- typed as instants, every row group stating the least and greatest value of every instant
-- column (or holding only nulls), every instant within the years socgauge reads (a database
-- written before that rule may hold others, which a load rejects), and the partition's times
-- within its folder's UTC month. Else the lake is read whole.
WITH partitions AS (
    SELECT p.file, p.tenant, p.month
    FROM (SELECT unnest(from_json(CAST($3 AS VARCHAR),
                                  '[{"file": "VARCHAR", "tenant": "VARCHAR", "month": "VARCHAR"}]')) AS p)
),
expected AS (
    SELECT list_sort(list(column_name)) AS names
    FROM duckdb_columns()
    WHERE database_name = current_database() AND schema_name = 'main'
      AND table_name = CAST($4 AS VARCHAR)
      AND column_name NOT IN ('tenant', 'load_id', 'source_file', 'source_line')
),
instant_columns AS (
    SELECT file_name, name
    FROM parquet_schema([/*files*/])
    WHERE duckdb_type = 'TIMESTAMP WITH TIME ZONE'
),
typed AS (
    SELECT file_name, count(*) FILTER (WHERE name IN ($1, $2)) = 2 AS ok
    FROM instant_columns
    GROUP BY file_name
),
row_groups AS (
    SELECT file_name, split_part(path_in_schema, ', ', 1) AS column_name, row_group_num_rows,
           TRY_CAST(stats_min_value AS TIMESTAMPTZ) AS lo,
           TRY_CAST(stats_max_value AS TIMESTAMPTZ) AS hi,
           coalesce(stats_null_count = num_values, false)
               OR (TRY_CAST(stats_min_value AS TIMESTAMPTZ) IS NOT NULL
                   AND TRY_CAST(stats_max_value AS TIMESTAMPTZ) IS NOT NULL
                   AND coalesce(min_is_exact, true) AND coalesce(max_is_exact, true)) AS stated
    FROM parquet_metadata([/*files*/])
),
file_columns AS (
    SELECT file_name, list_sort(list_distinct(list(column_name))) AS names
    FROM row_groups
    GROUP BY file_name
),
instants AS (
    SELECT r.*
    FROM row_groups r
    JOIN instant_columns c ON c.file_name = r.file_name AND c.name = r.column_name
),
-- Each file on its own first: a file without the columns, or without a row group, is not trusted.
files AS (
    SELECT p.file, p.tenant, p.month,
           coalesce(any_value(t.ok), false)
               AND coalesce(any_value(f.names) = (SELECT names FROM expected), false)
               AND coalesce(bool_and(i.stated), false)
               AND coalesce(bool_and(i.lo IS NULL
                                     OR (i.lo >= TIMESTAMPTZ '1970-01-01 00:00:00+00'
                                         AND i.hi < TIMESTAMPTZ '2101-01-01 00:00:00+00')), false)
               AND count(i.file_name) FILTER (WHERE i.column_name = $1) > 0 AS trusted,
           min(i.lo) FILTER (WHERE i.column_name = $1) AS first_at,
           max(i.hi) FILTER (WHERE i.column_name = $1) AS last_at,
           max(i.hi) FILTER (WHERE i.column_name = $2) AS closed_at,
           sum(i.row_group_num_rows) FILTER (WHERE i.column_name = $1) AS rows
    FROM partitions p
    LEFT JOIN typed t ON t.file_name = p.file
    LEFT JOIN file_columns f ON f.file_name = p.file
    LEFT JOIN instants i ON i.file_name = p.file
    GROUP BY p.file, p.tenant, p.month
)
SELECT tenant, month,
       bool_and(trusted)
           AND strftime(make_timestamp(epoch_us(min(first_at))), '%Y-%m') = month
           AND strftime(make_timestamp(epoch_us(max(last_at))), '%Y-%m') = month AS trusted,
       epoch_us(min(first_at)) AS first_us,
       epoch_us(max(last_at)) AS last_us,
       epoch_us(greatest(max(last_at), max(closed_at))) AS latest_us,
       CAST(sum(rows) AS BIGINT) AS rows
FROM files
GROUP BY tenant, month
ORDER BY tenant, month;
