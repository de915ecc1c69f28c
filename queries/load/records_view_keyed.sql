-- Scripts read a vendor file's records through the view sg_records; here, the records with
-- their keys renamed (records_keys_renamed.sql), but for those with a key repeated in one
-- object, which records_keys_repeated.sql rejected.
CREATE OR REPLACE TEMP VIEW sg_records AS SELECT j, k FROM sg_records_keyed WHERE repeated IS NULL;
