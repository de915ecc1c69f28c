-- Rows a database counts as rejected without keeping them (their file named $1, or any; $2 its
-- identity): the record a lake carried (load/lake_loads_carried.sql) counts the rows the database
-- it came from rejected, which stay in that database. For `rejects`, so that "no rejected rows"
-- is never said of a file that had some.
SELECT CAST(coalesce(sum(l.rows_rejected), 0) AS BIGINT) AS rows
FROM loads l
WHERE l.rows_rejected > 0
  AND ($1 IS NULL OR l.file = $1 OR l.file_key = $2)
  AND NOT EXISTS (SELECT 1 FROM rejects r WHERE r.load_id = l.load_id AND r.file = l.file)
  -- a load that read a lake carrying its record (its own files are marked `lake`)
  AND EXISTS (SELECT 1 FROM loads k WHERE k.load_id = l.load_id AND k.source = 'lake');
