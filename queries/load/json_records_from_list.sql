-- The records of a JSON file that is one object holding a list: the list's elements. Values of
-- that member that are not lists (it can differ between records) hold no records.
CREATE OR REPLACE TEMP TABLE sg_json_records AS
SELECT e AS j, row_number() OVER () AS k
FROM (SELECT unnest(CAST(json_extract(j, $1) AS JSON[])) AS e
      FROM sg_json_raw
      WHERE json_type(json_extract(j, $1)) = 'ARRAY');
