-- The rows of a kind's staging table with their file's default tenant and name: the source of the
-- normalisation queries for vendor files and staged canonical files.
SELECT s.*, f.default_tenant AS _default_tenant, f.file AS _source_file
FROM /*stage*/ AS s
JOIN stage_files AS f USING (_file_seq)
