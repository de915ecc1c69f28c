-- Every tenant in the database, in name order.
SELECT tenant FROM (
    SELECT tenant FROM incidents UNION SELECT tenant FROM alerts UNION SELECT tenant FROM automation
)
ORDER BY tenant;
