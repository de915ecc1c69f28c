-- This run's tenant-months, now those of the site.
INSERT INTO publish_pages SELECT * FROM p_pages ORDER BY tenant, month;
