-- The rejected rows a database keeps, for `socgauge rejects`: all, or those of one file, named
-- as it was loaded ($1) or by its identity ($2, loads.file_key: the file however its path was
-- spelled), in file and line order.
SELECT r.file, r.line, r.kind, r."column", r.value, r.reason
FROM rejects r
WHERE $1 IS NULL
   OR r.file = $1
   OR EXISTS (SELECT 1 FROM loads l WHERE l.load_id = r.load_id AND l.file = r.file AND l.file_key = $2)
ORDER BY r.file, r.line NULLS LAST, r.kind, r."column";
