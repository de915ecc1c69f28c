-- This run's tenant-months and history rows, built while the database is only read, then saved
-- over the site's stored ones once the new site is in place (stash_*.sql, save_*.sql).
CREATE OR REPLACE TEMP TABLE p_pages AS SELECT * FROM publish_pages LIMIT 0;
CREATE OR REPLACE TEMP TABLE p_history AS SELECT * FROM publish_history LIMIT 0;
