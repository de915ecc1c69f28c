-- The merged structure of the first top-level values of a file (keys, nesting, lists): what
-- source detection reads instead of the data. The keys a shape requires are in every record, so
-- the first 20,000 are enough and a large export is not scanned twice.
SELECT CAST(json_group_structure(j) AS VARCHAR) AS structure
FROM (SELECT j FROM sg_json_raw ORDER BY k LIMIT 20000);
