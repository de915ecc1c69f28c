-- Per-file, per-kind counts of this load. Rows read = rows loaded + rows rejected, always: a row
-- is either loadable (it may later be superseded by a newer row with the same id) or rejected,
-- and a line the file reader could not parse (or a record the source sets aside, such as an
-- Elastic building-block alert) is one rejected row of the file's first kind. A vendor export can
-- yield rows of several kinds from one record (a GUIDE evidence row is an incident row and an
-- alert row), so a file has one line per kind it produced. `tenants`: the tenants its loaded rows
-- carry, for the ingest summary; `tenant_rows`: the rows each tenant named loaded and had rejected,
-- else (no row names one) the tenant its rows would have had (the load's override, else the
-- file's default) with 0 and 0, kept in `loads` for each tenant's data-quality figures.
CREATE OR REPLACE TEMP TABLE load_counts AS
WITH staged AS (
    SELECT _file_seq, 'incidents' AS kind, _problem IS NULL AS ok, tenant FROM norm_incidents
    UNION ALL SELECT _file_seq, 'alerts', _problem IS NULL, tenant FROM norm_alerts
    UNION ALL SELECT _file_seq, 'automation', _problem IS NULL, tenant FROM norm_automation
    -- Review times a file of another kind also gives (an OCSF incident's acknowledgement and
    -- close events) are read from its own rows, not rows of their own: counted for a review
    -- history file only.
    UNION ALL SELECT r._file_seq, 'reviews', r._problem IS NULL, r.tenant
              FROM norm_reviews r JOIN stage_files f USING (_file_seq) WHERE f.kind = 'reviews'
),
-- Grouped once by tenant (a few groups per file), then rolled up per file and kind.
by_tenant AS (
    SELECT _file_seq, kind, tenant,
           count(*) FILTER (WHERE ok) AS loaded, count(*) FILTER (WHERE NOT ok) AS rejected
    FROM staged GROUP BY _file_seq, kind, tenant
),
per_kind AS (
    SELECT _file_seq, kind, sum(loaded) AS loaded, sum(rejected) AS rejected,
           list(tenant ORDER BY tenant) FILTER (WHERE loaded > 0 AND tenant IS NOT NULL) AS tenants,
           list({'tenant': tenant, 'loaded': loaded, 'rejected': rejected} ORDER BY tenant)
               FILTER (WHERE tenant IS NOT NULL) AS tenant_rows
    FROM by_tenant GROUP BY _file_seq, kind
),
kinds AS (
    SELECT _file_seq, kind FROM per_kind
    UNION SELECT _file_seq, kind FROM stage_files
),
malformed AS (
    SELECT _file_seq, count(DISTINCT line) AS rejected FROM stage_malformed GROUP BY _file_seq
)
SELECT f._file_seq AS file_seq, f.file, f.file_key, f.format, k.kind, f.source,
       CAST(coalesce(p.loaded, 0) + coalesce(p.rejected, 0) + coalesce(m.rejected, 0) AS BIGINT) AS rows_read,
       CAST(coalesce(p.loaded, 0) AS BIGINT) AS rows_loaded,
       CAST(coalesce(p.rejected, 0) + coalesce(m.rejected, 0) AS BIGINT) AS rows_rejected,
       p.tenants,
       coalesce(p.tenant_rows,
                CASE WHEN coalesce(getvariable('sg_tenant_override'), f.default_tenant) IS NOT NULL
                     THEN [{'tenant': coalesce(getvariable('sg_tenant_override'), f.default_tenant),
                            'loaded': CAST(0 AS BIGINT), 'rejected': CAST(0 AS BIGINT)}] END) AS tenant_rows
FROM kinds k
JOIN stage_files f USING (_file_seq)
LEFT JOIN per_kind p ON p._file_seq = k._file_seq AND p.kind = k.kind
LEFT JOIN malformed m ON m._file_seq = k._file_seq AND k.kind = f.kind
ORDER BY f._file_seq, k.kind <> f.kind, k.kind;
