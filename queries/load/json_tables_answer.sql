-- Whether a JSON file's first value is an answer of the Log Analytics query API (Sentinel's
-- tables read by KQL: `{"tables": [{"name": "PrimaryResult", "columns": [{"name", "type"}],
-- "rows": [[…]]}]}`), whose records are its rows (json_tables_as_records.sql).
-- Its first table needs only hold columns or rows: json_tables_faults.sql says what is wrong with
-- them.
SELECT coalesce(json_type(j, '$.tables') = 'ARRAY'
                AND json_type(j, '$.tables[0]') = 'OBJECT'
                AND (json_exists(j, '$.tables[0].columns') OR json_exists(j, '$.tables[0].rows')), false) AS tables
FROM sg_json_raw
WHERE k = 1;
