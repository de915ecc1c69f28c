-- What a tenant's ($1) data says up to the end of a month ($2, an instant), in microseconds
-- since the epoch: the latest timestamp of any kind before it (the page's "data up to") and the
-- latest created_at before it (whether the month is complete).
SELECT
    (SELECT epoch_us(max(t)) FROM (
        SELECT unnest([created_at, acknowledged_at, contained_at, closed_at]) AS t
        FROM incidents WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)
        UNION ALL
        SELECT unnest([created_at, closed_at]) FROM alerts
        WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)
        UNION ALL
        SELECT unnest([started_at, finished_at]) FROM automation
        WHERE tenant = $1 AND started_at < CAST($2 AS TIMESTAMPTZ)
     ) WHERE t < CAST($2 AS TIMESTAMPTZ)) AS latest_us,
    (SELECT epoch_us(max(t)) FROM (
        SELECT max(created_at) AS t FROM incidents
        WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)
        UNION ALL
        SELECT max(created_at) FROM alerts
        WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)
     )) AS created_us;
