-- The merged structure of the first top-level values of a file (keys, nesting, lists): what
-- source detection reads instead of the data. The keys a shape requires are in every record, so
-- the first 20,000 are enough and a large export is not scanned twice. Values that are not
-- objects (a number or text among the records) are left out when there are objects, so that
-- they cannot hide the records' keys; they are rejected rows (load/non_record_values.sql).
SELECT CAST(json_group_structure(j) AS VARCHAR) AS structure
FROM (
    SELECT j FROM sg_json_raw
    WHERE json_type(j) = 'OBJECT'
       OR NOT EXISTS (SELECT 1 FROM sg_json_raw WHERE json_type(j) = 'OBJECT')
    ORDER BY k LIMIT 20000
);
