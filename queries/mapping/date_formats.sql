-- For one column ($1) of the sampled rows, how many of its distinct values the strptime pattern
-- $2 reads: the pattern that reads them all is the column's format.
SELECT count(v) FILTER (WHERE try_strptime(v, $2) IS NOT NULL) AS parsed
FROM (SELECT DISTINCT sg_map_cell(j, $1) AS v FROM sg_sample);
