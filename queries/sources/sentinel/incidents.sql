-- Sentinel SecurityIncident rows → staged incidents and alert links. The table writes one row
-- per create/update: every row of an incident is staged with the latest row's state (so the
-- row that wins the merge is the current one, and each row still counts as read), and
-- acknowledged_at is the first row where the status left New or an owner was set — or, for an
-- incident with a single row, FirstModifiedTime (Microsoft's own "time to triage").

-- Each row's incident (pk: its id, else the row itself) and whether it is that incident's latest
-- row (by LastModifiedTime, else TimeGenerated; of two at the same instant, the later line): the
-- incident's state and its alert links both come from that row.
CREATE OR REPLACE TEMP TABLE sg_sentinel_rows AS
SELECT k, pk, version_ts,
       row_number() OVER (PARTITION BY pk ORDER BY version_ts DESC NULLS LAST, k DESC) = 1 AS latest
FROM (
    SELECT k,
           coalesce(src_col(j, 'IncidentName'), src_col(j, 'IncidentNumber'), '#' || k) AS pk,
           src_ts(coalesce(src_col_time(j, 'LastModifiedTime'), src_col_time(j, 'TimeGenerated'))) AS version_ts
    FROM sg_records
);

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
WITH r AS (
    SELECT k,
           coalesce(src_col(j, 'IncidentName'), src_col(j, 'IncidentNumber')) AS id,
           src_col(j, 'Title') AS title,
           src_col(j, 'Severity') AS severity,
           src_col(j, 'Status') AS status,
           src_col(j, 'Classification') AS classification,
           src_col_time(j, 'FirstActivityTime') AS first_activity_at,
           src_col_time(j, 'CreatedTime') AS created_at,
           src_col_time(j, 'FirstModifiedTime') AS first_modified_at,
           src_col_time(j, 'ClosedTime') AS closed_at,
           coalesce(src_col_time(j, 'LastModifiedTime'), src_col_time(j, 'TimeGenerated')) AS version_at,
           src_col(j, 'Owner') AS owner_json
    FROM sg_records
),
o AS (
    SELECT *,
           coalesce(id, '#' || k) AS pk,
           CASE WHEN owner_json IS NULL THEN NULL
                WHEN json_valid(owner_json) THEN src_nn(coalesce(json_extract_string(src_json(owner_json), '$.userPrincipalName'),
                                                                json_extract_string(src_json(owner_json), '$.email'),
                                                                json_extract_string(src_json(owner_json), '$.assignedTo')))
                ELSE owner_json END AS owner
    FROM r
),
history AS (
    SELECT pk, count(*) AS versions,
           src_iso(min(src_ts(version_at)) FILTER (WHERE lower(coalesce(status, 'new')) <> 'new' OR owner IS NOT NULL)) AS first_triage
    FROM o GROUP BY pk
),
latest AS (
    SELECT o.* FROM o JOIN sg_sentinel_rows v USING (k) WHERE v.latest
)
SELECT NULL, l.id, l.title, l.severity, l.status,
       CASE WHEN lower(l.classification) IN ('', 'unknown') THEN NULL ELSE l.classification END,
       l.first_activity_at, l.created_at,
       CASE WHEN h.versions > 1 THEN h.first_triage
            WHEN lower(coalesce(l.status, 'new')) <> 'new' OR l.owner IS NOT NULL THEN l.first_modified_at END,
       NULL, CASE WHEN lower(l.status) = 'closed' THEN l.closed_at END, l.owner, NULL, NULL, NULL,
       getvariable('sg_file_seq'), o.k
FROM o JOIN latest l USING (pk) JOIN history h USING (pk)
ORDER BY o.k;

-- Each row's version is its incident's latest (load/staging.sql, sg_row_versions): the rows of
-- an incident in two exports loaded together keep the state of the one updated last.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'incidents', getvariable('sg_file_seq'), k, max(version_ts) OVER (PARTITION BY pk),
       max(CASE WHEN latest THEN k END) OVER (PARTITION BY pk)
FROM sg_sentinel_rows
ORDER BY k;

-- The links are the alerts of each incident's latest row (the same row as above), so that an
-- alert removed from an incident in a later update is no longer linked to it; an alert listed
-- by the latest rows of several incidents (moved by a merge) belongs to the one updated last.
-- Exports are written newest first as often as oldest first: the file order decides nothing.
INSERT INTO stage_links (tenant, incident_id, alert_id, _file_seq, _line)
WITH listed AS (
    SELECT r.k, v.version_ts,
           coalesce(src_col(r.j, 'IncidentName'), src_col(r.j, 'IncidentNumber')) AS id,
           trim(unnest(CASE WHEN json_valid(src_col(r.j, 'AlertIds'))
                            THEN json_extract_string(src_json(src_col(r.j, 'AlertIds')), '$[*]')
                            ELSE string_split(src_col(r.j, 'AlertIds'), ',') END)) AS alert_id
    FROM sg_records r JOIN sg_sentinel_rows v USING (k)
    WHERE v.latest AND src_col(r.j, 'AlertIds') IS NOT NULL
)
SELECT NULL, id, alert_id, getvariable('sg_file_seq'), k
FROM listed
QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY version_ts DESC NULLS LAST, k DESC) = 1
ORDER BY k, alert_id;

DROP TABLE sg_sentinel_rows;
