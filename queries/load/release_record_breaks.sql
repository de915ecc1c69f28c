-- The line breaks of the last CSV file, no longer needed.
DROP TABLE IF EXISTS sg_csv_breaks;
