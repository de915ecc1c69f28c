-- Lines of the last CSV file that the reader could not parse, kept as rejected rows, with the
-- line's text as written: without the line ends the reader keeps around it (in a file with
-- Windows line ends the `\n` of the line before starts it). A line of nothing but spaces,
-- delimiters ($2) and quotes ($3) is no row, as a blank line is none (load/read_csv.sql).
-- The reader's count of fields, in plain words: a long line is reported at its first field
-- beyond the header (`Found: 7` for a line of 8 fields under 6 columns), a short one by how many
-- it has.
INSERT INTO stage_malformed
SELECT $1, line, column_name, left(trim(csv_line, chr(13) || chr(10)), 500),
       CASE WHEN expected IS NULL THEN error_message
            WHEN found > expected
                THEN 'the line has more fields than the header''s ' || expected || ' columns (a delimiter '
                     || 'inside a value that is not quoted?)'
            ELSE 'the line has ' || found || ' field' || CASE WHEN found = 1 THEN '' ELSE 's' END
                 || ' where the header has ' || expected || ' (a line break inside a value that is not quoted?)'
       END,
       false
FROM (SELECT *,
             TRY_CAST(regexp_extract(error_message, '^Expected Number of Columns: (\d+) Found: \d+', 1) AS INTEGER) AS expected,
             TRY_CAST(regexp_extract(error_message, '^Expected Number of Columns: \d+ Found: (\d+)', 1) AS INTEGER) AS found
      FROM sg_csv_errors)
WHERE trim(replace(replace(trim(csv_line, chr(13) || chr(10)), CAST($2 AS VARCHAR), ''), CAST($3 AS VARCHAR), '')) <> ''
-- one per line: the reader reports a short line once per missing column ("Found: 1", "Found: 2",
-- ...); the first names the first missing column and the fields the line has
QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx NULLS LAST, error_message) = 1
ORDER BY line;
