-- workload: who handles the incidents of the scope. Every non-merged incident counts for exactly
-- one row: `automation` or `ai` when it is closed (a closed_at) and its closed_by says a machine
-- closed it (the machine handled it whatever owner it carries; a closed_by left on an incident
-- that is open again closed nothing), else its owner (kind `owner`: an analyst or a queue, as the
-- export names it, with every run of whitespace made one space; names that differ only in case
-- are one owner, shown in the spelling most of its incidents carry, of two as frequent the first
-- in text order), else `unassigned` (no owner, or a placeholder such as `-`, `none`, `n/a`,
-- `unassigned`, `unknown`: owner_text and owner_key in facts/incident_facts.sql).
--   assigned      in-scope incidents (created in the period) counting for the row: the rows add
--                 up to the `incidents` metric
--   closed        incidents counting for the row with closed_at in the period, created in it or
--                 any time before its end: the work finished in the period (an incident created
--                 after the period but closed in it, a clock error, counts nowhere)
--   mtta / mttr   n and median (linear-interpolated) of created → acknowledged / closed over the
--                 row's in-scope incidents, as the mtta and mttr metrics (non-negative, both ends
--                 known): the rows' n add up to those metrics' n
--   open_at_end   incidents counting for the row in the backlog at the period end (backlog.sql):
--                 the rows add up to `backlog`
-- A row with none of the four counts is left out. One set of rows per scope key: each period of
-- m_periods (each month of a history, keyed by it), else the one period, keyed by tenant or '*'
-- (by_tenant in params.sql). Ordered by assigned (most first), then owner, then kind.
WITH touching AS (
    -- The incidents that can count for a period of m_periods (the session variables span them
    -- all), with the last instant they are known open: none while open, else the later of
    -- creation and closing.
    SELECT i.tenant, i.closed_by, i.created_at, i.acknowledged_at, i.closed_at,
           i.owner_text, i.owner_key,
           CASE WHEN i.closed_at IS NULL THEN CAST('infinity' AS TIMESTAMPTZ)
                ELSE greatest(i.created_at, i.closed_at) END AS live_until
    FROM m_all_incidents i
    WHERE NOT i.merged
      AND i.created_at < getvariable('m_period_to')
      AND (i.created_at >= getvariable('m_period_from') OR i.closed_at IS NULL
           OR i.closed_at >= getvariable('m_period_from'))
),
base AS (
    -- An incident counts for a period it was created before the end of, and created, closed or
    -- open in (created in it, closed after its start, or not closed).
    SELECT coalesce(p.scope_key, m_scope_key(i.tenant)) AS scope_key,
           p.period_from, p.period_to,
           i.closed_by, i.created_at, i.acknowledged_at, i.closed_at, i.owner_text, i.owner_key,
           i.created_at >= p.period_from AS in_period
    FROM touching i
    JOIN m_periods p ON p.period_to > i.created_at AND p.period_from <= i.live_until
),
rows AS (
    SELECT scope_key, period_from, period_to,
           CASE WHEN closed_at IS NOT NULL AND closed_by IN ('automation', 'ai') THEN closed_by
                WHEN owner_key IS NULL THEN 'unassigned'
                ELSE 'owner' END AS kind,
           owner_text, owner_key, created_at, closed_at, in_period,
           (epoch_us(acknowledged_at) - epoch_us(created_at)) / 60e6 AS mtta,
           (epoch_us(closed_at) - epoch_us(created_at)) / 60e6 AS mttr
    FROM base
)
SELECT scope_key, kind,
       -- The owner's spelling: the most frequent of its rows' (histogram: spelling → rows), of
       -- two as frequent the first in text order (structs sort field by field).
       CASE WHEN kind = 'owner'
            THEN list_sort(list_transform(map_entries(histogram(owner_text)),
                                          lambda e: {'rows': -CAST(e.value AS BIGINT), 'spelling': e.key}))[1].spelling
            ELSE kind END AS owner,
       count(*) FILTER (WHERE in_period) AS assigned,
       count(*) FILTER (WHERE closed_at >= period_from AND closed_at < period_to) AS closed,
       count(*) FILTER (WHERE in_period AND mtta >= 0) AS mtta_n,
       quantile_cont(mtta, 0.5) FILTER (WHERE in_period AND mtta >= 0) AS mtta_median_minutes,
       count(*) FILTER (WHERE in_period AND mttr >= 0) AS mttr_n,
       quantile_cont(mttr, 0.5) FILTER (WHERE in_period AND mttr >= 0) AS mttr_median_minutes,
       count(*) FILTER (WHERE closed_at IS NULL OR closed_at >= period_to) AS open_at_end
FROM rows
GROUP BY scope_key, kind, CASE WHEN kind = 'owner' THEN owner_key END
HAVING assigned + closed + open_at_end > 0
ORDER BY scope_key, assigned DESC, owner, kind;
