-- The records the reader read from a CSV file ($1 its position in the load): the rows it gave
-- (/*rows*/: the positional line of each, from the table they went to) and the lines it
-- rejected.
SELECT (SELECT count(*) FROM /*rows*/)
       + (SELECT count(DISTINCT line) FROM stage_malformed WHERE _file_seq = $1) AS records;
