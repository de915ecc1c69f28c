-- The top-level JSON values of a file: array elements, one per line, or the single document.
CREATE OR REPLACE TEMP TABLE sg_json_raw AS
SELECT json AS j, row_number() OVER () AS k
FROM read_json_objects($1, format = 'auto');
