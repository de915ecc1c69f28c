-- Where each record of a CSV file starts, for a file whose rows do not sit one to a line (blank
-- lines between them, line breaks inside quoted values: load/line_count.rs tells). $1 the file
-- as DuckDB reads it (UTF-8 text), $2 its quote, $3 the line of its header. A line continues a
-- record when the quotes before it are odd in number (a doubled quote inside a value counts
-- two); `reader_line` numbers the lines that do not, as DuckDB's reader numbers the lines it
-- rejects (line breaks inside quotes are not counted, blank lines are); a record is such a line
-- below the header that is not blank. Read whole and split here only for such a file: the file
-- order is the lines' own.
CREATE OR REPLACE TEMP TABLE sg_csv_record_lines AS
WITH lines AS (
    SELECT i AS line, l
    FROM (SELECT unnest(parts) AS l, generate_subscripts(parts, 1) AS i
          FROM (SELECT string_split(content, chr(10)) AS parts FROM read_text($1)))
),
quoted AS (
    SELECT line, l,
           coalesce(sum(length(l) - length(replace(l, $2, '')))
                        OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) % 2 = 1
               AS continued
    FROM lines
)
SELECT line, row_number() OVER (ORDER BY line) AS reader_line,
       line > $3 AND rtrim(l, chr(13)) <> '' AS is_record
FROM quoted
WHERE NOT continued
ORDER BY line;
