-- Sentinel REST API incidents → staged incidents. The REST model has no first-modified or
-- closed time, so acknowledged_at and closed_at stay empty (not available from this export).
INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
SELECT NULL,
       coalesce(src_get(j, 'name'), src_get(j, 'properties.incidentNumber')),
       src_get(j, 'properties.title'),
       src_get(j, 'properties.severity'),
       src_get(j, 'properties.status'),
       CASE WHEN lower(src_get(j, 'properties.classification')) = 'unknown' THEN NULL ELSE src_get(j, 'properties.classification') END,
       src_time(src_get(j, 'properties.firstActivityTimeUtc')),
       src_time(src_get(j, 'properties.createdTimeUtc')),
       NULL, NULL, NULL,
       coalesce(src_get(j, 'properties.owner.userPrincipalName'), src_get(j, 'properties.owner.email'),
                src_get(j, 'properties.owner.assignedTo')),
       NULL, NULL, NULL,
       getvariable('sg_file_seq'), k
FROM sg_records
ORDER BY k;

-- Each record's version is its incident's last modification (load/staging.sql, sg_row_versions):
-- of an incident in two exports, the one modified last is kept, in one load or across loads.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'incidents', getvariable('sg_file_seq'), k, src_ts(src_get(j, 'properties.lastModifiedTimeUtc')), k
FROM sg_records
ORDER BY k;
