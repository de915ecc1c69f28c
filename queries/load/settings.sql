-- Settings of this load that the SQL helpers read: its id, the fixed offset of
-- --input-timezone (or the zone's offset in 1970 for a named zone) and the load time.
CREATE OR REPLACE TEMP TABLE sg_settings AS
SELECT CAST($1 AS BIGINT) AS load_id,
       CAST($2 AS INTEGER) AS fixed_offset_seconds,
       CAST($3 AS TIMESTAMPTZ) AS loaded_at;
