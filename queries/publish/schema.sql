-- What `socgauge publish` keeps between runs, per site (the site folder's absolute path): each
-- published tenant-month's fingerprint and summary, and its rows of history.csv/.parquet. A
-- tenant-month whose fingerprint is unchanged is copied from the previous site, not rendered.
CREATE TABLE IF NOT EXISTS publish_pages (
    site        VARCHAR NOT NULL,
    tenant      VARCHAR NOT NULL,
    month       VARCHAR NOT NULL,  -- YYYY-MM in the configured zone
    fingerprint VARCHAR NOT NULL,
    summary     VARCHAR            -- JSON (stage, previous stage, key metrics); NULL: no data
);

CREATE TABLE IF NOT EXISTS publish_history (
    site        VARCHAR NOT NULL,
    tenant      VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    slug        VARCHAR NOT NULL,
    month       VARCHAR NOT NULL,
    period_from VARCHAR NOT NULL,
    period_to   VARCHAR NOT NULL,
    position    INTEGER NOT NULL,  -- the metric's place in the catalog
    metric      VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,
    value       DOUBLE,            -- headline: a count, a share, a median in minutes, a change
    unavailable VARCHAR            -- why the exports cannot give it, when they cannot
);
