-- The first and the latest created_at of the incidents (not merged: excluded from every incident
-- metric, as period_rows.sql) and alerts of a tenant ($1, NULL = all), in microseconds since the
-- epoch. The default period is the last month the data covers completely (it ends on the latest
-- created_at's day or later), a period the data stops inside is partial, and a period without
-- data is refused naming the months the data covers. A merged incident created after everything
-- else would otherwise pick a month with nothing to measure; a tenant of merged incidents only
-- is still dated by them (its months hold no incident to measure, which metrics says).
-- least() and greatest() pass over NULL: a side without rows does not count.
-- Incidents a run from a lake left unread for their months count by the times counted for them
-- (lake_unread_extents: load/lake_months.rs; empty otherwise), the merged ones apart.
WITH i AS (
    SELECT min(first_at) FILTER (WHERE NOT merged) AS first_at,
           max(latest_at) FILTER (WHERE NOT merged) AS latest_at,
           min(first_at) FILTER (WHERE merged) AS first_merged,
           max(latest_at) FILTER (WHERE merged) AS latest_merged
    FROM (SELECT created_at AS first_at, created_at AS latest_at,
                 (coalesce(status = 'redirected', false) OR redirected_to IS NOT NULL) AS merged
          FROM incidents WHERE $1 IS NULL OR tenant = $1
          UNION ALL
          SELECT first_at, last_at, kind = 'incidents_merged'
          FROM lake_unread_extents
          WHERE kind IN ('incidents', 'incidents_merged') AND ($1 IS NULL OR tenant = $1))
),
-- Alerts a run from a lake left unread for their months count by their partitions' times
-- (lake_unread_extents: load/lake_months.rs; empty otherwise).
a AS (
    SELECT min(first_at) AS first_at, max(latest_at) AS latest_at
    FROM (SELECT min(created_at) AS first_at, max(created_at) AS latest_at
          FROM alerts WHERE $1 IS NULL OR tenant = $1
          UNION ALL
          SELECT first_at, last_at FROM lake_unread_extents
          WHERE kind = 'alerts' AND ($1 IS NULL OR tenant = $1))
)
SELECT epoch_us(coalesce(least(i.first_at, a.first_at), i.first_merged)) AS first_us,
       epoch_us(coalesce(greatest(i.latest_at, a.latest_at), i.latest_merged)) AS latest_us
FROM i, a;
