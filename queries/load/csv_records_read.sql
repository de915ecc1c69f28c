-- The records the reader read from a CSV file ($1 its position in the load, /*target*/ the
-- table its rows went to): its rows and the lines it rejected.
SELECT (SELECT count(*) FROM /*target*/ WHERE _file_seq = $1)
       + (SELECT count(DISTINCT line) FROM stage_malformed WHERE _file_seq = $1) AS records;
