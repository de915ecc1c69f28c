-- The merged structure of every top-level value of a file (keys, nesting, lists): what source
-- detection reads instead of the data.
SELECT CAST(json_group_structure(j) AS VARCHAR) AS structure FROM sg_json_raw;
