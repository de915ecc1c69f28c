-- Copies a canonical file's rows (the reader query below: load/read_csv.sql or
-- load/read_parquet.sql) into the kind's staging table, when they cannot be normalised in place:
-- a named --input-timezone looks local times up in a table, a join that would lose the file's
-- row order.
INSERT INTO /*target*/ BY NAME
SELECT * EXCLUDE (_default_tenant, _source_file) FROM (
/*rows*/
);
