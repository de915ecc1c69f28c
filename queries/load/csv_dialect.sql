-- The dialect DuckDB's sniffer finds in a CSV file: its delimiter, quote, escape, column names
-- and the lines before its header (blank lines an export tool wrote first). load/read_csv.sql and its kin are given this dialect rather than sniffing again: the
-- reader's own sniff reads up to 20,480 rows and, on a file whose last line ends inside an open
-- quote, finds that quoting fails and turns it off for the whole file (rows with quoted commas
-- would then be rejected or loaded shifted by a column). Where this sniff finds no quote for the
-- same reason (a short file), the standard one is given (read.rs).
-- The sniffer reads 2,048 rows, not its default 20,480: only the delimiter, the quote and the
-- header's names are read from it (every column is text), and the delimiter shows in the first
-- rows. On a 1M-row file the default sample took 0.3 to 0.7 s, this one 0.1 to 0.2 s.
SELECT "Delimiter" AS delimiter, "Quote" AS quote, "Escape" AS escape,
       CAST("SkipRows" AS BIGINT) AS skip_rows, list_transform("Columns", lambda c: c.name) AS columns
-- The skip placeholder below: `, skip = N` when a title or comments stand above the header (load/preamble.rs found
-- them; the sniffer skips only blank lines), else nothing. The quote placeholder: `, quote = '"',
-- escape = '"'` for a file holding no quote character (read.rs, csv_dialect), else nothing.
FROM sniff_csv($1, header = true, ignore_errors = true, sample_size = 2048/*skip*//*quote*/);
