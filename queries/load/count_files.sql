-- Per-file counts of this load. Rows read = rows loaded + rows rejected, always: a row is either
-- loadable (it may later be superseded by a newer row with the same id) or rejected, and a line
-- the file reader could not parse is one rejected row.
CREATE OR REPLACE TEMP TABLE load_counts AS
WITH staged AS (
    SELECT _file_seq, _problem IS NULL AS ok FROM norm_incidents
    UNION ALL SELECT _file_seq, _problem IS NULL FROM norm_alerts
    UNION ALL SELECT _file_seq, _problem IS NULL FROM norm_automation
),
per_file AS (
    SELECT _file_seq, count(*) FILTER (WHERE ok) AS loaded, count(*) FILTER (WHERE NOT ok) AS rejected
    FROM staged GROUP BY _file_seq
),
malformed AS (
    SELECT _file_seq, count(DISTINCT line) AS rejected FROM stage_malformed GROUP BY _file_seq
)
SELECT f._file_seq AS file_seq, f.file, f.format, f.kind,
       CAST(coalesce(p.loaded, 0) + coalesce(p.rejected, 0) + coalesce(m.rejected, 0) AS BIGINT) AS rows_read,
       CAST(coalesce(p.loaded, 0) AS BIGINT) AS rows_loaded,
       CAST(coalesce(p.rejected, 0) + coalesce(m.rejected, 0) AS BIGINT) AS rows_rejected
FROM stage_files f
LEFT JOIN per_file p USING (_file_seq)
LEFT JOIN malformed m USING (_file_seq)
ORDER BY f._file_seq;
