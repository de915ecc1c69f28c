-- The top-level JSON values of a file: array elements, one per line, or the single document.
-- /*max object*/: the largest value read, in bytes (src/load/read.rs, read_json_values: the
-- reader's default, and a value as large as the file where one is larger, such as a Log
-- Analytics answer or an API page, each one object).
CREATE OR REPLACE TEMP TABLE sg_json_raw AS
SELECT json AS j, row_number() OVER () AS k
FROM read_json_objects($1, format = 'auto', maximum_object_size = /*max object*/);
