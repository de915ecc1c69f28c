-- Removes what file number getvariable('sg_file_seq') of this load staged, before it is staged
-- again (src/load/mod.rs: its dates follow a sibling's order): its rows, links and reviews, the
-- lines set aside, its versions, its notes and its own record.
DELETE FROM stage_incidents WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_alerts WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_automation WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_links WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_reviews WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_malformed WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM sg_row_versions WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_notes WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM norm_incidents WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM norm_alerts WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM norm_automation WHERE _file_seq = getvariable('sg_file_seq');
DELETE FROM stage_files WHERE _file_seq = getvariable('sg_file_seq');
