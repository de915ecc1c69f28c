-- The dialect DuckDB's sniffer finds in a CSV file: its delimiter, quote and column names. When
-- the sniffer finds no quote although the file has quoted fields (its last line ends inside an
-- open quote, so quoting fails on the sample), load/read_csv.sql and its kin are given the
-- dialect instead of sniffing it: otherwise quoting would be off for the whole file and rows with
-- quoted commas would load shifted by a column.
SELECT "Delimiter" AS delimiter, "Quote" AS quote, list_transform("Columns", lambda c: c.name) AS columns
FROM sniff_csv($1, header = true, ignore_errors = true);
