-- Staged review-history rows → typed rows, with the first problem of each row (NULL = loadable).
CREATE OR REPLACE TEMP TABLE norm_reviews AS
WITH parsed AS (
    SELECT s.*, coalesce(getvariable('sg_tenant_override'), sg_text(s.tenant), f.default_tenant) AS tenant_v, sg_ts(s.reviewed_at) AS reviewed_at_v
    FROM stage_reviews s JOIN stage_files f USING (_file_seq)
)
SELECT tenant_v AS tenant, sg_text(incident_id) AS incident_id, reviewed_at_v AS reviewed_at,
       coalesce(acknowledges, false) AS acknowledges, coalesce(closes, false) AS closes,
       _file_seq, _line,
       coalesce(
           sg_require(incident_id, 'incident_id'),
           sg_require(reviewed_at, 'time'),
           sg_unparsed(reviewed_at, reviewed_at_v, 'time', 'not a timestamp')
       ) AS _problem
FROM parsed;
