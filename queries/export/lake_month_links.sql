-- The months a lake's reader must read beside a month's own, per tenant (the manifest's
-- `month_links`), as lists of the other UTC months (the partitions' own months: created_at,
-- started_at for automation; export/lake_*.sql), ordered so that the same data gives the same
-- manifest. A run measuring a window of months from the lake reads the partitions these name
-- for the window's months (load/lake_months.rs); no other row of another month can reach the
-- window's figures.
--
-- alerts, automation: an incident's facts count the alerts of every incident resolved to it
-- along its merge chain (facts/incident_facts.sql: n_alerts, first activity, domains, category,
-- identity context) and the automation linked to those incidents or alerts (enriched), whatever
-- month those rows were created in: for the month of a non-merged incident's creation, the
-- months of the alerts and automation counted for it.
--
-- incidents: the months of the incidents a month's own rows need whole. An incident's facts
-- resolve its merge chain (every incident resolved to the same one: its group), and an alert's
-- facts read the incident it counts for (facts/alert_facts.sql: effective verdict, closer,
-- closed): for the month of an incident's creation, the months of its group's incidents; for
-- the month of an alert's creation, those of the group its incident resolves to. An incident
-- whose chain resolves nowhere needs nothing: without some of its chain it still resolves
-- nowhere, and an alert of it counts for no incident either way. (The incidents of other months
-- still open in the window are read by their close time, not by these links.)
WITH placed AS (
    SELECT tenant, incident_id, final_id,
           strftime(make_timestamp(epoch_us(created_at)), '%Y-%m') AS month
    FROM incident_facts
),
counted AS (
    SELECT f.tenant, f.incident_id, fin.month
    FROM placed f
    JOIN placed fin ON fin.tenant = f.tenant AND fin.incident_id = f.final_id
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
-- The months of each group's incidents.
group_months AS (
    SELECT DISTINCT tenant, final_id, month FROM placed WHERE final_id IS NOT NULL
),
-- The groups each month's incidents and alerts reach.
reaching AS (
    SELECT tenant, month, final_id FROM placed WHERE final_id IS NOT NULL
    UNION
    SELECT a.tenant, strftime(make_timestamp(epoch_us(a.created_at)), '%Y-%m'), p.final_id
    FROM alerts a
    JOIN placed p ON p.tenant = a.tenant AND p.incident_id = a.incident_id
    WHERE p.final_id IS NOT NULL
),
incident_months AS (
    SELECT r.tenant, r.month, g.month AS linked
    FROM reaching r
    JOIN group_months g ON g.tenant = r.tenant AND g.final_id = r.final_id
),
links AS (
    SELECT tenant, month, 'alerts' AS kind, linked FROM alert_months
    UNION
    SELECT tenant, month, 'automation', linked FROM automation_months
    UNION
    SELECT tenant, month, 'incidents', linked FROM incident_months
)
SELECT tenant, month,
       coalesce(list(linked ORDER BY linked) FILTER (WHERE kind = 'alerts'), []) AS alerts,
       coalesce(list(linked ORDER BY linked) FILTER (WHERE kind = 'automation'), []) AS automation,
       coalesce(list(linked ORDER BY linked) FILTER (WHERE kind = 'incidents'), []) AS incidents
FROM links
WHERE linked IS DISTINCT FROM month
GROUP BY tenant, month
ORDER BY tenant, month;
