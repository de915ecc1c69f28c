-- history.csv: one row per tenant × month × metric of the site being built.
SELECT tenant, name, slug, month, period_from, period_to, metric, unit, value, unavailable
FROM p_history
ORDER BY tenant, month, position;
