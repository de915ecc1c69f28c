-- The record lines of the last CSV file, no longer needed (they can be as many as its lines).
DROP TABLE IF EXISTS sg_csv_record_lines;
