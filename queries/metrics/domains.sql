-- Domains involved: per alert domain ('unknown' when missing), the in-scope incidents with a
-- linked alert (any period) in that domain, and the in-scope alerts in it. Most incidents first.
WITH inc AS (
    SELECT coalesce(a.domain, 'unknown') AS domain, count(DISTINCT i.tenant || chr(31) || i.incident_id) AS incidents
    FROM alerts a
    JOIN m_incident_final f ON f.tenant = a.tenant AND f.incident_id = a.incident_id
    JOIN m_incidents i ON i.tenant = f.tenant AND i.incident_id = f.final_id
    WHERE f.final_in_scope
    GROUP BY ALL
),
al AS (
    SELECT coalesce(domain, 'unknown') AS domain, count(*) AS alerts FROM m_alerts GROUP BY ALL
)
SELECT coalesce(inc.domain, al.domain) AS domain,
       coalesce(inc.incidents, 0) AS incidents,
       coalesce(al.alerts, 0) AS alerts
FROM inc FULL OUTER JOIN al ON inc.domain = al.domain
ORDER BY incidents DESC, alerts DESC, domain;
