-- How many incidents (not merged) and alerts a tenant ($3, NULL = all) created in [$1, $2): a
-- cheap test, on the tables' zone maps, of whether another period has data worth measuring.
SELECT
    (SELECT count(*) FROM incidents
     WHERE created_at >= CAST($1 AS TIMESTAMPTZ) AND created_at < CAST($2 AS TIMESTAMPTZ)
       AND ($3 IS NULL OR tenant = $3)
       AND status IS DISTINCT FROM 'redirected' AND redirected_to IS NULL) AS incidents,
    (SELECT count(*) FROM alerts
     WHERE created_at >= CAST($1 AS TIMESTAMPTZ) AND created_at < CAST($2 AS TIMESTAMPTZ)
       AND ($3 IS NULL OR tenant = $3)) AS alerts;
