-- Sample generator, step 2: incidents. Each incident is placed on a day (weekdays busier), at a
-- time of day (70% in working hours), and given the stage's shares of known timestamps,
-- classifications, identity context, cross-domain correlation and merges, plus log-normal
-- durations that improve a little every month. Anything that would happen after the export
-- moment (the end of the history) has not happened yet: the incident is still open.
CREATE OR REPLACE TEMP TABLE sample_incidents AS
WITH p AS (
    SELECT *,
           CAST(round(alerts_per_day * date_diff('day', start_at, end_at) * linkage / alerts_per_incident) AS BIGINT) AS n_incidents
    FROM sp
),
placed AS (
    SELECT r.i, d.day, d.months_before_end
    FROM (SELECT range AS i, (range + 0.5) / (SELECT n_incidents FROM p) AS pos FROM range((SELECT n_incidents FROM p))) r
    ASOF JOIN sample_days d ON r.pos >= d.cum_start
),
drawn AS (
    SELECT pl.i,
           pl.day + to_microseconds(CAST(60e6 * CASE WHEN sr_u(pl.i, 1) < 0.7 THEN 480 + 600 * sr_u(pl.i, 2)
                                                     ELSE 1440 * sr_u(pl.i, 2) END AS BIGINT)) AS created_at,
           pow(1 + p.monthly_improvement, pl.months_before_end) AS slower,
           sr_w(pl.i, 0.6180339887498949) < p.identity_context AS has_identity,
           sr_w(pl.i, 0.4142135623730951) < p.cross_domain AS is_cross,
           sr_w(pl.i, 0.7320508075688772) < p.first_activity_known AS fa_known,
           sr_u(pl.i, 6) < 0.75 AS fa_own,
           sr_w(pl.i, 0.2360679774997897) < p.acknowledged_known AS ack_known,
           sr_w(pl.i, 0.6457513110645906) < p.closed_time_known AS closed_time_known,
           sr_w(pl.i, 0.3166247903554) < p.classification_known AS class_known,
           sr_w(pl.i, 0.1231056256176605) < p.negative_share AS negative,
           sr_w(pl.i, 0.0827625303) < p.merged_share AND pl.i > 0 AS merged,
           sr_w(pl.i, 0.5574385243020) < p.ai_assisted AS ai_assisted,
           CASE WHEN sr_u(pl.i, 5) < p.incident_tp THEN 'true_positive'
                WHEN sr_u(pl.i, 5) < p.incident_tp + p.incident_bp THEN 'benign_positive'
                ELSE 'false_positive' END AS truth,
           CASE WHEN sr_u(pl.i, 3) < 0.05 THEN 'informational' WHEN sr_u(pl.i, 3) < 0.30 THEN 'low'
                WHEN sr_u(pl.i, 3) < 0.70 THEN 'medium' WHEN sr_u(pl.i, 3) < 0.95 THEN 'high'
                ELSE 'critical' END AS severity,
           sr_u(pl.i, 4) AS rule_pick,
           1 + CAST(round(-ln(1 - sr_u(pl.i, 11)) * (p.alerts_per_incident - 1)) AS INTEGER) AS n_alerts_raw,
           CASE WHEN sr_u(pl.i, 8) < p.automation_close
                THEN CASE WHEN sr_u(pl.i, 9) < p.ai_close_share THEN 'ai' ELSE 'automation' END
                ELSE 'human' END AS closer,
           p.end_at, p.tenant, p.mttd_minutes, p.mtta_minutes, p.mttc_minutes, p.mttr_minutes
    FROM placed pl, p
),
timed AS (
    SELECT d.*,
           sr_lognormal(i, 10, mttd_minutes * slower, 1.0) AS mttd,
           CASE WHEN negative THEN -(1 + 29 * sr_u(i, 12)) ELSE sr_lognormal(i, 20, mtta_minutes * slower, 1.1) END AS mtta,
           sr_lognormal(i, 30, mttr_minutes * slower, 1.0) AS mttr_raw,
           sr_u(i, 13) AS contain_frac,
           (SELECT users FROM sample_names)[1 + CAST(floor(sr_u(i, 14) * 16) AS INTEGER)] AS user_name,
           (SELECT analysts FROM sample_names)[1 + CAST(floor(sr_u(i, 15) * 5) AS INTEGER)] AS analyst
    FROM drawn d
),
events AS (
    SELECT t.*,
           created_at + to_microseconds(CAST(60e6 * greatest(mttr_raw, greatest(mtta, 0) + 5) AS BIGINT)) AS closed_at_true,
           created_at + to_microseconds(CAST(60e6 * mtta AS BIGINT)) AS ack_at_true,
           created_at - to_microseconds(CAST(60e6 * mttd AS BIGINT)) AS fa_at
    FROM timed t
),
stated AS (
    SELECT e.*,
           NOT merged AND closed_at_true <= end_at AS is_closed,
           ack_at_true <= end_at AND (ack_known OR negative) AS is_acked,
           created_at + to_microseconds(CAST(60e6 * (greatest(mtta, 0) + contain_frac * 0.5
                * (epoch(closed_at_true) - epoch(created_at)) / 60.0) AS BIGINT)) AS contained_true
    FROM events e
),
primary_rule AS (
    SELECT s.*, r.rule_id AS p_rule_id, r.rule_name AS p_rule_name, r.domain AS p_domain, r.tactic AS p_tactic
    FROM stated s
    JOIN sample_pool_sizes z
      ON z.pool = CASE WHEN s.has_identity THEN 'any' ELSE 'nonid' END AND z.from_domain = '*'
    JOIN sample_rule_pool r
      ON r.pool = z.pool AND r.from_domain = '*'
     AND r.idx = CAST(floor(s.rule_pick * z.n) AS BIGINT)
)
SELECT i,
       tenant,
       'INC-' || lpad(CAST(i + 1 AS VARCHAR), 7, '0') AS incident_id,
       p_rule_name || ' involving ' || CASE WHEN has_identity THEN user_name ELSE 'WS-' || lpad(CAST(CAST(floor(sr_u(i, 16) * 900) AS INTEGER) + 100 AS VARCHAR), 4, '0') END AS title,
       severity,
       CASE WHEN merged THEN 'redirected' WHEN is_closed THEN 'closed' WHEN is_acked THEN 'active' ELSE 'new' END AS status,
       CASE WHEN is_closed AND class_known THEN truth
            WHEN is_closed AND sr_u(i, 17) < 0.5 THEN 'undetermined' END AS classification,
       CASE WHEN fa_known AND fa_own THEN fa_at END AS first_activity_at,
       created_at,
       CASE WHEN is_acked THEN ack_at_true END AS acknowledged_at,
       CASE WHEN truth = 'true_positive' AND contained_true <= end_at AND (is_closed OR sr_u(i, 18) < 0.5)
                 AND sr_u(i, 19) < 0.85 THEN contained_true END AS contained_at,
       CASE WHEN is_closed AND closed_time_known THEN closed_at_true END AS closed_at,
       CASE WHEN is_acked THEN analyst END AS owner,
       CASE WHEN is_closed THEN closer END AS closed_by,
       ai_assisted,
       CASE WHEN merged THEN 'INC-' || lpad(CAST(i AS VARCHAR), 7, '0') END AS redirected_to,
       -- the category an analyst files the incident under: its primary rule's tactic
       p_tactic AS category,
       -- Generator-only columns the alerts and automation steps read.
       truth, has_identity, is_cross, fa_known, fa_own, fa_at, is_closed, merged,
       closed_at_true, user_name, analyst, p_rule_id, p_domain,
       CASE WHEN is_cross THEN greatest(n_alerts_raw, 2) ELSE n_alerts_raw END AS n_alerts
FROM primary_rule;
