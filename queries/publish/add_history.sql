-- A rendered tenant-month's history rows: $1 site, $2 tenant, $3 name, $4 slug, $5 month,
-- $6 from, $7 to, $8 a JSON list of {position, metric, unit, value, unavailable}.
INSERT INTO p_history
SELECT $1, $2, $3, $4, $5, $6, $7, r.m.position, r.m.metric, r.m.unit, r.m.value, r.m.unavailable
FROM (
    SELECT unnest(from_json(CAST($8 AS JSON),
        '[{"position": "INTEGER", "metric": "VARCHAR", "unit": "VARCHAR", "value": "DOUBLE", "unavailable": "VARCHAR"}]')) AS m
) AS r;
