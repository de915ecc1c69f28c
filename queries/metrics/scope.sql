-- The populations every metric of one period reads (m_params.period_from/period_to), as views
-- over the facts resolved at load (facts/*.sql): the metric queries filter the facts by period
-- and tenant as they scan them, so nothing is joined per period. The period and tenant are the
-- session variables of variables.sql (constants to DuckDB, so the filters reach the table
-- scans).

-- Whether a row of tenant t is in the tenant scope (m_tenant NULL: all tenants pooled). A macro
-- is written into each query where it is used, so the filter still reaches the table scans.
CREATE OR REPLACE TEMP MACRO m_in_tenant_scope(t) AS
    (getvariable('m_tenant') IS NULL OR t = getvariable('m_tenant'));

-- The scope key a row of tenant t counts for: its tenant when the aggregate queries give one row
-- per tenant (m_by_tenant: by_tenant.sql), else '*'. A session variable, which DuckDB folds into
-- a constant, rather than a subquery, which every query would join to each of its rows.
CREATE OR REPLACE TEMP MACRO m_scope_key(t) AS
    CASE WHEN getvariable('m_by_tenant') THEN t ELSE '*' END;

-- Whether the daily counts of UTC day `day_us` (facts/alert_days.sql) are among the period's
-- whole days [m_whole_from, m_whole_to).
CREATE OR REPLACE TEMP MACRO m_whole_day(day_us) AS
    (day_us >= epoch_us(getvariable('m_whole_from')) AND day_us < epoch_us(getvariable('m_whole_to')));

-- Incidents of the tenant scope (m_params.tenant, NULL = all tenants pooled), any period.
CREATE OR REPLACE TEMP VIEW m_all_incidents AS
SELECT *
FROM incident_facts
WHERE m_in_tenant_scope(tenant);

-- In-scope incidents (not merged, created_at in the period) with their durations in minutes.
-- Effective first activity: the incident's own first_activity_at, else the earliest
-- first_activity_at of its linked alerts (any period).
CREATE OR REPLACE TEMP VIEW m_period_incidents AS
WITH base AS (
    SELECT *,
           coalesce(first_activity_at, alerts_first_activity) AS eff_first_activity,
           bit_count(domain_bits & 255) AS n_domains
    FROM m_all_incidents
    WHERE NOT merged
      AND created_at >= getvariable('m_period_from')
      AND created_at < getvariable('m_period_to')
)
SELECT *,
       (epoch_us(created_at) - epoch_us(eff_first_activity)) / 60e6 AS mttd,
       (epoch_us(acknowledged_at) - epoch_us(created_at)) / 60e6 AS mtta,
       (epoch_us(contained_at) - epoch_us(created_at)) / 60e6 AS mttc,
       (epoch_us(closed_at) - epoch_us(created_at)) / 60e6 AS mttr
FROM base;

-- The populations the metric queries read: the in-scope rows with the scope key each counts
-- for (its tenant or '*', see by_tenant in params.sql; its month in a history:
-- scope_months.sql redefines these three views).
CREATE OR REPLACE TEMP VIEW m_incidents AS
SELECT *, m_scope_key(tenant) AS scope_key
FROM m_period_incidents;

-- Per domain of the linked alerts ('unknown' for an alert without one), the in-scope incidents
-- with at least one linked alert in it. domain_bits has bit i set for the (i + 1)-th name below
-- (facts/incident_facts.sql); the incidents are counted per set of bits first (at most 512
-- sets), so that no list is built per incident.
CREATE OR REPLACE TEMP VIEW m_incident_domains AS
SELECT d.domain, CAST(sum(g.n) AS BIGINT) AS incidents
FROM (SELECT domain_bits, count(*) AS n FROM m_incidents WHERE n_alerts > 0 GROUP BY domain_bits) AS g
JOIN (SELECT unnest(['identity', 'endpoint', 'cloud', 'email', 'network', 'application', 'data', 'other', 'unknown']) AS domain,
             unnest(range(9)) AS bit) AS d
  ON (g.domain_bits >> d.bit) & 1 = 1
GROUP BY d.domain;

-- In-scope alerts: created_at in the period, with the incident they count for, their effective
-- verdict and closer (facts/alert_facts.sql).
CREATE OR REPLACE TEMP VIEW m_period_alerts AS
SELECT *
FROM alert_facts
WHERE m_in_tenant_scope(tenant)
  AND created_at >= getvariable('m_period_from')
  AND created_at < getvariable('m_period_to');

-- Automation actions started in the period.
CREATE OR REPLACE TEMP VIEW m_period_automation AS
SELECT tenant, started_at, action, playbook, outcome, finished_at, approved_by, approved_at
FROM automation
WHERE m_in_tenant_scope(tenant)
  AND started_at >= getvariable('m_period_from')
  AND started_at < getvariable('m_period_to');

CREATE OR REPLACE TEMP VIEW m_alerts AS
SELECT *, m_scope_key(tenant) AS scope_key
FROM m_period_alerts;

CREATE OR REPLACE TEMP VIEW m_automation AS
SELECT *, m_scope_key(tenant) AS scope_key
FROM m_period_automation;

-- The in-scope alerts created in [lo, hi), one row each (n = 1), with the columns of the daily
-- counts (facts/alert_days.sql): what m_alert_groups reads from the alerts themselves (the part
-- days of a period here, every month of a history in scope_months.sql).
CREATE OR REPLACE TEMP MACRO m_alert_rows(lo, hi) AS TABLE
SELECT scope_key, rule_key, rule_name, eff_verdict, eff_closed_by, closed,
       linked_incident_id IS NOT NULL AS linked,
       rule_id IS NOT NULL AS with_rule_id,
       coalesce(len(techniques) > 0, false) AS with_techniques,
       domain, category, CAST(1 AS BIGINT) AS n, created_at AS latest
FROM m_alerts
WHERE created_at >= lo AND created_at < hi;

-- The ATT&CK items on in-scope true-positive alerts created in [lo, hi), one row per item of an
-- alert (n = 1), with the columns of facts/alert_day_attack.sql.
CREATE OR REPLACE TEMP MACRO m_alert_items(lo, hi) AS TABLE
SELECT scope_key, kind, name, CAST(1 AS BIGINT) AS n
FROM (
    SELECT scope_key, 'tactic' AS kind, unnest(tactics) AS name
    FROM m_alerts WHERE eff_verdict = 'true_positive' AND created_at >= lo AND created_at < hi
    UNION ALL
    SELECT scope_key, 'technique', unnest(techniques)
    FROM m_alerts WHERE eff_verdict = 'true_positive' AND created_at >= lo AND created_at < hi
);

-- The daily counts (facts/alert_days.sql) of the in-scope alerts of the whole UTC days in
-- [lo, hi), with the columns of m_alert_rows.
CREATE OR REPLACE TEMP MACRO m_day_groups(lo, hi) AS TABLE
SELECT m_scope_key(tenant) AS scope_key,
       rule_key, rule_name, eff_verdict, eff_closed_by, closed, linked, with_rule_id, with_techniques,
       domain, category, n, latest
FROM alert_days
WHERE m_in_tenant_scope(tenant)
  AND day_us >= epoch_us(lo) AND day_us < epoch_us(hi);

-- In-scope alerts counted per combination of what the alert counts read (rates.sql, rules.sql,
-- domains.sql, categories.sql), with n alerts and the latest creation time of each group: the
-- period's whole UTC months [m_months_from, m_months_to) from the monthly sums, its other whole
-- UTC days [m_whole_from, m_whole_to) from the daily counts, its part days at either end from
-- the alerts, one row each (the queries group them with the day rows, so a period read wholly
-- from the alerts, as a run on files is, costs what a plain count would). Sums of n over the
-- rows of a group are the period's counts.
CREATE OR REPLACE TEMP VIEW m_alert_groups AS
SELECT m_scope_key(tenant) AS scope_key,
       rule_key, rule_name, eff_verdict, eff_closed_by, closed, linked, with_rule_id, with_techniques,
       domain, category, n, latest
FROM alert_months
WHERE m_in_tenant_scope(tenant)
  AND month_us >= epoch_us(getvariable('m_months_from'))
  AND month_us < epoch_us(getvariable('m_months_to'))
UNION ALL
SELECT * FROM m_day_groups(getvariable('m_whole_from'), getvariable('m_months_from'))
UNION ALL
SELECT * FROM m_day_groups(getvariable('m_months_to'), getvariable('m_whole_to'))
UNION ALL
SELECT * FROM m_alert_rows(getvariable('m_period_from'), getvariable('m_whole_from'))
UNION ALL
SELECT * FROM m_alert_rows(getvariable('m_whole_to'), getvariable('m_period_to'));

-- ATT&CK tactics and techniques on in-scope true-positive alerts, with the number of such alerts
-- carrying each (n), from the same parts as m_alert_groups (facts/alert_day_attack.sql).
CREATE OR REPLACE TEMP VIEW m_alert_attack AS
SELECT m_scope_key(tenant) AS scope_key,
       kind, name, n
FROM alert_day_attack
WHERE m_in_tenant_scope(tenant)
  AND m_whole_day(day_us)
UNION ALL
SELECT * FROM m_alert_items(getvariable('m_period_from'), getvariable('m_whole_from'))
UNION ALL
SELECT * FROM m_alert_items(getvariable('m_whole_to'), getvariable('m_period_to'));
