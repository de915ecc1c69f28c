-- Whether a database holds no table at all: a file that a load created (or an empty one), which a
-- failed first load removes again. A database with any table, socgauge's or not, is kept.
-- And whether it holds socgauge's first table (incidents, in every version of the schema): a
-- database with tables but not that one belongs to another application, and is never loaded into.
SELECT count(*) = 0 AS empty,
       count(*) FILTER (WHERE table_name = 'incidents' AND schema_name = 'main') > 0 AS socgauge
FROM duckdb_tables()
WHERE database_name = current_database();
