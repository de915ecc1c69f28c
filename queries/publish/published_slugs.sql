-- The folder each tenant of a site ($1) was last published in (its history rows carry it):
-- kept, so that a tenant appearing later never takes over another's folder.
SELECT tenant, min(slug) AS slug
FROM publish_history
WHERE site = $1
GROUP BY tenant
ORDER BY tenant;
