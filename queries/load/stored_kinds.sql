-- Whether each canonical table already holds rows: a load replaces stored rows
-- (replace_*.sql) only in a table that has some.
SELECT EXISTS (SELECT 1 FROM incidents) AS incidents,
       EXISTS (SELECT 1 FROM alerts) AS alerts,
       EXISTS (SELECT 1 FROM automation) AS automation;
