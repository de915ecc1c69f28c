-- Whether a file was loaded into the database: named as it was loaded ($1), or by its identity
-- ($2, loads.file_key).
SELECT EXISTS (SELECT 1 FROM loads WHERE file = $1 OR file_key = $2) AS loaded;
