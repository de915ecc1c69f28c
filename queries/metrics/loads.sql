-- Rows read and rejected over the latest load of every file and kind in the database (a
-- re-loaded file counts once, whatever the spelling of its path: file_key), for the data-quality
-- findings. Not limited to a period or tenant: a rejected row has no trustworthy timestamp or
-- tenant.
WITH latest AS (
    SELECT * FROM loads
    QUALIFY rank() OVER (PARTITION BY coalesce(file_key, file) ORDER BY load_id DESC) = 1
)
SELECT CAST(coalesce(sum(rows_read), 0) AS BIGINT) AS rows_read,
       CAST(coalesce(sum(rows_rejected), 0) AS BIGINT) AS rows_rejected,
       count(*) AS files,
       -- what the files were read as (canonical, sentinel/incidents, ...)
       string_agg(DISTINCT coalesce(source, 'canonical'), ', ' ORDER BY coalesce(source, 'canonical')) AS sources
FROM latest;
