-- Weekly series over the period: incidents and alerts created in each week, the MTTR median of
-- the week's incidents (closed_at − created_at, non-negative, linear-interpolated median) and
-- the noise ratio of the week's alerts (effective verdict FP or BP / with an effective verdict).
WITH inc AS (
    SELECT b.label,
           count(i.incident_id) AS incidents,
           quantile_cont(i.mttr, 0.5) FILTER (WHERE i.mttr >= 0) AS mttr_median_minutes,
           count(i.incident_id) FILTER (WHERE i.closed_at IS NOT NULL) AS closed
    FROM m_buckets b
    LEFT JOIN m_incidents i ON i.created_at >= b.bucket_from AND i.created_at < b.bucket_to
    GROUP BY b.label
),
al AS (
    SELECT b.label,
           count(a.created_at) AS alerts,
           count(a.created_at) FILTER (WHERE a.eff_verdict IN ('false_positive', 'benign_positive')) AS noisy,
           count(a.created_at) FILTER (WHERE a.eff_verdict IS NOT NULL) AS with_verdict,
           count(a.created_at) FILTER (WHERE a.eff_closed_by IN ('automation', 'ai')) AS closed_by_machine,
           count(a.created_at) FILTER (WHERE a.eff_closed_by IS NOT NULL) AS with_closed_by
    FROM m_buckets b
    LEFT JOIN m_alerts a ON a.created_at >= b.bucket_from AND a.created_at < b.bucket_to
    GROUP BY b.label
)
SELECT b.label AS week,
       inc.incidents, al.alerts, inc.mttr_median_minutes,
       al.noisy, al.with_verdict, al.closed_by_machine, al.with_closed_by
FROM m_buckets b JOIN inc USING (label) JOIN al USING (label)
ORDER BY b.bucket_from;
