-- A version outside the years socgauge reads (1970 to 2100, as for every timestamp: macros.sql,
-- sg_bad_time) is no version: a `9999-…` typo would otherwise win over every later export of its
-- incident, in this load and in every load after it.
UPDATE sg_row_versions
SET version_at = NULL
WHERE version_at < TIMESTAMPTZ '1970-01-01 00:00:00+00'
   OR version_at >= TIMESTAMPTZ '2101-01-01 00:00:00+00';
