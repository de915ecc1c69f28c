-- Records a file of this load: its position, name, format, kind, default tenant, source and
-- identity (its canonical path).
INSERT INTO stage_files VALUES ($1, $2, $3, $4, $5, $6, $7);
