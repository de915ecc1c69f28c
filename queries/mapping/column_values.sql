-- The distinct values of one column ($1) of the sampled rows, most frequent first (at most 100),
-- each with what the loader reads it as without a map (NULL: not a canonical spelling).
SELECT v AS value, count(*) AS n,
       sg_severity(v) AS severity, sg_status(v) AS status, sg_verdict(v) AS verdict,
       sg_closed_by(v) AS closed_by, sg_action(v) AS action, sg_outcome(v) AS outcome
FROM (SELECT sg_map_cell(j, $1) AS v FROM sg_sample)
WHERE v IS NOT NULL
GROUP BY v
ORDER BY n DESC, v
LIMIT 100;
