-- The rows of a CSV file ($1 its position in the load, $3 its header's line) on their own lines:
-- a row numbered $2 + pos - 1 from its position (/*line*/ of /*target*/, the file's rows:
-- /*of file*/) is the file's record rec = pos + the rejected records above it (stage_malformed,
-- already on the file's lines: csv_remap_malformed.sql), on line $3 + rec + the skipped lines
-- above it (csv_record_breaks.sql). ASOF joins find, for each, the last slot below it: the slots
-- only grow, so its count is how many lie above.
UPDATE /*target*/ AS t
SET /*line*/ = $3 + r.rec + coalesce(s.n, 0)
FROM (
    SELECT p.pos, p.pos + coalesce(m.n, 0) AS rec
    FROM (SELECT t./*line*/ - $2 + 1 AS pos FROM /*target*/ AS t WHERE /*of file*/) AS p
    ASOF LEFT JOIN (
        SELECT slot, max(n) AS n
        FROM (SELECT rec - row_number() OVER (ORDER BY rec) AS slot, row_number() OVER (ORDER BY rec) AS n
              FROM (SELECT DISTINCT m.line - $3 - (SELECT count(*) FROM sg_csv_breaks b
                                                   WHERE b.kind = 'skipped' AND b.line < m.line) AS rec
                    FROM stage_malformed m
                    WHERE m._file_seq = $1))
        GROUP BY slot
    ) AS m ON p.pos > m.slot
) AS r
ASOF LEFT JOIN (SELECT slot, max(n) AS n FROM sg_csv_breaks WHERE kind = 'skipped' GROUP BY slot) AS s
    ON r.rec > s.slot
WHERE /*of file*/ AND t./*line*/ - $2 + 1 = r.pos;
