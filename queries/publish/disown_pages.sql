-- The stored tenant-months of a site ($1) no longer vouch for its pages (their fingerprints
-- blanked, never equal to a computed one), while a run changes the site: the next run renders
-- them again rather than copy one, and still knows which months the site holds (a failed or
-- killed run must not have the next one drop older months from the site).
UPDATE publish_pages SET fingerprint = '' WHERE site = $1;
