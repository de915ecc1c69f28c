-- What a lake holds, for the manifest and the closing line of `export --parquet`.
SELECT (SELECT count(*) FROM incidents) AS incidents,
       (SELECT count(*) FROM alerts) AS alerts,
       (SELECT count(*) FROM automation) AS automation,
       (SELECT count(DISTINCT tenant) FROM (
            SELECT tenant FROM incidents UNION ALL SELECT tenant FROM alerts
            UNION ALL SELECT tenant FROM automation)) AS tenants;
