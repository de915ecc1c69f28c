-- Links and review times of this load replace the stored ones with the same key (the latest
-- file of this load wins), then fill the canonical tables where they lack the value. Filling
-- runs on every load, so the order in which the two sides of a link are loaded does not matter.
DELETE FROM links AS stored
USING (SELECT DISTINCT tenant, alert_id FROM norm_links) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.alert_id = incoming.alert_id;

INSERT INTO links
SELECT n.tenant, n.incident_id, n.alert_id, (SELECT load_id FROM sg_settings), f.file
FROM norm_links n JOIN stage_files f USING (_file_seq)
QUALIFY row_number() OVER (PARTITION BY n.tenant, n.alert_id ORDER BY n._file_seq DESC, n._line DESC) = 1;

DELETE FROM incident_reviews AS stored
USING (SELECT DISTINCT tenant, incident_id FROM norm_reviews WHERE _problem IS NULL) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.incident_id = incoming.incident_id;

INSERT INTO incident_reviews
SELECT n.tenant, n.incident_id,
       min(n.reviewed_at) FILTER (WHERE n.acknowledges),
       min(n.reviewed_at) FILTER (WHERE n.closes),
       (SELECT load_id FROM sg_settings), max(f.file)
FROM norm_reviews n JOIN stage_files f USING (_file_seq)
WHERE n._problem IS NULL
GROUP BY n.tenant, n.incident_id;

UPDATE alerts AS a
SET incident_id = l.incident_id
FROM links l
WHERE a.incident_id IS NULL AND a.tenant = l.tenant AND a.alert_id = l.alert_id;

UPDATE incidents AS i
SET acknowledged_at = coalesce(i.acknowledged_at, r.acknowledged_at),
    closed_at = coalesce(i.closed_at, r.closed_at)
FROM incident_reviews r
WHERE i.tenant = r.tenant AND i.incident_id = r.incident_id
  AND ((i.acknowledged_at IS NULL AND r.acknowledged_at IS NOT NULL)
       OR (i.closed_at IS NULL AND r.closed_at IS NOT NULL));
