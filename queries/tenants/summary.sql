-- Every tenant of the database: its incidents, alerts and automation runs (every stored row,
-- merged incidents included), the first and last of their timestamps (incidents' and alerts'
-- created_at, automation's started_at) in microseconds since the epoch, and the calendar months
-- (UTC) holding any of them, oldest first. Counted per tenant × month first, so the list of
-- months is built from a few rows rather than from every row.
WITH stamped AS (
    SELECT tenant, 1 AS incidents, 0 AS alerts, 0 AS automation_runs, created_at AS stamp FROM incidents
    UNION ALL SELECT tenant, 0, 1, 0, created_at FROM alerts
    UNION ALL SELECT tenant, 0, 0, 1, started_at FROM automation
),
counted AS (
    SELECT tenant,
           date_trunc('month', make_timestamp(epoch_us(stamp))) AS month,
           sum(incidents) AS incidents,
           sum(alerts) AS alerts,
           sum(automation_runs) AS automation_runs,
           min(stamp) AS first_at,
           max(stamp) AS last_at
    FROM stamped
    GROUP BY tenant, month
    -- The rows a run from a lake left unread for their months, per UTC month partition
    -- (lake_unread_extents: load/lake_months.rs; empty otherwise).
    UNION ALL
    SELECT tenant, date_trunc('month', make_timestamp(epoch_us(first_at))),
           CASE WHEN kind IN ('incidents', 'incidents_merged') THEN rows ELSE 0 END,
           CASE WHEN kind = 'alerts' THEN rows ELSE 0 END,
           CASE WHEN kind = 'automation' THEN rows ELSE 0 END,
           first_at, last_at
    FROM lake_unread_extents
),
per_month AS (
    SELECT tenant, month,
           sum(incidents) AS incidents, sum(alerts) AS alerts, sum(automation_runs) AS automation_runs,
           min(first_at) AS first_at, max(last_at) AS last_at
    FROM counted
    GROUP BY tenant, month
)
SELECT tenant,
       CAST(sum(incidents) AS BIGINT) AS incidents,
       CAST(sum(alerts) AS BIGINT) AS alerts,
       CAST(sum(automation_runs) AS BIGINT) AS automation_runs,
       epoch_us(min(first_at)) AS first_us,
       epoch_us(max(last_at)) AS last_us,
       list(strftime(month, '%Y-%m') ORDER BY month) FILTER (WHERE month IS NOT NULL) AS months
FROM per_month
GROUP BY tenant
ORDER BY tenant;
