-- The normalised copies are no longer needed once merged and counted.
DROP TABLE IF EXISTS norm_incidents;
DROP TABLE IF EXISTS norm_alerts;
DROP TABLE IF EXISTS norm_automation;
DROP TABLE IF EXISTS norm_links;
DROP TABLE IF EXISTS norm_reviews;
DROP TABLE IF EXISTS sg_losing_rows;
DROP TABLE IF EXISTS sg_row_versions;
DROP TABLE IF EXISTS sg_relisted_incidents;
