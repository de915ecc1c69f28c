-- The note that a CSV file ($1: its position in the load) had a title or comments above its
-- header ($2: what the user is told), which were skipped as no rows (load/preamble.rs).
INSERT INTO stage_notes (_file_seq, note, n) VALUES ($1, $2, NULL);
