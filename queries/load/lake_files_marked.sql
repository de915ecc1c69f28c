-- The files of a lake read in this load ($1 to $2: their positions in it) whose manifest carries
-- the data-quality record of the database the lake came from: their loads take the source
-- `lake`, which metrics/loads.sql leaves out (the record counts their rows, and the rows the
-- database rejected, which the lake does not hold) and metrics/availability.sql reads as
-- canonical files.
UPDATE loads
SET source = 'lake'
WHERE load_id = (SELECT load_id FROM sg_settings)
  AND file_seq BETWEEN $1 AND $2;
