-- The data-quality record a lake carries in its manifest (`loads`): the latest load of every file
-- (as metrics/loads.sql reads them: a re-loaded file counts once), with the rows it read, loaded
-- and rejected and each tenant's share. A lake holds only the rows that loaded; with this record
-- a run on the lake counts the rejected rows and the automation exports of the database it came
-- from (load/lake_loads_carried.sql), and reaches the same data-quality figures and verdicts.
-- A database read from a lake holds that lake's own files as loads of source `lake`, whose
-- counts the record it carried already holds: they are left out.
SELECT file, format, kind, rows_read, rows_loaded, rows_rejected, source, file_key, tenant_rows
FROM loads
WHERE source IS DISTINCT FROM 'lake'
QUALIFY rank() OVER (PARTITION BY coalesce(file_key, file) ORDER BY load_id DESC) = 1
-- in the order of the files' identity, so that a lake exported again from a database read from it
-- carries the same record
ORDER BY coalesce(file_key, file), kind;
