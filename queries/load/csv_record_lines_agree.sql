-- Whether the records csv_record_lines.sql found are those the reader read from the file ($1 its
-- position in the load, /*rows*/ the rows it gave): one per row and per line it rejected, each
-- rejected line a record's. When they are not (a quote escaped with a backslash, a lone
-- carriage return ending lines), the rows keep the numbers of their positions.
SELECT (SELECT count(*) FROM sg_csv_record_lines WHERE is_record)
           = (SELECT count(*) FROM /*rows*/)
             + (SELECT count(DISTINCT line) FROM stage_malformed WHERE _file_seq = $1)
       AND NOT EXISTS (
           SELECT 1 FROM stage_malformed m
           WHERE m._file_seq = $1
             AND m.line NOT IN (SELECT reader_line FROM sg_csv_record_lines WHERE is_record)
       ) AS agree;
