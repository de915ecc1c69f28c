-- The date orders earlier loads' files proved (schema.sql, date_orders) for the tenant $1, one
-- row per source, order and file (the latest load's, then the file's name, first).
SELECT source, day_first, file, first_field
FROM date_orders
WHERE tenant = $1
QUALIFY row_number() OVER (PARTITION BY source, day_first, file ORDER BY load_id DESC) = 1
ORDER BY source, day_first, file;
