-- The records of a vendor file: the object at path $1 inside each top-level value (read through
-- the view sg_records, see records_view.sql). The object keeps its value's `_id` unless it has
-- its own: a search hit's id sits beside its `_source`, and sources read it as the record's id.
CREATE OR REPLACE TEMP TABLE sg_records_data AS
SELECT json_merge_patch(json_object('_id', json_extract(j, '$._id')), json_extract(j, $1)) AS j, k
FROM sg_json_raw
WHERE json_type(json_extract(j, $1)) = 'OBJECT'
ORDER BY k;
