-- What the source scripts of this load set aside or could not read (stage_notes), per file, for
-- the user: file order, then the order the script wrote them.
SELECT f.file, n.note, CAST(n.n AS BIGINT) AS n
FROM stage_notes AS n
JOIN stage_files AS f USING (_file_seq)
ORDER BY n._file_seq, n.rowid;
