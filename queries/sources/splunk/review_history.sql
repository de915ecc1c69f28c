-- Splunk ES incident review history (incident_review_lookup) → staged review rows. `rule_id` is
-- the notable's event_id; `time` the review action (epoch seconds). An action acknowledges when
-- it sets an owner or moves the status past New (0 Unassigned, 1 New); it closes when it moves
-- the status to 4 Resolved or 5 Closed (ES defaults; a status label saying so also counts).
INSERT INTO stage_reviews (tenant, incident_id, reviewed_at, acknowledges, closes, _file_seq, _line)
SELECT NULL, src_col(j, 'rule_id'), src_time(src_col(j, 'time')),
       (src_col(j, 'owner') IS NOT NULL AND lower(src_col(j, 'owner')) <> 'unassigned')
           OR coalesce(src_col(j, 'status'), '0') NOT IN ('0', '1'),
       coalesce(src_col(j, 'status'), '') IN ('4', '5')
           OR lower(coalesce(src_col(j, 'status_label'), '')) IN ('resolved', 'closed')
           OR lower(coalesce(src_col(j, 'status_end'), '')) = 'true',
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;
