-- The UTC-offset changes of a named --input-timezone, computed in Rust with chrono-tz and passed
-- as one JSON parameter: [{"at": "YYYY-MM-DD HH:MM:SS" (UTC), "before": s, "after": s}, ...].
CREATE OR REPLACE TEMP TABLE sg_tz_transitions AS
SELECT CAST(t.at AS TIMESTAMP) AS at_utc, t.before AS before_s, t.after AS after_s
FROM (SELECT unnest(from_json($1, '[{"at": "VARCHAR", "before": "INTEGER", "after": "INTEGER"}]')) AS t);
