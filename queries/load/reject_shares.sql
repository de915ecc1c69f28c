-- Files of this load whose rejected share of rows is above --max-rejects ($1), in load order,
-- each with its most common reject reason (column and reason; ties broken by name). Records a
-- source sets aside by design (building-block alerts, observables in an audit log, events of
-- another index) are no misreading: counted in neither the rows nor the rejects here.
WITH set_aside AS (
    SELECT _file_seq AS file_seq, count(DISTINCT line) AS n FROM stage_malformed WHERE set_aside GROUP BY _file_seq
),
per_file AS (
    SELECT c.file_seq, c.file, sum(c.rows_read) - coalesce(any_value(s.n), 0) AS rows_read,
           sum(c.rows_rejected) - coalesce(any_value(s.n), 0) AS rows_rejected
    FROM load_counts c LEFT JOIN set_aside s USING (file_seq)
    GROUP BY c.file_seq, c.file
),
reasons AS (
    SELECT file, coalesce("column", '-') AS "column", reason, count(*) AS n
    FROM rejects
    WHERE load_id = (SELECT load_id FROM sg_settings)
      AND NOT EXISTS (SELECT 1 FROM stage_malformed m JOIN stage_files f USING (_file_seq)
                      WHERE m.set_aside AND f.file = rejects.file AND m.line IS NOT DISTINCT FROM rejects.line)
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
