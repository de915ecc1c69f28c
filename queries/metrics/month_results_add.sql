-- One query's rows for one month and tenant scope (month_results.sql): $1 query, $2 definition,
-- $3 load id, $4 and $5 the month's bounds (RFC 3339), $6 the tenant (NULL: all tenants), $7
-- whether grouped by tenant, $8 the columns and rows as JSON.
INSERT INTO month_results
VALUES ($1, $2, $3, CAST($4 AS TIMESTAMPTZ), CAST($5 AS TIMESTAMPTZ), CAST($6 AS VARCHAR), $7, $8);
