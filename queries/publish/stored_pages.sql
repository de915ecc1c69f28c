-- The tenant-months a site ($1) holds, as the last run that published it left them.
SELECT tenant, month, fingerprint, summary
FROM publish_pages
WHERE site = $1
ORDER BY tenant, month;
