-- The records of a vendor file: the elements of the list at path $1 inside each top-level value,
-- numbered in file order (read through the view sg_records, see records_are_values.sql, which
-- passes on the objects; the other elements are counted rejects, non_record_items.sql).
CREATE OR REPLACE TEMP TABLE sg_records_data AS
SELECT e AS j, row_number() OVER (ORDER BY k, i) AS k
FROM (
    SELECT k, unnest(CAST(json_extract(j, $1) AS JSON[])) AS e,
           unnest(range(len(CAST(json_extract(j, $1) AS JSON[])))) AS i
    FROM sg_json_raw
    WHERE json_type(json_extract(j, $1)) = 'ARRAY'
);
