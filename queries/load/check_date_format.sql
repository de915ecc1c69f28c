-- Whether DuckDB's strptime reads the --date-format pattern $1: an unknown specifier (`%Q`) is
-- an error here, before any file is read, rather than a failure blamed on the first file.
SELECT try_strptime('2000-01-01 00:00:00', $1) IS NULL AS unmatched;
