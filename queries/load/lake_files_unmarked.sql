-- The files of a lake read in this load ($1 to $2) whose manifest's record carried no load it
-- could read (an empty or edited list): they count their own rows again, as canonical Parquet.
UPDATE loads
SET source = 'canonical'
WHERE load_id = (SELECT load_id FROM sg_settings)
  AND file_seq BETWEEN $1 AND $2
  AND source = 'lake';
