-- Records the date order a file of this load proved (schema.sql, date_orders): source, tenant,
-- whether day-first, the file, its proving first field; the load is this one's.
INSERT INTO date_orders
SELECT $1, $2, $3, $4, $5, (SELECT load_id FROM sg_settings);
