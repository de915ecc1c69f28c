-- The months a lake's reader must read beside a month's own, per tenant (the manifest's
-- `month_links`): an incident's facts count the alerts of every incident resolved to it along
-- its merge chain (facts/incident_facts.sql: n_alerts, first activity, domains, category,
-- identity context) and the automation linked to those incidents or alerts (enriched), whatever
-- month those rows were created in. For each tenant and UTC month of a non-merged incident's
-- creation (its partition), the other UTC months of the alerts and automation counted for it
-- (their partitions: started_at for automation), as lists. A run measuring a window of months
-- from the lake reads those partitions too (load/lake_months.rs); the rest of the alerts and
-- automation cannot reach the window's figures. Months are the partitions' own
-- (export/lake_alerts.sql), ordered so that the same data gives the same manifest.
WITH counted AS (
    SELECT f.tenant, f.incident_id,
           strftime(make_timestamp(epoch_us(fin.created_at)), '%Y-%m') AS month
    FROM incident_facts f
    JOIN incident_facts fin ON fin.tenant = f.tenant AND fin.incident_id = f.final_id
    WHERE f.final_id IS NOT NULL
),
alert_months AS (
    SELECT c.tenant, c.month, strftime(make_timestamp(epoch_us(a.created_at)), '%Y-%m') AS linked
    FROM alerts a
    JOIN counted c ON c.tenant = a.tenant AND c.incident_id = a.incident_id
),
automation_months AS (
    SELECT c.tenant, c.month, strftime(make_timestamp(epoch_us(au.started_at)), '%Y-%m') AS linked
    FROM automation au
    JOIN counted c ON c.tenant = au.tenant AND c.incident_id = au.incident_id
    UNION ALL
    SELECT c.tenant, c.month, strftime(make_timestamp(epoch_us(au.started_at)), '%Y-%m')
    FROM automation au
    JOIN alerts a ON a.tenant = au.tenant AND a.alert_id = au.alert_id
    JOIN counted c ON c.tenant = a.tenant AND c.incident_id = a.incident_id
    WHERE au.alert_id IS NOT NULL
),
links AS (
    SELECT tenant, month, 'alerts' AS kind, linked FROM alert_months
    UNION
    SELECT tenant, month, 'automation', linked FROM automation_months
)
SELECT tenant, month,
       coalesce(list(linked ORDER BY linked) FILTER (WHERE kind = 'alerts'), []) AS alerts,
       coalesce(list(linked ORDER BY linked) FILTER (WHERE kind = 'automation'), []) AS automation
FROM links
WHERE linked IS DISTINCT FROM month
GROUP BY tenant, month
ORDER BY tenant, month;
