-- The rejected rows a database keeps, for `socgauge rejects`: all, or those of one file ($1),
-- in file and line order.
SELECT file, line, kind, "column", value, reason
FROM rejects
WHERE $1 IS NULL OR file = $1
ORDER BY file, line NULLS LAST, kind, "column";
