-- Whether any kept month result was computed by another definition of its query than this
-- socgauge's ($1: query name → definition, as JSON): after an upgrade, `ingest --refresh-facts`
-- computes them again, so that a month is read from them before the next load.
SELECT coalesce(bool_or(definition IS DISTINCT FROM json_extract_string($1, '$."' || query || '"')), false) AS stale
FROM month_results;
