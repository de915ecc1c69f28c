-- Records a file of this load: its position, name, format, kind and default tenant and source.
INSERT INTO stage_files VALUES ($1, $2, $3, $4, $5, $6);
