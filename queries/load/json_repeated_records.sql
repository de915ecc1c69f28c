-- Drops from a canonical JSON file's records ($1: its position in the load) those
-- json_repeated_keys.sql rejected for a repeated key, so that none is also loaded.
DELETE FROM sg_json_records
WHERE k IN (SELECT line FROM stage_malformed WHERE _file_seq = $1);
