-- Files of this load whose rejected share of rows is above --max-rejects ($1), in load order,
-- each with its most common reject reason (column and reason; ties broken by name). Records a
-- source sets aside by design (building-block alerts, observables in an audit log, events of
-- another index) are no misreading: counted in neither the rows nor the rejects here, unless
-- they are all the file holds: a file of which nothing loads (the wrong table exported, an
-- audit log without cases) fails as a misread one does, with every row counted.
WITH set_aside AS (
    SELECT _file_seq AS file_seq, count(DISTINCT line) AS n FROM stage_malformed WHERE set_aside GROUP BY _file_seq
),
raw AS (
    SELECT c.file_seq, c.file, sum(c.rows_read) AS rows_read, sum(c.rows_rejected) AS rows_rejected,
           coalesce(any_value(s.n), 0) AS aside
    FROM load_counts c LEFT JOIN set_aside s USING (file_seq)
    GROUP BY c.file_seq, c.file
),
per_file AS (
    SELECT file_seq, file, rows_read - discount AS rows_read, rows_rejected - discount AS rows_rejected
    FROM (SELECT *, CASE WHEN rows_read = rows_rejected THEN 0 ELSE aside END AS discount FROM raw)
),
reasons AS (
    SELECT file, coalesce("column", '-') AS "column", reason,
           EXISTS (SELECT 1 FROM stage_malformed m JOIN stage_files f USING (_file_seq)
                   WHERE m.set_aside AND f.file = rejects.file AND m.line IS NOT DISTINCT FROM rejects.line) AS aside
    FROM rejects
    WHERE load_id = (SELECT load_id FROM sg_settings)
),
counted AS (
    SELECT file, "column", reason, aside, count(*) AS n FROM reasons GROUP BY ALL
),
top AS (
    -- A misreading before a record set aside.
    SELECT file, arg_max({'column': "column", 'reason': reason, 'n': n}, (NOT aside, n, "column", reason)) AS t
    FROM counted GROUP BY file
)
SELECT p.file, CAST(p.rows_read AS BIGINT) AS rows_read, CAST(p.rows_rejected AS BIGINT) AS rows_rejected,
       t.t."column" AS "column", t.t.reason AS reason, CAST(t.t.n AS BIGINT) AS reason_rows
FROM per_file p LEFT JOIN top t USING (file)
WHERE p.rows_read > 0 AND CAST(p.rows_rejected AS DOUBLE) / p.rows_read > $1
ORDER BY p.file_seq;
