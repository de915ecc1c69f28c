-- The rows `mapping init` guesses from: the file's first 20,000 records (sg_records), in order.
CREATE OR REPLACE TEMP TABLE sg_sample AS
SELECT j, k FROM sg_records ORDER BY k LIMIT 20000;
