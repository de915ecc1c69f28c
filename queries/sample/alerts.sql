-- Sample generator, step 3: alerts. Linked alerts belong to the incidents of step 2 (the first one
-- fires just before its incident is created; a cross-domain incident's second alert comes from
-- another domain's rule). Unlinked alerts fill the daily volume: the junk rules' noise and the
-- singletons nobody correlated. Verdicts, closers, ATT&CK tags and rule ids are present in the
-- stage's proportions; some linked alerts carry no verdict or closer and inherit their incident's.
CREATE OR REPLACE TEMP TABLE sample_alerts AS
WITH p AS (SELECT * FROM sp),
linked_rows AS (
    SELECT inc.*, unnest(range(inc.n_alerts)) AS j
    FROM sample_incidents inc
),
linked_keyed AS (
    SELECT l.*, l.i * 1000 + l.j AS k,
           CASE WHEN l.is_cross AND l.j = 1 THEN l.p_domain ELSE '*' END AS pick_from,
           CASE WHEN l.has_identity THEN 'any' ELSE 'nonid' END AS pick_pool
    FROM linked_rows l
),
linked AS (
    SELECT 'L' AS src, l.k,
           l.tenant, l.incident_id,
           coalesce(CASE WHEN l.is_cross AND l.j >= 1 THEN x.rule_id END, r.rule_id) AS rule_id,
           coalesce(CASE WHEN l.is_cross AND l.j >= 1 THEN x.rule_name END, r.rule_name) AS rule_name,
           coalesce(CASE WHEN l.is_cross AND l.j >= 1 THEN x.product END, r.product) AS product,
           coalesce(CASE WHEN l.is_cross AND l.j >= 1 THEN x.domain END, r.domain) AS domain,
           coalesce(CASE WHEN l.is_cross AND l.j >= 1 THEN x.tactic END, r.tactic) AS tactic,
           coalesce(CASE WHEN l.is_cross AND l.j >= 1 THEN x.technique END, r.technique) AS technique,
           l.severity,
           CASE WHEN l.fa_known AND (l.j = 0 OR sr_u(l.k, 41) < 0.5) THEN l.fa_at END AS first_activity_at,
           CASE WHEN l.j = 0 THEN l.created_at - INTERVAL 2 MINUTE
                ELSE l.created_at + to_microseconds(CAST(60e6 * sr_lognormal(l.k, 40, 20, 1.0) AS BIGINT)) END AS created_at,
           CASE WHEN l.is_closed THEN 'closed' ELSE 'active' END AS status,
           CASE WHEN l.is_closed AND sr_u(l.k, 42) < p.verdict_known * 0.7 THEN l.truth END AS verdict,
           CASE WHEN l.is_closed THEN l.closed_at END AS closed_at,
           CASE WHEN l.is_closed AND sr_u(l.k, 43) < 0.6 THEN l.closed_by END AS closed_by,
           CASE WHEN l.has_identity AND (l.j = 0 OR sr_u(l.k, 45) < 0.5) THEN l.user_name || '@contoso.example' END AS entity_user,
           sr_u(l.k, 44) AS u_rule_id, sr_w(l.k, 0.3588989435406736) AS u_tech, sr_u(l.k, 46) AS u_entity
    FROM linked_keyed l
    CROSS JOIN p
    JOIN sample_rules r ON r.rule_id = l.p_rule_id
    LEFT JOIN sample_pool_sizes z
      ON l.is_cross AND l.j >= 1 AND z.pool = l.pick_pool AND z.from_domain = l.pick_from
    LEFT JOIN sample_rule_pool x
      ON x.pool = z.pool AND x.from_domain = z.from_domain
     AND x.idx = CAST(floor(sr_u(l.k, 47) * z.n) AS BIGINT)
),
volume AS (
    SELECT greatest(0, CAST(round(p.alerts_per_day * date_diff('day', p.start_at, p.end_at)) AS BIGINT)
                       - (SELECT count(*) FROM linked)) AS n_unlinked,
           CAST(round(p.alerts_per_day * date_diff('day', p.start_at, p.end_at)) AS DOUBLE) AS n_total
    FROM p
),
unlinked_placed AS (
    SELECT r.u, d.day, d.months_before_end
    FROM (SELECT range AS u, (range + 0.5) / (SELECT n_unlinked FROM volume) AS pos
          FROM range((SELECT n_unlinked FROM volume))) r
    ASOF JOIN sample_days d ON r.pos >= d.cum_start
),
unlinked_drawn AS (
    SELECT u.*, 100000000000 + u.u AS k,
           sr_w(u.u, 0.8556546004010441) < p.junk_share * v.n_total / greatest(v.n_unlinked, 1) AS junk,
           u.day + to_microseconds(CAST(60e6 * CASE WHEN sr_u(u.u, 51) < 0.7 THEN 480 + 600 * sr_u(u.u, 52)
                                                    ELSE 1440 * sr_u(u.u, 52) END AS BIGINT)) AS created_at,
           sr_u(u.u, 53) AS u_verdict, sr_u(u.u, 54) AS u_class, sr_u(u.u, 55) AS u_closed,
           pow(1 + p.monthly_improvement, u.months_before_end) AS slower
    FROM unlinked_placed u, p, volume v
),
unlinked AS (
    SELECT 'U' AS src, d.k, p.tenant, NULL AS incident_id,
           r.rule_id, r.rule_name, r.product, r.domain, r.tactic, r.technique,
           CASE WHEN d.junk THEN (CASE WHEN sr_u(d.u, 56) < 0.6 THEN 'informational' ELSE 'low' END)
                ELSE (CASE WHEN sr_u(d.u, 56) < 0.3 THEN 'low' WHEN sr_u(d.u, 56) < 0.8 THEN 'medium' ELSE 'high' END) END AS severity,
           d.created_at - to_microseconds(CAST(60e6 * sr_lognormal(d.u, 57, p.mttd_minutes / 2, 1.0) AS BIGINT)) AS first_activity_at,
           d.created_at,
           d.created_at + to_microseconds(CAST(60e6 * sr_lognormal(d.u, 58, 90 * d.slower, 1.0) AS BIGINT)) AS closed_true,
           CASE WHEN d.junk THEN (CASE WHEN d.u_class < 0.72 THEN 'false_positive' WHEN d.u_class < 0.97 THEN 'benign_positive' ELSE 'true_positive' END)
                WHEN d.u_class < p.unlinked_noise THEN (CASE WHEN sr_u(d.u, 59) < 0.6 THEN 'false_positive' ELSE 'benign_positive' END)
                ELSE 'true_positive' END AS truth,
           d.u_verdict < p.verdict_known AS verdict_known,
           CASE WHEN sr_u(d.u, 60) < p.automation_close
                THEN CASE WHEN sr_u(d.u, 61) < p.ai_close_share THEN 'ai' ELSE 'automation' END
                ELSE 'human' END AS closer,
           d.u_closed < 0.9 AS closer_known,
           CASE WHEN r.domain IN ('identity', 'email') THEN (SELECT users FROM sample_names)[1 + CAST(floor(sr_u(d.u, 62) * 16) AS INTEGER)] || '@contoso.example' END AS entity_user,
           sr_u(d.u, 63) AS u_rule_id, sr_w(d.u, 0.4031242374328486) AS u_tech, sr_u(d.u, 64) AS u_entity,
           p.end_at
    FROM unlinked_drawn d
    CROSS JOIN p
    JOIN sample_pool_sizes z
      ON z.pool = CASE WHEN d.junk THEN 'junk' ELSE 'any' END AND z.from_domain = '*'
    JOIN sample_rule_pool r
      ON r.pool = z.pool AND r.from_domain = '*'
     AND r.idx = CAST(floor(sr_u(d.u, 65) * z.n) AS BIGINT)
),
unlinked_final AS (
    SELECT src, k, tenant, incident_id, rule_id, rule_name, product, domain, tactic, technique, severity,
           first_activity_at, created_at,
           CASE WHEN closed_true <= end_at THEN 'closed' ELSE 'new' END AS status,
           CASE WHEN closed_true <= end_at AND verdict_known THEN truth END AS verdict,
           CASE WHEN closed_true <= end_at THEN closed_true END AS closed_at,
           CASE WHEN closed_true <= end_at AND closer_known THEN closer END AS closed_by,
           entity_user, u_rule_id, u_tech, u_entity
    FROM unlinked
),
everything AS (
    SELECT * FROM linked
    UNION ALL
    SELECT * FROM unlinked_final
)
-- Ids come from the generator's keys, not from a sort: AL-L<incident row>-<n> for linked
-- alerts, AL-U<n> for the others. The export orders rows by time.
SELECT CASE WHEN e.src = 'L' THEN 'AL-L' || lpad(CAST(e.k // 1000 + 1 AS VARCHAR), 8, '0') || '-' || CAST(e.k % 1000 + 1 AS VARCHAR)
            ELSE 'AL-U' || lpad(CAST(e.k - 100000000000 + 1 AS VARCHAR), 9, '0') END AS alert_id,
       e.tenant, e.incident_id, e.rule_name AS title,
       CASE WHEN e.u_rule_id < p.rule_id_known THEN e.rule_id END AS rule_id,
       e.rule_name, e.product, e.domain, e.severity, e.first_activity_at, e.created_at, e.status, e.verdict,
       e.closed_at, e.closed_by,
       CASE WHEN e.u_tech < p.techniques_known THEN e.tactic END AS tactics,
       CASE WHEN e.u_tech < p.techniques_known THEN e.technique END AS techniques,
       e.entity_user,
       CASE WHEN e.domain IN ('endpoint', 'application', 'identity')
            THEN 'WS-' || lpad(CAST(100 + CAST(floor(e.u_entity * 900) AS INTEGER) AS VARCHAR), 4, '0') END AS entity_host,
       CASE WHEN e.domain IN ('network', 'cloud', 'identity')
            THEN '10.' || CAST(CAST(floor(e.u_entity * 250) AS INTEGER) AS VARCHAR) || '.'
                 || CAST(CAST(floor(sr_u(e.k, 66) * 250) AS INTEGER) AS VARCHAR) || '.' || CAST(1 + CAST(floor(sr_u(e.k, 67) * 250) AS INTEGER) AS VARCHAR) END AS entity_ip,
       e.k, e.src
FROM everything e, p
WHERE e.created_at < p.end_at;
