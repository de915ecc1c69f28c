-- Files of this load whose rejected share of rows is above --max-rejects ($1), in load order,
-- each with its most common reject reason (column and reason; ties broken by name).
WITH per_file AS (
    SELECT file_seq, file, sum(rows_read) AS rows_read, sum(rows_rejected) AS rows_rejected
    FROM load_counts GROUP BY file_seq, file
),
reasons AS (
    SELECT file, coalesce("column", '-') AS "column", reason, count(*) AS n
    FROM rejects
    WHERE load_id = (SELECT load_id FROM sg_settings)
    GROUP BY ALL
),
top AS (
    SELECT file, arg_max({'column': "column", 'reason': reason, 'n': n}, (n, "column", reason)) AS t
    FROM reasons GROUP BY file
)
SELECT p.file, CAST(p.rows_read AS BIGINT) AS rows_read, CAST(p.rows_rejected AS BIGINT) AS rows_rejected,
       t.t."column" AS "column", t.t.reason AS reason, CAST(t.t.n AS BIGINT) AS reason_rows
FROM per_file p LEFT JOIN top t USING (file)
WHERE p.rows_read > 0 AND CAST(p.rows_rejected AS DOUBLE) / p.rows_read > $1
ORDER BY p.file_seq;
