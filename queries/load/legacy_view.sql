-- A stored table without a column added later (a database written before it, opened
-- read-only): a temporary view of the same name shadows it and reads the column as NULL, so
-- every query reads one model. /*table*/ is the table's name, /*stored*/ its name qualified with
-- the database's (a temporary object shadows `main.<table>` too), /*column*/ the column's.
CREATE OR REPLACE TEMP VIEW /*table*/ AS SELECT *, CAST(NULL AS VARCHAR) AS /*column*/ FROM /*stored*/;
