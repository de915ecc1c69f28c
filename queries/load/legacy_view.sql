-- A stored table without columns added later (a database written before them, opened
-- read-only): a temporary view of the same name shadows it and reads those columns as NULL, so
-- every query reads one model. /*table*/ is the table's name, /*stored*/ its name qualified with
-- the database's (a temporary object shadows `main.<table>` too), /*columns*/ the missing
-- columns as typed NULLs (`CAST(NULL AS VARCHAR) AS category`, ...).
CREATE OR REPLACE TEMP VIEW /*table*/ AS SELECT *, /*columns*/ FROM /*stored*/;
