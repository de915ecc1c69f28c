-- Incident-side links (norm_links) written by a file whose row of the incident lost to a later
-- update in another file of this load (load/losing_rows.sql, by version), or to the stored row
-- of an earlier load's newer export (load/stored_newer_rows.sql, no kept file): the newer export
-- lists the incident's alerts now, so an alert only the older one lists is no longer linked by
-- it (within one file, the latest row's alerts are already the only ones staged). Run right
-- after the incidents' losing rows are marked, while norm_incidents is still this load's.
DELETE FROM norm_links AS n
USING (SELECT DISTINCT i.tenant, i.incident_id, i._file_seq
       FROM norm_incidents AS i
       JOIN sg_losing_rows AS l ON l.row_id = i.rowid
       WHERE l.by_version AND l.kept_file_seq IS DISTINCT FROM i._file_seq
         -- A newer file that lists no incident's alerts at all (a projection without
         -- `AlertIds`) says nothing of them: the links stay, as they do when that file is
         -- loaded after the older one (load/relisted_incidents.sql).
         AND (l.kept_file_seq IS NULL
              OR l.kept_file_seq IN (SELECT DISTINCT _file_seq FROM norm_links))) AS superseded
WHERE n.tenant = superseded.tenant AND n.incident_id = superseded.incident_id
  AND n._file_seq = superseded._file_seq;
