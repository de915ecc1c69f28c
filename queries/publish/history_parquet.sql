-- history.parquet: the rows of history.csv, typed, written by DuckDB to /*path*/.
COPY (
    SELECT tenant, name, slug, month, period_from, period_to, metric, unit, value, unavailable
    FROM p_history
    ORDER BY tenant, month, position
) TO '/*path*/' (FORMAT parquet);
