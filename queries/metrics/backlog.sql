-- backlog: non-merged incidents created before the period end and not closed before it
-- (closed_at missing or ≥ period end), whatever their creation date: the open queue at the end
-- of the period. An incident marked closed without a closed_at counts as open, because when it
-- closed is unknown (the data-quality section counts these).
--
-- backlog_ageing: the same incidents by age at the period end (period end − created_at, exact
-- time, 1 d = 24 h), in half-open buckets [0, 1 d), [1 d, 3 d), [3 d, 7 d), [7 d, 30 d),
-- [30 d, ∞): the columns age_1d … age_over_30d, which add up to backlog.
--
-- One row per scope key: the end of each period of m_periods (each month of a history, keyed by
-- it), else of the one period, keyed by tenant or '*' (by_tenant in params.sql). The session
-- variables bound the scan: nothing created after the last end, nothing closed before the first.
WITH open_at_end AS (
    SELECT coalesce(p.scope_key, m_scope_key(i.tenant)) AS scope_key,
           epoch_us(p.period_to) - epoch_us(i.created_at) AS age_us
    FROM m_all_incidents i
    JOIN m_periods p ON p.period_to > i.created_at
                    AND p.period_to <= coalesce(i.closed_at, CAST('infinity' AS TIMESTAMPTZ))
    WHERE NOT i.merged
      AND i.created_at < getvariable('m_period_to')
      AND (i.closed_at IS NULL OR i.closed_at >= getvariable('m_first_end'))
)
SELECT scope_key,
       count(*) AS backlog,
       count(*) FILTER (WHERE age_us < 1 * 86400000000) AS age_1d,
       count(*) FILTER (WHERE age_us >= 1 * 86400000000 AND age_us < 3 * 86400000000) AS age_3d,
       count(*) FILTER (WHERE age_us >= 3 * 86400000000 AND age_us < 7 * 86400000000) AS age_7d,
       count(*) FILTER (WHERE age_us >= 7 * 86400000000 AND age_us < 30 * 86400000000) AS age_30d,
       count(*) FILTER (WHERE age_us >= 30 * 86400000000) AS age_over_30d
FROM open_at_end
GROUP BY scope_key
ORDER BY scope_key;
