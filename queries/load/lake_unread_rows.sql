-- The rows of the lake files a run measuring one tenant leaves unread (load/lake_scope.rs), from
-- their Parquet footers: the record of loads is checked against them too. /*files*/: the files'
-- private links, as quoted text. No folder value becomes a column: only rows are counted.
SELECT CAST(count(*) AS BIGINT) AS rows FROM read_parquet([/*files*/], hive_partitioning = false);
