-- The stored history rows of a site ($1), replaced by this run's once its site is in place.
DELETE FROM publish_history WHERE site = $1;
