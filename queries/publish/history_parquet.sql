-- history.parquet: the rows of history.csv, typed, written by DuckDB to /*path*/. The period
-- bounds are instants (Parquet timestamps adjusted to UTC), which a warehouse compares and
-- filters as times; history.csv keeps them as RFC 3339 text in the site's time zone.
COPY (
    SELECT tenant, name, slug, month,
           CAST(period_from AS TIMESTAMPTZ) AS period_from, CAST(period_to AS TIMESTAMPTZ) AS period_to,
           metric, unit, value, unavailable
    FROM p_history
    ORDER BY tenant, month, position
) TO '/*path*/' (FORMAT parquet);
