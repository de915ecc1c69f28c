-- Whether a database holds no table at all: a file that a load created (or an empty one), which a
-- failed first load removes again. A database with any table, socgauge's or not, is kept.
SELECT count(*) = 0 AS empty
FROM duckdb_tables()
WHERE database_name = current_database();
