-- This run's tenant-months, set aside in /*path*/ (beside the site) until the database can be
-- written again.
COPY (SELECT * FROM p_pages ORDER BY tenant, month) TO '/*path*/' (FORMAT parquet);
