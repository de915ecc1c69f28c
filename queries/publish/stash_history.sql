-- This run's history rows, set aside in /*path*/ (beside the site) until the database can be
-- written again.
COPY (SELECT * FROM p_history ORDER BY tenant, month, position) TO '/*path*/' (FORMAT parquet);
