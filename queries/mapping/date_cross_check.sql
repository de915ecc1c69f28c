-- A column ($1) whose dates are all ambiguous (no field above 12), read day-first ($2) and
-- month-first ($3), against an ISO or epoch time column of the same rows ($4): how many rows each
-- reading puts nearer the reference (rows where both readings agree are not counted).
WITH r AS (
    SELECT try_strptime(v, $2) AS d, try_strptime(v, $3) AS m, sg_map_instant(refv) AS ref
    FROM (SELECT sg_map_cell(j, $1) AS v, sg_map_cell(j, $4) AS refv FROM sg_sample)
    WHERE v IS NOT NULL AND refv IS NOT NULL
)
SELECT count(*) FILTER (WHERE abs(epoch(d) - epoch(ref)) < abs(epoch(m) - epoch(ref))) AS day_first,
       count(*) FILTER (WHERE abs(epoch(m) - epoch(ref)) < abs(epoch(d) - epoch(ref))) AS month_first
FROM r
WHERE d IS NOT NULL AND m IS NOT NULL AND d <> m AND ref IS NOT NULL;
