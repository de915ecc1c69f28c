-- The header of a CSV file, read with the same options as load/read_csv.sql so that both agree.
-- The quote is given, not sniffed: a last line that ends inside an open quote would otherwise make
-- the sniffer turn quoting off for the whole file (rows with quoted commas shifted by a column).
SELECT * FROM read_csv($1, header = true, all_varchar = true, quote = '"', ignore_errors = true) LIMIT 0;
