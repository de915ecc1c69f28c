-- Each CSV file starts with empty reader-error tables.
DROP TABLE IF EXISTS sg_csv_errors;
DROP TABLE IF EXISTS sg_csv_scans;
