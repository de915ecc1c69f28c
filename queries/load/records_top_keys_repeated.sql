-- Whether a record of a JSON vendor file (sg_records) gives one of its own keys twice, as written
-- (`{"status": "new", "status": "closed"}`): the reader would read one value without a word.
-- Then every record is checked at every depth and such records are rejected
-- (records_keys_renamed.sql, records_keys_repeated.sql). One pass over the records' keys.
SELECT coalesce(bool_or(len(json_keys(j)) > len(list_distinct(json_keys(j)))), false) AS repeated
FROM sg_records;
