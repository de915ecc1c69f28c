-- Helpers of `mapping init`: a column's text as the loader would see it ($ placeholders are
-- the queries' own). Values exports write for "nothing" count as empty, as the loader reads them.
CREATE OR REPLACE TEMP MACRO sg_map_cell(j, name) AS
    list_transform([trim(json_extract_string(j, '$."' || replace(replace(name, '\', '\\'), '"', '\"') || '"'))],
                   lambda x: CASE WHEN x IN ('', '?', '-', '--', 'None', 'none', 'null', 'NULL', 'N/A', 'n/a', 'NA', '[]', '{}') THEN NULL ELSE x END)[1];

-- A timestamp as the loader's src_time reads it without a format: ISO text or an epoch number
-- (seconds, milliseconds, microseconds, by magnitude, with the bounds of src_epoch in
-- sources/macros.sql). NULL when it is neither.
CREATE OR REPLACE TEMP MACRO sg_map_instant(v) AS
    CASE WHEN regexp_full_match(v, '\d{9,17}(\.\d+)?')
         THEN list_transform([TRY_CAST(v AS DOUBLE)], lambda d: CASE
                  WHEN d < 1e12 THEN make_timestamp(CAST(d * 1e6 AS BIGINT))
                  WHEN d < 1e15 THEN make_timestamp(CAST(d * 1e3 AS BIGINT))
                  ELSE make_timestamp(CAST(d AS BIGINT)) END)[1]
         WHEN regexp_matches(v, '^\d{4}-\d{2}-\d{2}') THEN CAST(TRY_CAST(v AS TIMESTAMPTZ) AS TIMESTAMP)
    END;
