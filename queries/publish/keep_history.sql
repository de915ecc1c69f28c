-- An unchanged tenant-month's history rows ($1 site, $2 tenant, $3 month), as last published.
INSERT INTO p_history
SELECT * FROM publish_history WHERE site = $1 AND tenant = $2 AND month = $3;
