-- The rows of several canonical CSV files of one kind read with the same dialect and header
-- (load/csv_batch.rs), every column as text, in the files' order and each file's own: one
-- reader over the list of files (/*files*/, quoted text), as load/read_csv.sql reads one. Each
-- row gets its file's number, default tenant and path as the load records it from the lists
-- /*seqs*/, /*tenants*/ and /*sources*/ (literals, in the files' order) by the reader's
-- `file_index`, its file's position in the list: no join, which would lose the rows' order and
-- with it their lines (load/number_lines.sql, per file, afterwards). /*columns*/,
-- /*dialect*/ and /*has a value*/ as in load/read_csv.sql. The lines the reader cannot parse go
-- to sg_csv_batch_errors, each with its file's position (`file_id`): load/csv_file_errors.sql
-- gives each file its own.
SELECT /*columns*/,
       CAST([/*seqs*/][CAST(file_index AS BIGINT) + 1] AS INTEGER) AS _file_seq,
       CAST(NULL AS BIGINT) AS _line,
       CAST([/*tenants*/][CAST(file_index AS BIGINT) + 1] AS VARCHAR) AS _default_tenant,
       CAST([/*sources*/][CAST(file_index AS BIGINT) + 1] AS VARCHAR) AS _source_file
FROM read_csv([/*files*/], /*dialect*/hive_partitioning = false, header = true, all_varchar = true, ignore_errors = true,
              store_rejects = true, rejects_table = 'sg_csv_batch_errors',
              rejects_scan = 'sg_csv_batch_scans')
WHERE /*has a value*/
