-- Whether this load's rows of a kind carry versions (load/staging.sql, sg_row_versions) and
-- whether stored rows of it do (schema.sql, row_versions). With neither, as for canonical files
-- loaded into a database of canonical files, nothing is compared or recorded.
SELECT EXISTS (SELECT 1 FROM sg_row_versions WHERE kind = $1) AS loaded,
       EXISTS (SELECT 1 FROM row_versions WHERE kind = $1) AS stored;
