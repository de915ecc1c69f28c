-- The incidents of the lake (`export --parquet`): every canonical column but the load's own
-- bookkeeping (load id, source file and line, which name paths of the machine that loaded them),
-- hive-partitioned by tenant and by the UTC month of created_at, written by DuckDB to /*path*/. The
-- partition values live in the folder names (tenant=…/month=YYYY-MM, escaped by DuckDB), not in
-- the files, as Spark, Trino and Athena expect. Ordered so that the same data gives the same files.
COPY (
    SELECT * EXCLUDE (load_id, source_file, source_line),
           strftime(make_timestamp(epoch_us(created_at)), '%Y-%m') AS month
    FROM incidents
    ORDER BY tenant, created_at, incident_id
) TO '/*path*/' (FORMAT parquet, PARTITION_BY (tenant, month));
