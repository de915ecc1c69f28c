-- The stored incidents rows this load replaces: those with the (tenant, incident_id) of a loadable
-- row of this load (merge_incidents.sql then writes the rows that win). Run only when the table
-- holds rows: a first load, and every run on files, has nothing to replace.
DELETE FROM incidents AS stored
USING (SELECT DISTINCT tenant, incident_id FROM norm_incidents WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.incident_id = incoming.incident_id;
