-- TheHive cases → staged incidents. TheHive 5 keeps the lifecycle in `stage` and the resolution
-- in `status`; TheHive 4 has `status` Open/Resolved and `resolutionStatus`. Dates are epoch ms.
-- Records of another type (an audit log also holds observables, tasks, alerts) are set aside as
-- rejected rows with the reason.
INSERT INTO stage_malformed (_file_seq, line, "column", value, reason)
SELECT getvariable('sg_file_seq'), k, '_type', src_get(j, '_type'), 'not a case: a TheHive ' || src_get(j, '_type') || ' record'
FROM sg_records
WHERE lower(coalesce(src_get(j, '_type'), 'case')) <> 'case'
ORDER BY k;

INSERT INTO stage_incidents (tenant, incident_id, title, severity, status, classification, first_activity_at,
                             created_at, acknowledged_at, contained_at, closed_at, owner, closed_by, ai_assisted,
                             redirected_to, _file_seq, _line)
WITH r AS (
    SELECT k, j, coalesce(src_get(j, '_id'), src_get(j, 'id')) AS id,
           lower(src_get(j, 'stage')) AS stage,
           lower(src_get(j, 'status')) AS status,
           lower(src_get(j, 'resolutionStatus')) AS resolution,
           src_ts(coalesce(src_get(j, '_updatedAt'), src_get(j, 'updatedAt'),
                           src_get(j, '_createdAt'), src_get(j, 'createdAt'))) AS version_at
    FROM sg_records
    WHERE lower(coalesce(src_get(j, '_type'), 'case')) = 'case'
),
o AS (SELECT *, coalesce(id, '#' || k) AS pk FROM r),
latest AS (
    SELECT * FROM o
    QUALIFY row_number() OVER (PARTITION BY pk ORDER BY version_at DESC NULLS LAST, k DESC) = 1
),
c AS (
    SELECT l.*,
           CASE WHEN l.stage IS NOT NULL
                THEN CASE l.stage WHEN 'new' THEN 'new' WHEN 'inprogress' THEN 'active' WHEN 'closed' THEN 'closed' END
                ELSE CASE l.status WHEN 'open' THEN CASE WHEN coalesce(src_get(l.j, 'owner'), src_get(l.j, 'assignee')) IS NULL THEN 'new' ELSE 'active' END
                                   WHEN 'resolved' THEN 'closed' WHEN 'deleted' THEN 'closed' END
           END AS lifecycle,
           coalesce(CASE WHEN l.stage IS NOT NULL THEN l.status END, l.resolution) AS outcome
    FROM latest l
)
SELECT NULL, c.id, src_get(c.j, 'title'),
       CASE src_get(c.j, 'severity') WHEN '1' THEN 'low' WHEN '2' THEN 'medium' WHEN '3' THEN 'high' WHEN '4' THEN 'critical'
            ELSE coalesce(src_get(c.j, 'severityLabel'), src_get(c.j, 'severity')) END,
       CASE WHEN c.outcome = 'duplicated' OR src_get(c.j, 'mergeInto') IS NOT NULL THEN 'redirected' ELSE c.lifecycle END,
       CASE c.outcome WHEN 'truepositive' THEN 'true_positive' WHEN 'falsepositive' THEN 'false_positive'
                      WHEN 'indeterminate' THEN 'undetermined' END,
       src_time(src_get(c.j, 'startDate')),
       src_time(coalesce(src_get(c.j, 'newDate'), src_get(c.j, '_createdAt'), src_get(c.j, 'createdAt'))),
       src_time(src_get(c.j, 'inProgressDate')),
       NULL,
       CASE WHEN c.lifecycle = 'closed' THEN src_time(coalesce(src_get(c.j, 'closedDate'), src_get(c.j, 'endDate'))) END,
       coalesce(src_get(c.j, 'assignee'), src_get(c.j, 'owner')),
       NULL, NULL, src_get(c.j, 'mergeInto'),
       getvariable('sg_file_seq'), o.k
FROM o JOIN c USING (pk)
ORDER BY o.k;

-- Each record's version is its case's latest update (load/staging.sql, sg_row_versions); a case
-- never updated has no `_updatedAt`, and its creation is its latest update.
INSERT INTO sg_row_versions (kind, _file_seq, _line, version_at, state_line)
SELECT 'incidents', getvariable('sg_file_seq'), k, max(version_at) OVER (PARTITION BY pk),
       first_value(k) OVER (PARTITION BY pk ORDER BY version_at DESC NULLS LAST, k DESC)
FROM (SELECT k, coalesce(src_get(j, '_id'), src_get(j, 'id'), '#' || k) AS pk,
             src_ts(coalesce(src_get(j, '_updatedAt'), src_get(j, 'updatedAt'),
                             src_get(j, '_createdAt'), src_get(j, 'createdAt'))) AS version_at
      FROM sg_records
      WHERE lower(coalesce(src_get(j, '_type'), 'case')) = 'case')
ORDER BY k;
