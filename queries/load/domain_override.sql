-- A product → domain rule from the user's mapping file: matched before every built-in rule.
INSERT INTO sg_product_domains VALUES (0, lower($1), $2);
