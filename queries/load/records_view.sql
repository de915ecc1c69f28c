-- Scripts read a vendor file's records through the view sg_records; here, the gathered records.
CREATE OR REPLACE TEMP VIEW sg_records AS SELECT j, k FROM sg_records_data WHERE json_type(j) = 'OBJECT';
