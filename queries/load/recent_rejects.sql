-- The first rejected rows of this load, for the ingest summary.
SELECT file, line, "column", value, reason
FROM rejects
WHERE load_id = (SELECT load_id FROM sg_settings)
ORDER BY file, line
LIMIT $1;
