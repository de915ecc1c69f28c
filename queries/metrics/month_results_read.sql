-- The kept results of the period [$1, $2) (RFC 3339) and tenant $3 (NULL: all tenants), when
-- kept after the database's latest load (month_results.sql; whether a database keeps any at
-- all: month_results_kept.sql).
SELECT query, definition, by_tenant, result
FROM month_results
WHERE period_from = CAST($1 AS TIMESTAMPTZ) AND period_to = CAST($2 AS TIMESTAMPTZ)
  AND tenant IS NOT DISTINCT FROM CAST($3 AS VARCHAR)
  AND load_id = (SELECT max(load_id) FROM loads)
ORDER BY query, by_tenant;
