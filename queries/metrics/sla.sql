-- Service-level compliance per scope key and severity × target of the targets file ($1, JSON:
-- [{"ord", "severity", "target": acknowledge|contain|resolve, "hours": calendar|business,
-- "minutes"}]). Population: the in-scope incidents of that severity whose matching duration
-- metric (mtta, mttc, mttr) is measured (both ends known, not negative); the duration is read in
-- calendar or business time (business.sql) as the target says. met: duration ≤ target;
-- breached: duration > target; median_overrun_minutes: median of (duration − target) over the
-- breaches (NULL without any).
-- open_past_target: incidents of the backlog at the period end (backlog.sql: not merged, created
-- before the end, not closed before it; any creation date) whose target event had not happened
-- by the end (acknowledgement or containment missing or later; for resolve, every open one) and
-- whose time since creation up to the end (calendar or business) is already above the target.
-- Rows only for scope keys and targets with an incident to count; the caller fills the zeros.
WITH t AS (
    SELECT unnest(from_json($1, '[{"ord": "INTEGER", "severity": "VARCHAR", "target": "VARCHAR", "hours": "VARCHAR", "minutes": "DOUBLE"}]'), recursive := true)
),
i AS (
    SELECT *
    FROM m_incidents_business
),
d AS (
    SELECT scope_key, severity, 'acknowledge' AS target, mtta AS calendar_minutes, mtta_business AS business_minutes FROM i
    UNION ALL SELECT scope_key, severity, 'contain', mttc, mttc_business FROM i
    UNION ALL SELECT scope_key, severity, 'resolve', mttr, mttr_business FROM i
),
measured AS (
    SELECT d.scope_key, t.ord, t.minutes AS target_minutes,
           CASE t.hours WHEN 'business' THEN d.business_minutes ELSE d.calendar_minutes END AS minutes
    FROM d
    JOIN t ON d.severity = t.severity AND d.target = t.target
    WHERE d.calendar_minutes >= 0
),
compliance AS (
    SELECT scope_key, ord,
           count(*) AS n,
           count(*) FILTER (WHERE minutes <= target_minutes) AS met,
           count(*) FILTER (WHERE minutes > target_minutes) AS breached,
           quantile_cont(minutes - target_minutes, 0.5) FILTER (WHERE minutes > target_minutes) AS median_overrun_minutes
    FROM measured
    GROUP BY scope_key, ord
),
period_end AS (
    SELECT m_work_us(p.period_to, w.start_us, w.end_us, w.before_us) AS work_us
    FROM (SELECT period_to, epoch_us(period_to) AS to_us FROM m_params) p
    ASOF LEFT JOIN m_work_intervals w ON p.to_us >= w.start_us
),
open_incidents AS (
    SELECT m_scope_key(o.tenant) AS scope_key,
           o.severity, o.acknowledged_at, o.contained_at,
           (epoch_us(getvariable('m_period_to')) - o.created_us) / 60e6 AS calendar_minutes,
           ((SELECT work_us FROM period_end) - m_work_us(o.created_at, w.start_us, w.end_us, w.before_us)) / 60e6 AS business_minutes
    FROM (
        SELECT *, epoch_us(created_at) AS created_us
        FROM m_all_incidents
        WHERE NOT merged
          AND created_at < getvariable('m_period_to')
          AND (closed_at IS NULL OR closed_at >= getvariable('m_period_to'))
    ) o
    ASOF LEFT JOIN m_work_intervals w ON o.created_us >= w.start_us
),
past AS (
    SELECT o.scope_key, t.ord, count(*) AS open_past_target
    FROM open_incidents o
    JOIN t ON o.severity = t.severity
    WHERE (t.target = 'resolve'
           OR (t.target = 'acknowledge' AND (o.acknowledged_at IS NULL OR o.acknowledged_at >= getvariable('m_period_to')))
           OR (t.target = 'contain' AND (o.contained_at IS NULL OR o.contained_at >= getvariable('m_period_to'))))
      AND CASE t.hours WHEN 'business' THEN o.business_minutes ELSE o.calendar_minutes END > t.minutes
    GROUP BY o.scope_key, t.ord
)
SELECT coalesce(c.scope_key, p.scope_key) AS scope_key,
       coalesce(c.ord, p.ord) AS ord,
       coalesce(c.n, 0) AS n,
       coalesce(c.met, 0) AS met,
       coalesce(c.breached, 0) AS breached,
       c.median_overrun_minutes,
       coalesce(p.open_past_target, 0) AS open_past_target
FROM compliance c
FULL OUTER JOIN past p ON c.scope_key = p.scope_key AND c.ord = p.ord
ORDER BY scope_key, ord;
