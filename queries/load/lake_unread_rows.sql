-- The rows of each lake file a run leaves unread (load/lake_scope.rs), from their Parquet
-- footers: the record of loads is checked against them too. /*files*/: the files' private
-- links, as quoted text. No folder value becomes a column: only rows are counted.
SELECT filename AS file, CAST(count(*) AS BIGINT) AS rows
FROM read_parquet([/*files*/], filename = true, hive_partitioning = false)
GROUP BY filename
ORDER BY filename;
