-- One write per row: a canonical table that was empty at the start of this load (a first load,
-- and every run on files) takes the load's normalised table itself, renamed into its place,
-- instead of a copy of every loadable row (load/merge_*.sql). The placeholders name the kind's
-- normalised table, created in the database for this (load/staging.sql), and the canonical table.
-- load/adopt.rs has checked that, without the columns dropped here, the normalised table has the canonical
-- table's columns in its order; the rejected rows are already counted and recorded
-- (load/count_files.sql, load/record_rejects.sql). The statements at the end set the canonical
-- table's NOT NULL constraints again, each checked on the adopted rows.
DELETE FROM /*norm*/
WHERE _problem IS NOT NULL OR rowid IN (SELECT row_id FROM sg_losing_rows);

ALTER TABLE /*norm*/ DROP COLUMN _problem;
ALTER TABLE /*norm*/ DROP COLUMN _file_seq;
ALTER TABLE /*norm*/ RENAME COLUMN _line TO source_line;
DROP TABLE /*table*/;
ALTER TABLE /*norm*/ RENAME TO /*table*/;
/*not null*/
