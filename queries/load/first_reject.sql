-- The first rejected row of this load (file order, then line), for the --strict error message.
SELECT file, line, "column", reason
FROM rejects
WHERE load_id = (SELECT load_id FROM sg_settings)
ORDER BY file, line
LIMIT 1;
