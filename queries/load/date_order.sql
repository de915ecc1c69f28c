-- How a vendor file writes slash or dash dates (`11/06/2026, 08:02:23`, `11-06-2026 08:02`), from
-- every top-level value of its records that is such a date and nothing else (a title that starts
-- with one, `13/5/24 backup failed`, proves nothing): the largest first and second fields. A
-- first field above 12 proves day-first, a second above 12 month-first; `dated` counts those
-- dates (dotted dates are day-first: src/load/dates.rs), and `sample` is one of them, whose form
-- a warning names: the longest (a date-time rather than a column of dates only), the least of
-- those, for a stable choice (its length is written before it, padded, so that max picks it).
SELECT count(*) AS dated,
       max(TRY_CAST(m.a AS INTEGER)) AS first_max,
       max(TRY_CAST(m.b AS INTEGER)) AS second_max,
       substr(max(lpad(CAST(strlen(v) AS VARCHAR), 9, '0') || v), 10) AS sample
FROM (SELECT v, regexp_extract(v, '^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}(,?\s+\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(\s*[AaPp]\.?[Mm]\.?)?)?(\s*(Z|UTC|[+-]\d{2}:?\d{2}))?\s*$', ['a', 'b']) AS m
      FROM (SELECT unnest(json_extract_string(j, '$.*')) AS v FROM sg_records))
WHERE m.a <> '';
