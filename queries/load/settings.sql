-- Settings of this load that the SQL helpers read: its id, the fixed offset of
-- --input-timezone (or the zone's offset in 1970 for a named zone), the load time and the tenant
-- that replaces the rows' own (ingest --tenant-override; NULL: rows keep theirs), and the
-- --date-format a timestamp's reject names (NULL: none given), with the name of that setting
-- where the user sets it (the flag, or publish's `date_format` key).
CREATE OR REPLACE TEMP TABLE sg_settings AS
SELECT CAST($1 AS BIGINT) AS load_id,
       CAST($2 AS INTEGER) AS fixed_offset_seconds,
       CAST($3 AS TIMESTAMPTZ) AS loaded_at,
       CAST($4 AS VARCHAR) AS tenant_override,
       CAST($5 AS VARCHAR) AS date_format,
       CAST($6 AS VARCHAR) AS date_format_setting;
