-- Staged incident-side links → (tenant, incident_id, alert_id). A link missing either id is
-- dropped: it is part of an incident record, which is counted (and rejected, if at all) itself.
CREATE OR REPLACE TEMP TABLE norm_links AS
SELECT coalesce(getvariable('sg_tenant_override'), sg_text(s.tenant), f.default_tenant) AS tenant,
       sg_text(s.incident_id) AS incident_id,
       sg_text(s.alert_id) AS alert_id,
       s._file_seq, s._line
FROM stage_links s JOIN stage_files f USING (_file_seq)
WHERE NOT sg_blank(s.incident_id) AND NOT sg_blank(s.alert_id);
