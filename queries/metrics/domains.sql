-- Domains involved: per alert domain ('unknown' when missing), the in-scope incidents with a
-- linked alert (any period) in that domain, and the in-scope alerts in it. Most incidents first.
WITH inc AS (
    SELECT domain, incidents FROM m_incident_domains
),
al AS (
    SELECT coalesce(domain, 'unknown') AS domain, CAST(sum(n) AS BIGINT) AS alerts FROM m_alert_groups GROUP BY ALL
)
SELECT coalesce(inc.domain, al.domain) AS domain,
       coalesce(inc.incidents, 0) AS incidents,
       coalesce(al.alerts, 0) AS alerts
FROM inc FULL OUTER JOIN al ON inc.domain = al.domain
ORDER BY incidents DESC, alerts DESC, domain;
