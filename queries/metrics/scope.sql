-- The populations every metric of one period reads (m_params.period_from/period_to), as views
-- over the facts resolved at load (facts/*.sql): the metric queries filter the facts by period
-- and tenant as they scan them, so nothing is joined per period. The period and tenant are the
-- session variables of variables.sql (constants to DuckDB, so the filters reach the table
-- scans).

-- Incidents of the tenant scope (m_params.tenant, NULL = all tenants pooled), any period.
CREATE OR REPLACE TEMP VIEW m_all_incidents AS
SELECT *
FROM incident_facts
WHERE getvariable('m_tenant') IS NULL OR tenant = getvariable('m_tenant');

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
SELECT *, CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key
FROM m_period_incidents;

-- The in-scope incidents with at least one linked alert, with the names of the domains seen
-- ('unknown' for an alert without a domain).
CREATE OR REPLACE TEMP VIEW m_incident_alerts AS
SELECT tenant, incident_id, n_alerts, n_domains, identity_context,
       list_filter(['identity', 'endpoint', 'cloud', 'email', 'network', 'application', 'data', 'other', 'unknown'],
                   lambda name, i: (domain_bits >> (i - 1)) & 1 = 1) AS domains
FROM m_incidents
WHERE n_alerts > 0;

-- In-scope alerts: created_at in the period, with the incident they count for, their effective
-- verdict and closer (facts/alert_facts.sql).
CREATE OR REPLACE TEMP VIEW m_period_alerts AS
SELECT *
FROM alert_facts
WHERE (getvariable('m_tenant') IS NULL OR tenant = getvariable('m_tenant'))
  AND created_at >= getvariable('m_period_from')
  AND created_at < getvariable('m_period_to');

-- Automation actions started in the period.
CREATE OR REPLACE TEMP VIEW m_period_automation AS
SELECT tenant, started_at, action, playbook, outcome, finished_at, approved_by, approved_at
FROM automation
WHERE (getvariable('m_tenant') IS NULL OR tenant = getvariable('m_tenant'))
  AND started_at >= getvariable('m_period_from')
  AND started_at < getvariable('m_period_to');

CREATE OR REPLACE TEMP VIEW m_alerts AS
SELECT *, CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key
FROM m_period_alerts;

CREATE OR REPLACE TEMP VIEW m_automation AS
SELECT *, CASE WHEN (SELECT by_tenant FROM m_params) THEN tenant ELSE '*' END AS scope_key
FROM m_period_automation;
