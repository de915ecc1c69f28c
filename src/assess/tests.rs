//! Scoring rules on synthetic metrics: gating, score, isolation of criteria, sample minimums,
//! unanswered questions.

use super::*;
use crate::metrics::{Count, Duration, Ratio};

/// Metrics of a SOC that passes every data criterion of the default rubric at stage 4 and none
/// of stage 5's data-only thresholds beyond it.
fn stage4_metrics() -> Metrics {
    Metrics {
        incidents: Count::new(200),
        alerts: Count::new(1000),
        mttd: Duration {
            n: 190,
            mean_minutes: Some(80.0),
            median_minutes: Some(45.0),
            p90_minutes: Some(200.0),
            unavailable: None,
        },
        mtta: Duration {
            n: 190,
            mean_minutes: Some(20.0),
            median_minutes: Some(12.0),
            p90_minutes: Some(60.0),
            unavailable: None,
        },
        mttr: Duration {
            n: 180,
            mean_minutes: Some(400.0),
            median_minutes: Some(240.0),
            p90_minutes: Some(900.0),
            unavailable: None,
        },
        identity_context_rate: Ratio::new(170, 200),
        alert_linkage_rate: Ratio::new(780, 1000),
        alerts_per_incident: Ratio::new(600, 200),
        cross_domain_rate: Ratio::new(90, 200),
        noise_ratio: Ratio::new(300, 1000),
        alerts_with_rule_id_rate: Ratio::new(990, 1000),
        alerts_with_techniques_rate: Ratio::new(850, 1000),
        tp_tactics: Count::new(8),
        noisy_rule_alert_share: Ratio::new(100, 1000),
        closed_with_times_rate: Ratio::new(185, 190),
        classification_completeness: Ratio::new(176, 190),
        first_activity_known_rate: Ratio::new(190, 200),
        negative_duration_rate: Ratio::new(3, 700),
        acknowledged_known_rate: Ratio::new(190, 200),
        rejected_row_rate: Ratio::new(0, 2000),
        automation_actions: Count::new(400),
        enrich_triage_rate: Ratio::new(160, 200),
        automation_rate: Ratio::new(450, 1000),
        human_oversight_rate: Ratio::new(45, 50),
        ai_assist_rate: Ratio::new(40, 200),
        mttr_coverage: Ratio::new(180, 190),
        mttd_coverage: Ratio::new(190, 200),
        mtta_coverage: Ratio::new(190, 200),
        history_months: Count::new(6),
        ..Metrics::default()
    }
}

fn report(metrics: Metrics) -> MetricsReport {
    MetricsReport {
        metrics,
        ..MetricsReport::default()
    }
}

fn layer(a: &Assessment, id: Layer) -> &LayerResult {
    a.layers.iter().find(|l| l.layer == id).unwrap()
}

fn rubric() -> Rubric {
    Rubric::default_rubric().unwrap()
}

#[test]
fn a_stage_four_soc_is_stage_four() {
    let a = assess(&report(stage4_metrics()), &rubric(), None);
    assert_eq!(
        a.overall.stage,
        4,
        "{:#?}",
        a.layers
            .iter()
            .map(|l| (l.layer, l.stage))
            .collect::<Vec<_>>()
    );
    assert_eq!(a.mode, "data");
}

#[test]
fn gating_a_failed_stage_three_criterion_caps_the_layer_at_two() {
    let mut m = stage4_metrics();
    // Passes signals' stage-4 criteria (noise 0.30, cross-domain 0.45) but not stage 3's
    // alerts per incident (1.5 < 2).
    m.alerts_per_incident = Ratio::new(300, 200);
    let a = assess(&report(m), &rubric(), None);
    let signals = layer(&a, Layer::Signals);
    assert_eq!(signals.stage, 2);
    // 2 of the 3 stage-3 criteria pass.
    assert_eq!(signals.score, 2.7);
    assert_eq!(a.overall.stage, 2);
    assert_eq!(a.overall.limiting_layers, vec![Layer::Signals]);
    assert_eq!(
        a.recommendations[0].criterion.as_deref(),
        Some("signals.3.alerts_per_incident")
    );
    assert_eq!(a.recommendations[0].gap, Some(0.5));
}

