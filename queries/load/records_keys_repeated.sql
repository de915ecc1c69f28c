-- The records of a JSON vendor file ($1: its position in the load) that, once their keys are
-- spelt as its script reads them (records_keys_renamed.sql), hold one key twice in one object:
-- `{"Status": "New", "status": "Closed"}` read in any case. Each is a rejected row naming the
-- key and the record as the file writes it (sg_records: not yet pointed at the renamed
-- records), and is not read (records_view_keyed.sql).
INSERT INTO stage_malformed
SELECT $1, r.k, n.repeated, left(CAST(r.j AS VARCHAR), 500),
       'the key `' || n.repeated || '` appears more than once in one object of this record, in any case: '
       || 'socgauge reads keys in any case and cannot tell which value is meant; write each key once',
       false
FROM sg_records_keyed AS n
JOIN sg_records AS r USING (k)
WHERE n.repeated IS NOT NULL
ORDER BY r.k;
