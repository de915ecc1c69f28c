-- This run's history rows, now those of the site.
INSERT INTO publish_history SELECT * FROM p_history ORDER BY tenant, month, position;
