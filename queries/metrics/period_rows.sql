-- Whether a tenant ($3, NULL = all) created any incident (not merged) and any alert in
-- [$1, $2): a cheap test, on the tables' zone maps, of whether another period has data worth
-- measuring. Each scan stops at the first row found (LIMIT 1): a month of millions of alerts
-- need not be counted to know it has one.
SELECT
    EXISTS (SELECT 1 FROM incidents
            WHERE created_at >= CAST($1 AS TIMESTAMPTZ) AND created_at < CAST($2 AS TIMESTAMPTZ)
              AND ($3 IS NULL OR tenant = $3)
              AND status IS DISTINCT FROM 'redirected' AND redirected_to IS NULL
            LIMIT 1) AS incidents,
    EXISTS (SELECT 1 FROM alerts
            WHERE created_at >= CAST($1 AS TIMESTAMPTZ) AND created_at < CAST($2 AS TIMESTAMPTZ)
              AND ($3 IS NULL OR tenant = $3)
            LIMIT 1) AS alerts;
