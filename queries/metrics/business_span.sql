-- The instants the business calendar must cover: from the earliest to the latest timestamp any
-- incident duration of the database reads (any tenant, any period: first activity, its alerts'
-- first activity, created, acknowledged, contained, closed), and the bounds of the periods
-- measured ($1, $2: RFC 3339), as epoch microseconds. The calendar's working intervals are built
-- in Rust over this span (one day of margin each side), so every duration's ends fall inside it.
SELECT epoch_us(least(
           coalesce(min(created_at), CAST($1 AS TIMESTAMPTZ)),
           coalesce(min(first_activity_at), CAST($1 AS TIMESTAMPTZ)),
           coalesce(min(alerts_first_activity), CAST($1 AS TIMESTAMPTZ)),
           CAST($1 AS TIMESTAMPTZ))) AS from_us,
       epoch_us(greatest(
           coalesce(max(closed_at), CAST($2 AS TIMESTAMPTZ)),
           coalesce(max(contained_at), CAST($2 AS TIMESTAMPTZ)),
           coalesce(max(acknowledged_at), CAST($2 AS TIMESTAMPTZ)),
           coalesce(max(created_at), CAST($2 AS TIMESTAMPTZ)),
           CAST($2 AS TIMESTAMPTZ))) AS to_us
FROM incident_facts;
