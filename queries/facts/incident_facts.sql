-- incident_facts: every incident with what the metrics of any period read about it, resolved
-- once per load (load/… then facts/…) instead of once per metrics run: on a database of
-- millions of alerts, a report then filters these rows by period and tenant rather than joining
-- the alerts to the incidents again.
--
-- Merged incidents: an incident is merged when status = 'redirected' or redirected_to is set.
-- Merged incidents are excluded from every incident metric; an alert linked to a merged incident
-- counts for the incident it was merged into (following chains of merges up to 100 steps; a chain
-- that ends nowhere, loops, or is longer leaves the alert unlinked: the cap bounds the work a
-- hostile export of long chains can cause, each merged incident walking at most 100 rows). Links never cross tenants, so facts
-- resolved over all tenants equal those of each tenant alone.
--
-- Per non-merged incident, from its linked alerts (any period): n_alerts, the earliest alert
-- first_activity_at, the domains seen as a bit set (one bit per domain in the order identity,
-- endpoint, cloud, email, network, application, data, other; 256 = an alert without a domain; a
-- bit OR aggregates far faster than a DISTINCT), and identity context (an alert in the identity
-- domain, or whose entity_user names a person: sg_is_person in facts/identities.sql). enriched:
-- enrichment or triage automation (any period) ran on the incident, directly or through one of
-- its alerts.
--
-- title: as loaded (the highlights read it). owner_text: the owner as the export names it, with
-- every run of whitespace made one space and the ends trimmed (NULL when empty); owner_key: its
-- lower case, the owner the workload counts (names that differ only in case are one owner), NULL
-- for no owner or a placeholder that names nobody (`-`, `none`, `n/a`, `unassigned`, `unknown`,
-- …): the workload's `unassigned`. Resolved here once per incident, not on every metrics run. eff_category: the incident's
-- own category, else the category most of its linked alerts (any period) carry, spellings that
-- differ only in case counted as one (of two as frequent, the first in text order of its lower
-- case), else NULL.
--
-- A load into a database whose facts are current computes only the incidents in
-- fact_scope_incidents (facts/scope_incidents.sql): facts.rs fills /*in scope: …*/ with the filters that
-- say so, and writes the rows in place of the stored ones; otherwise every incident.
CREATE OR REPLACE TABLE incident_facts AS
WITH RECURSIVE all_incidents AS (
    SELECT tenant, incident_id, severity, status, classification, first_activity_at,
           created_at, acknowledged_at, contained_at, closed_at, closed_by, ai_assisted, redirected_to,
           owner_text,
           CASE WHEN lower(owner_text) NOT IN ('-', '--', '?', 'n/a', 'na', 'none', 'null', 'nil', 'nobody',
                                               'unassigned', 'not assigned', 'unknown', 'undefined')
                THEN lower(owner_text) END AS owner_key,
           title, category,
           (coalesce(status = 'redirected', false) OR redirected_to IS NOT NULL) AS merged
    FROM (SELECT *, nullif(trim(regexp_replace(coalesce(owner, ''), '\s+', ' ', 'g')), '') AS owner_text
          FROM incidents)
),
walk(tenant, incident_id, target, depth) AS (
    SELECT tenant, incident_id, redirected_to, 1 FROM all_incidents WHERE merged
    UNION ALL
    SELECT w.tenant, w.incident_id, n.redirected_to, w.depth + 1
    FROM walk w
    JOIN all_incidents n ON n.tenant = w.tenant AND n.incident_id = w.target
    WHERE n.merged AND w.depth < 100
      -- a loop back to where the walk started resolves nowhere: stop there, not at the cap
      AND n.redirected_to IS DISTINCT FROM w.incident_id
),
resolved AS (
    SELECT w.tenant, w.incident_id,
           CASE WHEN t.incident_id IS NOT NULL AND NOT t.merged THEN t.incident_id END AS final_id
    FROM walk w
    LEFT JOIN all_incidents t ON t.tenant = w.tenant AND t.incident_id = w.target
    QUALIFY row_number() OVER (PARTITION BY w.tenant, w.incident_id ORDER BY w.depth DESC) = 1
    UNION ALL
    SELECT tenant, incident_id, incident_id FROM all_incidents WHERE NOT merged
),
-- The incidents whose linked alerts and automation are aggregated: those resolved to an
-- incident being computed.
counted AS (
    SELECT tenant, incident_id, final_id
    FROM resolved
    WHERE final_id IS NOT NULL /*in scope: counted*/
),
-- Whether each alert user names a person, once per distinct name.
people AS (
    SELECT name, sg_is_person(name) AS person
    FROM (SELECT DISTINCT entity_user AS name FROM alerts WHERE entity_user IS NOT NULL /*in scope: people*/)
),
linked AS (
    SELECT a.tenant, r.final_id,
           count(*) AS n_alerts,
           min(a.first_activity_at) AS alerts_first_activity,
           bit_or(CASE a.domain WHEN 'identity' THEN 1 WHEN 'endpoint' THEN 2 WHEN 'cloud' THEN 4
                                WHEN 'email' THEN 8 WHEN 'network' THEN 16 WHEN 'application' THEN 32
                                WHEN 'data' THEN 64 WHEN 'other' THEN 128 ELSE 256 END) AS domain_bits,
           bool_or(a.domain = 'identity' OR coalesce(p.person, false)) AS identity_context
    FROM alerts a
    JOIN counted r ON r.tenant = a.tenant AND r.incident_id = a.incident_id
    LEFT JOIN people p ON p.name = a.entity_user
    GROUP BY a.tenant, r.final_id
),
-- The vote counts spellings that differ only in case as one category (`phishing`, `Phishing`:
-- one category, as categories.sql shows them), and the winner is written in its most frequent
-- spelling among those alerts.
alert_category AS (
    SELECT tenant, final_id, category
    FROM (
        SELECT a.tenant, r.final_id, a.category, count(*) AS spelling_n,
               sum(count(*)) OVER (PARTITION BY a.tenant, r.final_id, lower(a.category)) AS category_n
        FROM alerts a
        JOIN counted r ON r.tenant = a.tenant AND r.incident_id = a.incident_id
        WHERE a.category IS NOT NULL
        GROUP BY a.tenant, r.final_id, a.category
    )
    QUALIFY row_number() OVER (PARTITION BY tenant, final_id
                               ORDER BY category_n DESC, lower(category), spelling_n DESC, category) = 1
),
enriched AS (
    SELECT DISTINCT tenant, final_id FROM (
        SELECT au.tenant, r.final_id
        FROM automation au
        JOIN counted r ON r.tenant = au.tenant AND r.incident_id = au.incident_id
        WHERE au.action IN ('enrich', 'triage')
        UNION ALL
        SELECT au.tenant, r.final_id
        FROM automation au
        JOIN alerts a ON a.tenant = au.tenant AND a.alert_id = au.alert_id
        JOIN counted r ON r.tenant = a.tenant AND r.incident_id = a.incident_id
        WHERE au.action IN ('enrich', 'triage') AND au.alert_id IS NOT NULL
    )
)
SELECT i.*,
       r.final_id,
       fi.classification AS final_classification,
       fi.closed_by AS final_closed_by,
       fi.created_at AS final_created_at,
       coalesce(fi.status = 'closed', false) OR fi.closed_at IS NOT NULL AS final_closed,
       coalesce(l.n_alerts, 0) AS n_alerts,
       l.alerts_first_activity,
       coalesce(l.domain_bits, 0) AS domain_bits,
       coalesce(l.identity_context, false) AS identity_context,
       e.final_id IS NOT NULL AS enriched,
       coalesce(i.category, ac.category) AS eff_category
FROM all_incidents i
LEFT JOIN resolved r ON r.tenant = i.tenant AND r.incident_id = i.incident_id
LEFT JOIN all_incidents fi ON fi.tenant = r.tenant AND fi.incident_id = r.final_id
LEFT JOIN linked l ON NOT i.merged AND l.tenant = i.tenant AND l.final_id = i.incident_id
LEFT JOIN alert_category ac ON NOT i.merged AND ac.tenant = i.tenant AND ac.final_id = i.incident_id
LEFT JOIN enriched e ON NOT i.merged AND e.tenant = i.tenant AND e.final_id = i.incident_id
/*in scope: incidents*/
-- Stored in creation order in a database file: each row group then spans a short stretch of
-- time, so the min/max DuckDB keeps per row group lets a period's scan skip the groups outside
-- it. facts.rs fills the clause; a run on files, measured once, keeps the files' order unsorted.
/*stored order*/;
