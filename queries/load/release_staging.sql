-- The text copies are no longer needed once normalised: free them before the merge.
DROP TABLE IF EXISTS stage_incidents;
DROP TABLE IF EXISTS stage_alerts;
DROP TABLE IF EXISTS stage_automation;
DROP TABLE IF EXISTS stage_links;
DROP TABLE IF EXISTS stage_reviews;
