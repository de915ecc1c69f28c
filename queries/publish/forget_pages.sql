-- The stored tenant-months of a site ($1), replaced by this run's once its site is in place.
DELETE FROM publish_pages WHERE site = $1;
