-- Loads are numbered 1, 2, … in the order they were made.
SELECT CAST(coalesce(max(load_id), 0) + 1 AS BIGINT) AS load_id FROM loads;
