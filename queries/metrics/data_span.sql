-- The first and the latest created_at of the incidents (not merged: excluded from every incident
-- metric, as period_rows.sql) and alerts of a tenant ($1, NULL = all), in microseconds since the
-- epoch. The default period is the last month the data covers completely (it ends on the latest
-- created_at's day or later), a period the data stops inside is partial, and a period without
-- data is refused naming the months the data covers. A merged incident created after everything
-- else would otherwise pick a month with nothing to measure; a tenant of merged incidents only
-- is still dated by them (its months hold no incident to measure, which metrics says).
-- least() and greatest() pass over NULL: a side without rows does not count.
WITH counted AS (
    SELECT least((SELECT min(created_at) FROM incidents
                  WHERE ($1 IS NULL OR tenant = $1) AND status IS DISTINCT FROM 'redirected' AND redirected_to IS NULL),
                 (SELECT min(created_at) FROM alerts WHERE $1 IS NULL OR tenant = $1)) AS first_at,
           greatest((SELECT max(created_at) FROM incidents
                     WHERE ($1 IS NULL OR tenant = $1) AND status IS DISTINCT FROM 'redirected' AND redirected_to IS NULL),
                    (SELECT max(created_at) FROM alerts WHERE $1 IS NULL OR tenant = $1)) AS latest_at
),
merged AS (
    SELECT min(created_at) AS first_at, max(created_at) AS latest_at
    FROM incidents
    WHERE ($1 IS NULL OR tenant = $1) AND (status = 'redirected' OR redirected_to IS NOT NULL)
)
SELECT epoch_us(coalesce(c.first_at, m.first_at)) AS first_us,
       epoch_us(coalesce(c.latest_at, m.latest_at)) AS latest_us
FROM counted c, merged m;
