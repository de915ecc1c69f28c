-- The latest timestamp of the data for a tenant ($1, NULL = all), in microseconds since the epoch:
-- the default "generated at" of a report, so that the same data gives the same report.
SELECT epoch_us(greatest(
    (SELECT max(greatest(created_at, coalesce(acknowledged_at, created_at), coalesce(contained_at, created_at), coalesce(closed_at, created_at)))
     FROM incidents WHERE $1 IS NULL OR tenant = $1),
    (SELECT max(greatest(created_at, coalesce(closed_at, created_at))) FROM alerts WHERE $1 IS NULL OR tenant = $1),
    (SELECT max(greatest(started_at, coalesce(finished_at, started_at))) FROM automation WHERE $1 IS NULL OR tenant = $1),
    -- the rows a run from a lake left unread for their months (load/lake_months.rs)
    (SELECT max(latest_at) FROM lake_unread_extents WHERE $1 IS NULL OR tenant = $1)
))
 AS latest_us;
