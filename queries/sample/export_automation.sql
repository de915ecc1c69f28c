-- Sample generator, step 5: the canonical automation.csv. /*path*/ is the quoted output path.
COPY (
    SELECT tenant, run_id, incident_id, alert_id, playbook, action,
           strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at,
           strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS finished_at,
           outcome, approved_by,
           strftime(approved_at, '%Y-%m-%dT%H:%M:%SZ') AS approved_at
    FROM sample_automation
    ORDER BY run_id
) TO /*path*/ (HEADER, DELIMITER ',');
