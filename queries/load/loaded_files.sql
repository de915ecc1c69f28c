-- Every file the database has loaded, as the load keyed it (its canonical path where it could
-- be resolved): the exports an output must never overwrite (src/input.rs, Opened::deliver).
SELECT DISTINCT file_key FROM loads WHERE file_key IS NOT NULL ORDER BY file_key;