#[test]
fn one_metric_change_flips_only_the_criteria_that_read_it() {
    let before = assess(&report(stage4_metrics()), &rubric(), None);
    let mut m = stage4_metrics();
    m.noise_ratio = Ratio::new(700, 1000);
    let after = assess(&report(m), &rubric(), None);
    for (lb, la) in before.layers.iter().zip(&after.layers) {
        for (cb, ca) in lb.criteria.iter().zip(&la.criteria) {
            if cb.status != ca.status {
                assert_eq!(
                    ca.metric.as_deref(),
                    Some("noise_ratio"),
                    "{} changed",
                    ca.id
                );
            }
        }
    }
    let flipped: Vec<&str> = before
        .layers
        .iter()
        .zip(&after.layers)
        .flat_map(|(lb, la)| {
            lb.criteria
                .iter()
                .zip(&la.criteria)
                .filter(|(b, a)| b.status != a.status)
                .map(|(_, a)| a.id.as_str())
        })
        .collect();
    assert_eq!(flipped, vec!["signals.3.noise", "signals.4.noise"]);
}

#[test]
fn below_the_minimum_sample_is_not_evaluable_and_blocks_the_gate() {
    let mut m = stage4_metrics();
    m.human_oversight_rate = Ratio::new(4, 4);
    let a = assess(&report(m), &rubric(), None);
    let automation = layer(&a, Layer::Automation);
    let c = automation
        .criteria
        .iter()
        .find(|c| c.id == "automation.4.oversight")
        .unwrap();
    assert_eq!(c.status, Status::NotEvaluable);
    assert_eq!(c.n, Some(4));
    assert_eq!(automation.stage, 3);
}

#[test]
fn a_missing_value_is_not_evaluable() {
    let mut m = stage4_metrics();
    m.noise_ratio = Ratio::new(0, 0);
    let a = assess(&report(m), &rubric(), None);
    let c = layer(&a, Layer::Signals)
        .criteria
        .iter()
        .find(|c| c.id == "signals.3.noise")
        .unwrap()
        .clone();
    assert_eq!(c.status, Status::NotEvaluable);
    assert_eq!(c.value, Value::Null);
}

#[test]
fn questions_are_not_answered_without_answers_and_gate_with_them() {
    let r = rubric();
    let data_only = assess(&report(stage4_metrics()), &r, None);
    let identity = layer(&data_only, Layer::Identity);
    assert!(identity
        .criteria
        .iter()
        .filter(|c| c.kind == "answer")
        .all(|c| c.status == Status::NotAnswered));
    assert_eq!(identity.stage, 4);

    let mut answers = Answers::new();
    answers.insert("idp_logs_collected".into(), false);
    let with = assess(&report(stage4_metrics()), &r, Some(&answers));
    assert_eq!(with.mode, "data+answers");
    assert_eq!(layer(&with, Layer::Identity).stage, 2);
    assert_eq!(with.overall.stage, 2);

    answers.insert("idp_logs_collected".into(), true);
    answers.insert("privileged_access_jit".into(), true);
    let yes = assess(&report(stage4_metrics()), &r, Some(&answers));
    assert_eq!(layer(&yes, Layer::Identity).stage, 4);
}

#[test]
fn automation_without_oversight_is_flagged_not_rewarded() {
    let mut m = stage4_metrics();
    m.human_oversight_rate = Ratio::new(10, 50);
    let a = assess(&report(m), &rubric(), None);
    assert_eq!(layer(&a, Layer::Automation).stage, 3);
    assert!(
        a.recommendations
            .iter()
            .any(|r| r.kind == "caution" && r.layer == Layer::Automation),
        "{:#?}",
        a.recommendations
    );
}
