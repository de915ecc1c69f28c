-- This run's history rows (set aside in /*path*/), now those of the site.
INSERT INTO publish_history SELECT * FROM read_parquet('/*path*/') ORDER BY tenant, month, position;
