-- The first line of the last CSV file read where a quoted value opens and the reader, finding no
-- closing quote on that line, read on across line breaks before giving up on it (DuckDB's
-- 'UNQUOTED VALUE' error on a record that spans lines): the lines it crossed were taken as part of
-- that value, so their rows could be neither loaded nor counted as rejected. NULL when there is
-- none. A quote left open on the last line crosses no break: that line alone is rejected.
SELECT min(line) AS line
FROM sg_csv_errors
WHERE error_type = 'UNQUOTED VALUE'
  -- a line break inside the record, not the one ending the file's last line
  AND (contains(rtrim(csv_line, chr(13) || chr(10)), chr(10))
       OR contains(rtrim(csv_line, chr(13) || chr(10)), chr(13)));
