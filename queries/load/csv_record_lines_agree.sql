-- Whether the records src/load/line_count.rs found in a CSV file ($2 of them below the header
-- line $3) are those DuckDB's reader read ($1 the file's position in the load, /*rows*/ the rows
-- it gave): one per row and per line it rejected, no rejected line a blank or continued one.
-- When they are not, the rows keep the numbers of their positions.
WITH rejected AS (
    SELECT DISTINCT m.line + coalesce((SELECT max(b.n) FROM sg_csv_breaks b
                                       WHERE b.kind = 'continued' AND b.slot < m.line), 0) AS line
    FROM stage_malformed m
    WHERE m._file_seq = $1
)
SELECT CAST($2 AS BIGINT) = (SELECT count(*) FROM /*rows*/) + (SELECT count(*) FROM rejected)
       AND NOT EXISTS (SELECT 1 FROM rejected
                       WHERE line <= $3
                          OR line IN (SELECT line FROM sg_csv_breaks WHERE kind = 'skipped')) AS agree;
