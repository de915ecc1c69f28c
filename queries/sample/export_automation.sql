-- Sample generator, step 5: the canonical automation.csv. '/*path*/' is the output path (quotes doubled).
COPY (
    SELECT tenant, run_id, incident_id, alert_id, playbook, action,
           sr_iso(started_at) AS started_at,
           sr_iso(finished_at) AS finished_at,
           outcome, approved_by,
           sr_iso(approved_at) AS approved_at
    FROM sample_automation
    ORDER BY started_at, run_id
) TO '/*path*/' (HEADER, DELIMITER ',');
