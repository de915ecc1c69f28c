-- Whether the record lake_record_read.sql read can be carried: its entries, and the first one
-- that fails its check (by file), for the warning that the lake counts its own rows instead.
SELECT count(*) AS entries,
       count(*) FILTER (WHERE NOT ok) AS faulty,
       min(coalesce(file, '(no file)')) FILTER (WHERE NOT ok) AS first_faulty
FROM lake_record;
