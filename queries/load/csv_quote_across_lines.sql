-- The first line of the last CSV file read where a quoted value the reader could not end (DuckDB's
-- 'UNQUOTED VALUE' error: no closing quote, or text after it) runs over line breaks: the lines it
-- crossed may be rows taken into that value, which could be neither loaded nor counted as
-- rejected. NULL when there is none. A quote left open on the last line crosses no break: that
-- line alone is rejected.
SELECT min(line) AS line
FROM sg_csv_errors
WHERE error_type = 'UNQUOTED VALUE'
  -- a line break inside the record, not the one ending the file's last line nor the `\n` of
  -- a `\r\n` the reader puts at the start of a record in a file with Windows line ends
  AND (contains(trim(csv_line, chr(13) || chr(10)), chr(10))
       OR contains(trim(csv_line, chr(13) || chr(10)), chr(13)));
