-- Each statement reading several CSV files starts, and ends, with empty reader-error tables.
DROP TABLE IF EXISTS sg_csv_batch_errors;
DROP TABLE IF EXISTS sg_csv_batch_scans;
