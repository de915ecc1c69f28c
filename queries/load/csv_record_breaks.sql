-- The lines of a CSV file that start no record of their own (src/load/line_count.rs found them,
-- for a file whose rows do not sit one to a line): $1 the lines between the header ($3) and the
-- last record that are blank or inside a quoted value, $2 every line inside a quoted value but
-- its first, as JSON lists. Each is kept with its slot: for a skipped line, the records above it
-- (its line less the header's and the skipped lines up to it); for a continued line, the lines
-- above it that DuckDB's reader counts (it numbers the lines it rejects without the line breaks
-- inside quotes). A row's line is then its position plus the skipped lines of a lower slot.
CREATE OR REPLACE TEMP TABLE sg_csv_breaks AS
SELECT 'skipped' AS kind, line, line - $3 - n AS slot, n
FROM (SELECT line, row_number() OVER (ORDER BY line) AS n
      FROM (SELECT unnest(from_json(CAST($1 AS VARCHAR), '["BIGINT"]')) AS line))
UNION ALL
SELECT 'continued', line, line - n, n
FROM (SELECT line, row_number() OVER (ORDER BY line) AS n
      FROM (SELECT unnest(from_json(CAST($2 AS VARCHAR), '["BIGINT"]')) AS line))
ORDER BY 1, 2;
