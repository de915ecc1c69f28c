-- A close code → classification rule from the user's mapping file: matched before the built-in rules.
INSERT INTO sg_close_codes VALUES (0, $1, $2);
