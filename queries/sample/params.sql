-- Sample generator, step 1: the parameters.
-- $1 is the stage profile as JSON (see src/sample.rs). Everything downstream is a pure function
-- of these parameters and the seed, so the same seed writes the same files.
CREATE OR REPLACE TEMP TABLE sp AS
WITH j AS (SELECT CAST($1 AS JSON) AS p)
SELECT
    CAST(p->>'seed' AS UBIGINT) AS seed,
    p->>'tenant' AS tenant,
    CAST(p->>'start' AS TIMESTAMP) AS start_at,
    CAST(p->>'end' AS TIMESTAMP) AS end_at,
    CAST(p->>'alerts_per_day' AS DOUBLE) AS alerts_per_day,
    CAST(p->>'linkage' AS DOUBLE) AS linkage,
    CAST(p->>'alerts_per_incident' AS DOUBLE) AS alerts_per_incident,
    CAST(p->>'cross_domain' AS DOUBLE) AS cross_domain,
    CAST(p->>'identity_context' AS DOUBLE) AS identity_context,
    CAST(p->>'junk_share' AS DOUBLE) AS junk_share,
    CAST(p->>'unlinked_noise' AS DOUBLE) AS unlinked_noise,
    CAST(p->>'incident_tp' AS DOUBLE) AS incident_tp,
    CAST(p->>'incident_bp' AS DOUBLE) AS incident_bp,
    CAST(p->>'verdict_known' AS DOUBLE) AS verdict_known,
    CAST(p->>'rule_id_known' AS DOUBLE) AS rule_id_known,
    CAST(p->>'techniques_known' AS DOUBLE) AS techniques_known,
    CAST(p->>'active_rules' AS INTEGER) AS active_rules,
    CAST(p->>'first_activity_known' AS DOUBLE) AS first_activity_known,
    CAST(p->>'acknowledged_known' AS DOUBLE) AS acknowledged_known,
    CAST(p->>'closed_time_known' AS DOUBLE) AS closed_time_known,
    CAST(p->>'classification_known' AS DOUBLE) AS classification_known,
    CAST(p->>'negative_share' AS DOUBLE) AS negative_share,
    CAST(p->>'merged_share' AS DOUBLE) AS merged_share,
    CAST(p->>'mttd_minutes' AS DOUBLE) AS mttd_minutes,
    CAST(p->>'mtta_minutes' AS DOUBLE) AS mtta_minutes,
    CAST(p->>'mttc_minutes' AS DOUBLE) AS mttc_minutes,
    CAST(p->>'mttr_minutes' AS DOUBLE) AS mttr_minutes,
    CAST(p->>'monthly_improvement' AS DOUBLE) AS monthly_improvement,
    CAST(p->>'automation_close' AS DOUBLE) AS automation_close,
    CAST(p->>'ai_close_share' AS DOUBLE) AS ai_close_share,
    CAST(p->>'ai_assisted' AS DOUBLE) AS ai_assisted,
    CAST(p->>'enrich_triage' AS DOUBLE) AS enrich_triage,
    CAST(p->>'notify_only' AS DOUBLE) AS notify_only,
    CAST(p->>'containment_automation' AS DOUBLE) AS containment_automation,
    CAST(p->>'oversight' AS DOUBLE) AS oversight
FROM j;
