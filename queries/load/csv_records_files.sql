-- The records the reader read from each of several CSV files read by one statement
-- (load/csv_batch.rs), as load/csv_records_read.sql counts one file's: its rows in /*target*/
-- and the lines it rejected. $1: the files' numbers in the load, as a JSON list; one row each,
-- in the list's order.
WITH files AS (
    SELECT unnest(seqs) AS seq, unnest(range(len(seqs))) AS position
    FROM (SELECT from_json(CAST($1 AS VARCHAR), '["INTEGER"]') AS seqs)
),
file_rows AS (
    SELECT _file_seq AS seq, count(*) AS n
    FROM /*target*/
    WHERE _file_seq IN (SELECT seq FROM files)
    GROUP BY _file_seq
),
file_rejects AS (
    SELECT _file_seq AS seq, count(DISTINCT line) AS n
    FROM stage_malformed
    WHERE _file_seq IN (SELECT seq FROM files)
    GROUP BY _file_seq
)
SELECT files.seq, coalesce(file_rows.n, 0) + coalesce(file_rejects.n, 0) AS records
FROM files
LEFT JOIN file_rows USING (seq)
LEFT JOIN file_rejects USING (seq)
ORDER BY files.position;
