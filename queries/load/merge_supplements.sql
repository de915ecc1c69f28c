-- Links and review times of this load replace or join the stored ones with the same key, then
-- fill the canonical tables where they lack the value (or hold one a link or review filled
-- before: link_fills, review_fills). Filling runs on every load, so the order in which the two
-- sides of a link are loaded, and whether files come in one load or several, does not matter.

-- The stored links of an incident whose alerts this load lists anew (load/relisted_incidents.sql)
-- to alerts the new list does not hold: they go, and an alert whose incident came from one has
-- none again (below). Kept for the facts, which are computed again for these alerts
-- (load/touched_loaded.sql).
CREATE OR REPLACE TEMP TABLE sg_unlinked_alerts AS
SELECT s.tenant, s.alert_id
FROM links AS s
JOIN sg_relisted_incidents AS r ON r.tenant = s.tenant AND r.incident_id = s.incident_id
WHERE NOT EXISTS (SELECT 1 FROM norm_links n WHERE n.tenant = s.tenant AND n.alert_id = s.alert_id)
ORDER BY ALL;

DELETE FROM links AS s
USING sg_unlinked_alerts AS u
WHERE s.tenant = u.tenant AND s.alert_id = u.alert_id;

-- A link: the latest file of this load wins, over the stored one too.
DELETE FROM links AS stored
USING (SELECT DISTINCT tenant, alert_id FROM norm_links) AS incoming
WHERE stored.tenant = incoming.tenant AND stored.alert_id = incoming.alert_id;

INSERT INTO links
SELECT n.tenant, n.incident_id, n.alert_id, (SELECT load_id FROM sg_settings), f.file
FROM norm_links n JOIN stage_files f USING (_file_seq)
QUALIFY row_number() OVER (PARTITION BY n.tenant, n.alert_id ORDER BY n._file_seq DESC, n._line DESC) = 1;

-- Review times: the earliest over the stored row and this load's reviews.
CREATE OR REPLACE TEMP TABLE sg_reviews_merged AS
WITH incoming AS (
    SELECT n.tenant, n.incident_id,
           min(n.reviewed_at) FILTER (WHERE n.acknowledges) AS acknowledged_at,
           min(n.reviewed_at) FILTER (WHERE n.closes) AS closed_at,
           max(f.file) AS source_file
    FROM norm_reviews n JOIN stage_files f USING (_file_seq)
    WHERE n._problem IS NULL
    GROUP BY n.tenant, n.incident_id
)
-- least() passes over NULL: a time only one side has is kept.
SELECT i.tenant, i.incident_id,
       least(i.acknowledged_at, s.acknowledged_at) AS acknowledged_at,
       least(i.closed_at, s.closed_at) AS closed_at,
       (SELECT load_id FROM sg_settings) AS load_id, i.source_file
FROM incoming i
LEFT JOIN incident_reviews s ON s.tenant = i.tenant AND s.incident_id = i.incident_id;

DELETE FROM incident_reviews AS stored
USING sg_reviews_merged AS incoming
WHERE stored.tenant = incoming.tenant AND stored.incident_id = incoming.incident_id;

INSERT INTO incident_reviews
SELECT tenant, incident_id, acknowledged_at, closed_at, load_id, source_file FROM sg_reviews_merged;

DROP TABLE sg_reviews_merged;

-- Rows this load wrote carry their own values: what was filled into the rows they replace is
-- forgotten.
DELETE FROM link_fills AS f
USING alerts AS a
WHERE a.load_id = (SELECT load_id FROM sg_settings) AND a.tenant = f.tenant AND a.alert_id = f.alert_id;

DELETE FROM review_fills AS f
USING incidents AS i
WHERE i.load_id = (SELECT load_id FROM sg_settings) AND i.tenant = f.tenant AND i.incident_id = f.incident_id;

-- An alert whose incident came from a link that went (above) has no incident again.
UPDATE alerts AS a
SET incident_id = NULL
FROM sg_unlinked_alerts AS u, link_fills AS f
WHERE a.tenant = u.tenant AND a.alert_id = u.alert_id
  AND f.tenant = a.tenant AND f.alert_id = a.alert_id;

DELETE FROM link_fills AS f
USING sg_unlinked_alerts AS u
WHERE f.tenant = u.tenant AND f.alert_id = u.alert_id;

-- An alert without an incident of its own takes its link's; one whose incident came from a link
-- follows the link.
INSERT INTO link_fills
SELECT a.tenant, a.alert_id
FROM alerts a JOIN links l ON a.tenant = l.tenant AND a.alert_id = l.alert_id
WHERE a.incident_id IS NULL;

UPDATE alerts AS a
SET incident_id = l.incident_id
FROM links l, link_fills f
WHERE a.tenant = l.tenant AND a.alert_id = l.alert_id
  AND f.tenant = a.tenant AND f.alert_id = a.alert_id
  AND a.incident_id IS DISTINCT FROM l.incident_id;

-- Likewise an incident's acknowledgement and close times and its review history.
INSERT INTO review_fills
SELECT i.tenant, i.incident_id, 'acknowledged_at'
FROM incidents i JOIN incident_reviews r ON i.tenant = r.tenant AND i.incident_id = r.incident_id
WHERE i.acknowledged_at IS NULL AND r.acknowledged_at IS NOT NULL
UNION ALL
SELECT i.tenant, i.incident_id, 'closed_at'
FROM incidents i JOIN incident_reviews r ON i.tenant = r.tenant AND i.incident_id = r.incident_id
WHERE i.closed_at IS NULL AND r.closed_at IS NOT NULL;

UPDATE incidents AS i
SET acknowledged_at = CASE WHEN u.acknowledged THEN r.acknowledged_at ELSE i.acknowledged_at END,
    closed_at = CASE WHEN u.closed THEN r.closed_at ELSE i.closed_at END
FROM incident_reviews r,
     (SELECT tenant, incident_id,
             bool_or(field = 'acknowledged_at') AS acknowledged,
             bool_or(field = 'closed_at') AS closed
      FROM review_fills GROUP BY tenant, incident_id) AS u
WHERE i.tenant = r.tenant AND i.incident_id = r.incident_id
  AND u.tenant = i.tenant AND u.incident_id = i.incident_id
  AND ((u.acknowledged AND i.acknowledged_at IS DISTINCT FROM r.acknowledged_at)
       OR (u.closed AND i.closed_at IS DISTINCT FROM r.closed_at));
