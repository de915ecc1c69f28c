-- This run's tenant-months (set aside in /*path*/), now those of the site.
INSERT INTO publish_pages SELECT * FROM read_parquet('/*path*/') ORDER BY tenant, month;
