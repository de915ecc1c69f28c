-- Per file, the ids of a kind whose rows kept the stored state because an earlier load's export
-- of them is newer (load/stored_newer_rows.sql): told to the user after the load, since such a
-- file's rows count as loaded but change nothing. In file order.
SELECT f.file, count(DISTINCT (n.tenant, n./*id*/)) AS n
FROM /*norm*/ AS n
JOIN sg_losing_rows AS l ON l.row_id = n.rowid
JOIN stage_files AS f ON f._file_seq = n._file_seq
WHERE l.kept_file_seq IS NULL
GROUP BY f._file_seq, f.file
ORDER BY f._file_seq;
