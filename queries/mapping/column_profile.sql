-- One column ($1) of the sampled rows: how many rows hold a value, how many of those are ISO or
-- epoch timestamps, and how the slash/dash/dot dates among them are ordered (the largest first
-- and second fields: a first field above 12 proves day-first, a second above 12 month-first).
WITH v AS (SELECT sg_map_cell(j, $1) AS v FROM sg_sample),
d AS (SELECT v, regexp_extract(v, '^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b', ['a', 'b']) AS m FROM v WHERE v IS NOT NULL)
SELECT (SELECT count(*) FROM v) AS rows,
       (SELECT count(v) FROM v) AS filled,
       count(*) FILTER (WHERE sg_map_instant(v) IS NOT NULL) AS instants,
       count(*) FILTER (WHERE m.a <> '') AS dated,
       max(TRY_CAST(nullif(m.a, '') AS INTEGER)) AS first_max,
       max(TRY_CAST(nullif(m.b, '') AS INTEGER)) AS second_max
FROM d;
