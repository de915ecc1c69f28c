-- Which rows of load/parquet_rows.sql are read (a condition filled into it): every row of a
-- file read whole (_whole), and of a lake file of incidents that a run measuring a window of
-- months does not need whole (load/lake_months.rs) the incidents not merged, created before the
-- window's end, and still open in the window (not closed before its start) or created in the
-- MTTR trend's earlier periods; the same rows load/lake_incidents_rest.sql counts as read. Such
-- a file's instants are typed as such (checked from its footers before it is read this way), so
-- the condition reads them as they are.
_whole
OR (created_at < /*open to*/
    AND (created_at >= /*created from*/ OR closed_at IS NULL OR closed_at >= /*open from*/)
    AND NOT (coalesce(sg_status(CAST(status AS VARCHAR)) = 'redirected', false)
             OR sg_text(CAST(redirected_to AS VARCHAR)) IS NOT NULL))
