-- The stored automation rows this load replaces: those with the (tenant, run_id) of a loadable row
-- of this load (merge_automation.sql then writes the rows that win). Run only when the table holds
-- rows: a first load, and every run on files, has nothing to replace.
DELETE FROM automation AS stored
USING (SELECT DISTINCT tenant, run_id FROM norm_automation WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.run_id = incoming.run_id;
