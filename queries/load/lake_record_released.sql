-- The record of a lake, once carried (or not).
DROP TABLE IF EXISTS lake_record;
