-- The names of a CSV file's header line as written: the reader renames a repeated name
-- (`Status`, `Status_1`), so a repeat is told from a column of its own only here. Read with the
-- options of load/csv_header.sql (/*dialect*/), the header line taken as a row.
SELECT list_transform(list_value(*COLUMNS(*)), lambda name: coalesce(name, '')) AS names
FROM read_csv($1, /*dialect*/hive_partitioning = false, header = false, all_varchar = true, ignore_errors = true)
LIMIT 1;
