-- Weekly series over the period: incidents and alerts created in each week, the MTTR median of
-- the week's incidents (closed_at − created_at, non-negative, linear-interpolated median) and
-- the noise ratio of the week's alerts (effective verdict FP or BP / with an effective verdict).
--
-- Alerts are first counted per slot of time (an hour, else a minute, else a microsecond: the
-- longest slot that every week boundary is a multiple of), so that a slot lies wholly inside one
-- week and millions of alerts meet the weeks as a few hundred slots. With hour slots, a database
-- file's hourly counts (facts/alert_hours.sql) stand for its alerts (m_week_hours: buckets.sql).
WITH inc AS (
    SELECT b.label,
           count(i.incident_id) AS incidents,
           quantile_cont(i.mttr, 0.5) FILTER (WHERE i.mttr >= 0) AS mttr_median_minutes,
           count(i.incident_id) FILTER (WHERE i.closed_at IS NOT NULL) AS closed
    FROM m_buckets b
    LEFT JOIN m_incidents i ON i.created_at >= b.bucket_from AND i.created_at < b.bucket_to
    GROUP BY b.label
),
grain AS (
    SELECT CASE WHEN bool_and(epoch_us(bucket_from) % 3600000000 = 0 AND epoch_us(bucket_to) % 3600000000 = 0) THEN 3600000000
                WHEN bool_and(epoch_us(bucket_from) % 60000000 = 0 AND epoch_us(bucket_to) % 60000000 = 0) THEN 60000000
                ELSE 1
           END AS us
    FROM m_buckets
),
units AS (
    SELECT h.hour_us AS slot_us, h.eff_verdict, h.eff_closed_by, h.n
    FROM alert_hours h
    WHERE getvariable('m_week_hours')
      AND m_in_tenant_scope(h.tenant)
      AND h.hour_us >= epoch_us(getvariable('m_period_from'))
      AND h.hour_us < epoch_us(getvariable('m_period_to'))
    UNION ALL
    SELECT epoch_us(a.created_at) - ((epoch_us(a.created_at) % g.us) + g.us) % g.us AS slot_us,
           a.eff_verdict, a.eff_closed_by, CAST(1 AS BIGINT) AS n
    FROM m_alerts a, grain g
    WHERE NOT getvariable('m_week_hours')
),
slots AS (
    SELECT slot_us,
           sum(n) AS alerts,
           coalesce(sum(n) FILTER (WHERE eff_verdict IN ('false_positive', 'benign_positive')), 0) AS noisy,
           coalesce(sum(n) FILTER (WHERE eff_verdict IS NOT NULL), 0) AS with_verdict,
           coalesce(sum(n) FILTER (WHERE eff_closed_by IN ('automation', 'ai')), 0) AS closed_by_machine,
           coalesce(sum(n) FILTER (WHERE eff_closed_by IS NOT NULL), 0) AS with_closed_by
    FROM units
    GROUP BY slot_us
),
al AS (
    SELECT b.label,
           CAST(coalesce(sum(s.alerts), 0) AS BIGINT) AS alerts,
           CAST(coalesce(sum(s.noisy), 0) AS BIGINT) AS noisy,
           CAST(coalesce(sum(s.with_verdict), 0) AS BIGINT) AS with_verdict,
           CAST(coalesce(sum(s.closed_by_machine), 0) AS BIGINT) AS closed_by_machine,
           CAST(coalesce(sum(s.with_closed_by), 0) AS BIGINT) AS with_closed_by
    FROM m_buckets b
    LEFT JOIN slots s ON s.slot_us >= epoch_us(b.bucket_from) AND s.slot_us < epoch_us(b.bucket_to)
    GROUP BY b.label
)
SELECT b.label AS week,
       inc.incidents, al.alerts, inc.mttr_median_minutes,
       al.noisy, al.with_verdict, al.closed_by_machine, al.with_closed_by
FROM m_buckets b JOIN inc USING (label) JOIN al USING (label)
ORDER BY b.bucket_from;
