-- The rows of one lake file of incidents that a run measuring a window of months reads of a
-- month it does not need whole (load/lake_months.rs): not merged, created before the window's
-- end, and still open in the window (not closed before its start) or created in the MTTR
-- trend's earlier periods, in file order, as load/read_parquet.sql reads every row; the same
-- rows load/lake_incidents_rest.sql counts as read. Each row keeps its own line in the file (its row
-- number + 1, as load/number_lines.sql numbers a file read whole). The file's instants are typed
-- as such (checked from its footers before it is read this way), so the filter reads them as
-- they are.
SELECT /*columns*/, CAST($2 AS INTEGER) AS _file_seq, CAST(file_row_number + 1 AS BIGINT) AS _line,
       CAST($3 AS VARCHAR) AS _default_tenant, CAST($4 AS VARCHAR) AS _source_file
FROM read_parquet($1, /*hive*/, file_row_number = true)
WHERE created_at < /*open to*/
  AND (created_at >= /*created from*/ OR closed_at IS NULL OR closed_at >= /*open from*/)
  AND NOT (coalesce(sg_status(CAST(status AS VARCHAR)) = 'redirected', false)
           OR sg_text(CAST(redirected_to AS VARCHAR)) IS NOT NULL)
