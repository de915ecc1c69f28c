-- The fingerprint of a tenant's ($1) month page, whose month ends at $2 (an instant): the content
-- (not which load brought it, so re-loading the same export changes nothing) of every row of the
-- tenant that the month's figures can read: incidents created before $2, incidents merged into
-- them, incidents (created later too) that alerts created before $2 link to and the incidents
-- those are merged into (an alert's effective verdict and closer come from there), alerts created
-- before $2 or linked to those incidents, automation started before $2 or linked to those
-- incidents or alerts; and $3, the page's settings (socgauge's version and build, zone, slug, display name,
-- rubric, answers). Its "data up to" and completeness stop at the month's end.
WITH RECURSIVE early_incidents AS (
    SELECT incident_id FROM incidents
    WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)
),
-- The incidents early alerts count for, following merges as the facts do (at most 100 steps).
linked_from_alerts(incident_id, depth) AS (
    SELECT DISTINCT incident_id, 0 FROM alerts
    WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ) AND incident_id IS NOT NULL
    UNION
    SELECT i.redirected_to, l.depth + 1
    FROM linked_from_alerts l
    JOIN incidents i ON i.tenant = $1 AND i.incident_id = l.incident_id
    WHERE i.redirected_to IS NOT NULL AND l.depth < 100
),
inc AS (
    SELECT * FROM incidents
    WHERE tenant = $1
      AND (created_at < CAST($2 AS TIMESTAMPTZ)
           OR redirected_to IN (SELECT incident_id FROM early_incidents)
           OR incident_id IN (SELECT incident_id FROM linked_from_alerts))
),
al AS (
    SELECT * FROM alerts
    WHERE tenant = $1
      AND (created_at < CAST($2 AS TIMESTAMPTZ)
           OR incident_id IN (SELECT incident_id FROM early_incidents))
),
au AS (
    SELECT * FROM automation
    WHERE tenant = $1
      AND (started_at < CAST($2 AS TIMESTAMPTZ)
           OR incident_id IN (SELECT incident_id FROM early_incidents)
           OR alert_id IN (SELECT alert_id FROM al))
)
SELECT md5(concat_ws('|', $3,
    (SELECT count(*) || ':' || coalesce(CAST(sum(hash(row(
                incident_id, title, severity, status, classification, first_activity_at,
                created_at, acknowledged_at, contained_at, closed_at, owner, closed_by,
                ai_assisted, redirected_to, category))) AS VARCHAR), '0')
     FROM inc),
    (SELECT count(*) || ':' || coalesce(CAST(sum(hash(row(
                alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics,
                techniques, entity_user, entity_host, entity_ip, category))) AS VARCHAR), '0')
     FROM al),
    (SELECT count(*) || ':' || coalesce(CAST(sum(hash(row(
                run_id, incident_id, alert_id, playbook, action, started_at, finished_at,
                outcome, approved_by, approved_at))) AS VARCHAR), '0')
     FROM au)
)) AS fingerprint;
