-- The fingerprint of a tenant's ($1) month page, whose month ends at $2 (an instant): the content
-- of every incident, alert and automation run of the tenant created before $2 (not which load
-- brought them, so re-loading the same export changes nothing), and $3, the page's settings
-- (socgauge's version, zone, slug, display name, rubric, answers). Rows created after the month
-- cannot change its page: its data-up-to and completeness stop at the month's end.
SELECT md5(concat_ws('|', $3,
    (SELECT count(*) || ':' || coalesce(CAST(sum(hash(row(
                incident_id, title, severity, status, classification, first_activity_at,
                created_at, acknowledged_at, contained_at, closed_at, owner, closed_by,
                ai_assisted, redirected_to))) AS VARCHAR), '0')
     FROM incidents WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)),
    (SELECT count(*) || ':' || coalesce(CAST(sum(hash(row(
                alert_id, incident_id, title, rule_id, rule_name, product, domain, severity,
                first_activity_at, created_at, status, verdict, closed_at, closed_by, tactics,
                techniques, entity_user, entity_host, entity_ip))) AS VARCHAR), '0')
     FROM alerts WHERE tenant = $1 AND created_at < CAST($2 AS TIMESTAMPTZ)),
    (SELECT count(*) || ':' || coalesce(CAST(sum(hash(row(
                run_id, incident_id, alert_id, playbook, action, started_at, finished_at,
                outcome, approved_by, approved_at))) AS VARCHAR), '0')
     FROM automation WHERE tenant = $1 AND started_at < CAST($2 AS TIMESTAMPTZ))
)) AS fingerprint;
