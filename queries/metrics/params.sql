-- The period [$1, $2) (RFC 3339 instants) and tenant ($3, NULL = all tenants pooled) that every
-- metric query reads. Passed as parameters, never written into SQL text.
CREATE OR REPLACE TEMP TABLE m_params AS
SELECT CAST($1 AS TIMESTAMPTZ) AS period_from,
       CAST($2 AS TIMESTAMPTZ) AS period_to,
       CAST($3 AS VARCHAR) AS tenant;
