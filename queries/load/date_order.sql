-- How a vendor file writes slash or dash dates (`11/06/2026, 08:02:23`, `11-06-2026 08:02`), from
-- every top-level value of its records that is such a date and nothing else (a title that starts
-- with one, `13/5/24 backup failed`, proves nothing): the largest first and second fields. A
-- first field above 12 proves day-first, a second above 12 month-first, each only from dates that
-- are calendar dates read in that order; `dated` counts the dates that are one either way (dotted dates are day-first: src/load/dates.rs), and `sample` is one of them, whose form
-- a warning names: the longest (a date-time rather than a column of dates only), the least of
-- those, for a stable choice (its length is written before it, padded, so that max picks it).
SELECT count(*) AS dated,
       max(TRY_CAST(a AS INTEGER)) FILTER (WHERE day_first) AS first_max,
       max(TRY_CAST(b AS INTEGER)) FILTER (WHERE month_first) AS second_max,
       substr(max(lpad(CAST(strlen(v) AS VARCHAR), 9, '0') || v), 10) AS sample
FROM (
    -- Whether the date is a calendar date read each way: `31/02/2026` or `99/99/2026` (a typo
    -- the load rejects) proves no order, and does not count as a date.
    SELECT v, m.a AS a, m.b AS b,
           CASE WHEN strlen(m.y) = 4 THEN try_strptime(m.a || '/' || m.b || '/' || m.y, '%d/%m/%Y')
                ELSE try_strptime(m.a || '/' || m.b || '/' || m.y, '%d/%m/%y') END IS NOT NULL AS day_first,
           CASE WHEN strlen(m.y) = 4 THEN try_strptime(m.a || '/' || m.b || '/' || m.y, '%m/%d/%Y')
                ELSE try_strptime(m.a || '/' || m.b || '/' || m.y, '%m/%d/%y') END IS NOT NULL AS month_first
    FROM (SELECT v, regexp_extract(v, '^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(,?\s+\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(\s*[AaPp]\.?[Mm]\.?)?)?(\s*(Z|UTC|[+-]\d{2}:?\d{2}))?\s*$', ['a', 'b', 'y']) AS m
          FROM (SELECT unnest(json_extract_string(j, '$.*')) AS v FROM sg_records))
    WHERE m.a <> '')
WHERE day_first OR month_first;
