-- The versions of file number getvariable('sg_file_seq') of this load, whose slash dates did not
-- prove their order (read month-first by default, or in the order a sibling proved: src/load/
-- dates.rs): a version read from such a date may be a misreading (6 July for 7 June), which would
-- hold off every later load, a corrected one too. Its rows rank by the file order instead, and
-- keep no stored version (load/record_row_versions.sql).
UPDATE sg_row_versions SET version_at = NULL WHERE _file_seq = getvariable('sg_file_seq');
