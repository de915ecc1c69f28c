//! Scoring rules on synthetic metrics: gating, score, isolation of criteria, sample minimums,
//! unanswered questions.

use super::*;
use crate::metrics::{Change, Count, Duration, Metrics, Ratio};

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
            not_computed: false,
        },
        mtta: Duration {
            n: 190,
            mean_minutes: Some(20.0),
            median_minutes: Some(12.0),
            p90_minutes: Some(60.0),
            unavailable: None,
            not_computed: false,
        },
        mttr: Duration {
            n: 180,
            mean_minutes: Some(400.0),
            median_minutes: Some(240.0),
            p90_minutes: Some(900.0),
            unavailable: None,
            not_computed: false,
        },
        identity_context_rate: Ratio::new(170, 200),
        alert_linkage_rate: Ratio::new(780, 1000),
        alerts_per_incident: Ratio::new(600, 200),
        cross_domain_rate: Ratio::new(90, 200),
        noise_ratio: Ratio::new(300, 1000),
        noise_ratio_upper: Ratio::new(300, 1000),
        verdict_coverage: Ratio::new(950, 1000),
        alerts_with_rule_id_rate: Ratio::new(990, 1000),
        alerts_with_techniques_rate: Ratio::new(850, 1000),
        tp_tactics: Count::new(8),
        true_positive_alerts: Count::new(400),
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
        Some(4),
        "{:#?}",
        a.layers
            .iter()
            .map(|l| (l.layer, l.stage))
            .collect::<Vec<_>>()
    );
    assert_eq!(a.mode, Mode::Data);
    assert!(a.overall.unassessed_layers.is_empty());
    assert_eq!(a.overall.assessed_layers, 6);
}

#[test]
fn gating_a_failed_stage_three_criterion_caps_the_layer_at_two() {
    let mut m = stage4_metrics();
    // Passes signals' stage-4 criteria (noise 0.30, cross-domain 0.45) but not stage 3's
    // alerts per incident (1.5 < 2).
    m.alerts_per_incident = Ratio::new(300, 200);
    let a = assess(&report(m), &rubric(), None);
    let signals = layer(&a, Layer::Signals);
    assert_eq!(signals.stage, Some(2));
    // 2 of the 3 stage-3 criteria pass.
    assert_eq!(signals.score, Some(2.7));
    assert_eq!(a.overall.stage, Some(2));
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
    m.noise_ratio_upper = Ratio::new(700, 1000);
    let after = assess(&report(m), &rubric(), None);
    for (lb, la) in before.layers.iter().zip(&after.layers) {
        for (cb, ca) in lb.criteria.iter().zip(&la.criteria) {
            if cb.status != ca.status {
                assert_eq!(
                    ca.metric.as_deref(),
                    Some("noise_ratio_upper"),
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
    m.human_oversight_rate = Ratio::new(19, 19);
    let a = assess(&report(m), &rubric(), None);
    let automation = layer(&a, Layer::Automation);
    let c = automation
        .criteria
        .iter()
        .find(|c| c.id == "automation.4.oversight")
        .unwrap();
    assert_eq!(c.status, Status::NotEvaluable);
    assert_eq!(c.n, Some(19));
    assert_eq!(automation.stage, Some(3));
}

#[test]
fn a_missing_value_is_not_evaluable() {
    let mut m = stage4_metrics();
    m.noise_ratio_upper = Ratio::new(0, 0);
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
        .filter(|c| c.kind == Kind::Answer)
        .all(|c| c.status == Status::NotAnswered && !c.gated));
    assert_eq!(identity.stage, Some(4));
    // Four gates hold questions: identity 3, 4, 5 and detection 5.
    assert_eq!(data_only.unasked_gates, 4);

    let mut answers = Answers::new();
    answers.insert("idp_logs_collected".into(), false);
    let with = assess(&report(stage4_metrics()), &r, Some(&answers));
    assert_eq!(with.mode, Mode::DataAndAnswers);
    assert_eq!(layer(&with, Layer::Identity).stage, Some(2));
    assert_eq!(with.overall.stage, Some(2));

    answers.insert("idp_logs_collected".into(), true);
    answers.insert("privileged_access_jit".into(), true);
    let yes = assess(&report(stage4_metrics()), &r, Some(&answers));
    assert_eq!(layer(&yes, Layer::Identity).stage, Some(4));
}

#[test]
fn automation_without_oversight_is_flagged_not_rewarded() {
    let mut m = stage4_metrics();
    m.human_oversight_rate = Ratio::new(10, 50);
    let a = assess(&report(m), &rubric(), None);
    assert_eq!(layer(&a, Layer::Automation).stage, Some(3));
    assert!(
        a.recommendations
            .iter()
            .any(|r| r.kind == RecommendationKind::Caution && r.layer == Layer::Automation),
        "{:#?}",
        a.recommendations
    );
}

fn unavailable(reason: &str) -> Option<String> {
    Some(format!(
        "not available from this export: no loaded record has {reason}"
    ))
}

/// What `Availability::apply` does to a ratio the exports cannot give.
fn missing_ratio(reason: &str) -> Ratio {
    Ratio {
        value: None,
        unavailable: unavailable(reason),
        ..Ratio::default()
    }
}

fn missing_count(reason: &str) -> Count {
    Count {
        value: 0,
        unavailable: unavailable(reason),
    }
}

/// Why 1: no automation export. The automation layer reads alerts closed by automation instead
/// (stage 2 on 14 % of alerts), stops at 2 as limited by missing evidence, and the overall stage
/// is not dragged to 1 by an export that was never loaded.
#[test]
fn a_missing_automation_export_is_not_immaturity() {
    let mut m = stage4_metrics();
    let what = "an automation action";
    m.automation_actions = missing_count(what);
    m.enrich_triage_rate = missing_ratio(what);
    m.human_oversight_rate = missing_ratio(what);
    m.automation_rate = Ratio::new(140, 1000);
    let a = assess(&report(m.clone()), &rubric(), None);
    let automation = layer(&a, Layer::Automation);
    assert!(automation.assessed);
    assert_eq!(automation.stage, Some(2));
    assert!(automation.limited_by_missing_evidence);
    let any = automation
        .criteria
        .iter()
        .find(|c| c.id == "automation.2.any")
        .unwrap();
    assert_eq!(any.status, Status::Pass);
    assert_eq!(any.metric.as_deref(), Some("automation_rate"));
    assert_eq!(any.alternatives.len(), 3);
    assert_eq!(any.alternatives[0].status, Status::NotAvailable);
    let enrich = automation
        .criteria
        .iter()
        .find(|c| c.id == "automation.3.enrich_triage")
        .unwrap();
    assert_eq!(enrich.status, Status::NotAvailable);
    assert_eq!(a.overall.stage, Some(2));
    assert!(a.recommendations.iter().any(|r| r.criterion.as_deref()
        == Some("automation.3.enrich_triage")
        && r.text.contains("not available")));

    // Nothing at all about automation: the layer is not assessed, the verdict covers 5 layers
    // and stays where the other layers put it.
    m.automation_rate = missing_ratio("who closed it");
    m.incident_automation_rate = missing_ratio("who closed it");
    let b = assess(&report(m), &rubric(), None);
    let automation = layer(&b, Layer::Automation);
    assert!(!automation.assessed);
    assert_eq!(automation.stage, None);
    assert_eq!(automation.score, None);
    assert!(automation.reason.as_deref().unwrap().contains("automation"));
    assert_eq!(b.overall.unassessed_layers, vec![Layer::Automation]);
    assert_eq!(b.overall.assessed_layers, 5);
    assert_eq!(b.overall.stage, Some(4));
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(json["layers"][4]["assessed"], Value::Bool(false));
    assert_eq!(json["layers"][4]["stage"], Value::Null);
    assert!(json["layers"][4]["reason"].is_string());
    assert_eq!(json["layers"][0]["reason"], Value::Null);
    assert_eq!(
        json["overall"]["unassessed_layers"],
        serde_json::json!(["automation"])
    );
}

/// A failing measured criterion beside missing evidence is a failure, not a missing export.
#[test]
fn a_failed_criterion_wins_over_missing_evidence() {
    let mut m = stage4_metrics();
    m.automation_actions = missing_count("an automation action");
    m.automation_rate = Ratio::new(0, 1000);
    let a = assess(&report(m), &rubric(), None);
    let automation = layer(&a, Layer::Automation);
    assert!(automation.assessed);
    assert_eq!(automation.stage, Some(1));
    assert!(!automation.limited_by_missing_evidence);
}

/// Why 2: blanking every false- and benign-positive verdict cannot lower the noise the gates
/// read. 500 of 1000 alerts noisy, 400 true positive, 100 without a verdict: blanking the 500
/// leaves 400 true positives, so the upper bound is 600/1000 either way.
#[test]
fn blank_verdicts_cannot_lower_the_noise_the_gates_read() {
    let recorded = Metrics {
        noise_ratio: Ratio::new(500, 900),
        noise_ratio_upper: Ratio::new(600, 1000),
        ..stage4_metrics()
    };
    let blanked = Metrics {
        noise_ratio: Ratio::new(0, 400),
        noise_ratio_upper: Ratio::new(600, 1000),
        ..stage4_metrics()
    };
    let a = assess(&report(recorded), &rubric(), None);
    let b = assess(&report(blanked), &rubric(), None);
    assert_eq!(
        layer(&a, Layer::Signals).stage,
        layer(&b, Layer::Signals).stage
    );
    assert_eq!(layer(&b, Layer::Signals).stage, Some(3));
}

/// Why 4: with --answers, a blank is never better than `false`.
#[test]
fn an_unanswered_question_fails_its_gate_like_false() {
    let r = rubric();
    let mut m = stage4_metrics();
    m.identity_context_rate = Ratio::new(195, 200);
    let blanks = Answers::new();
    let mut falses = Answers::new();
    for q in &r.questions {
        falses.insert(q.id.clone(), false);
    }
    let with_blanks = assess(&report(m.clone()), &r, Some(&blanks));
    let with_false = assess(&report(m), &r, Some(&falses));
    for (b, f) in with_blanks.layers.iter().zip(&with_false.layers) {
        assert!(
            b.stage <= f.stage,
            "{}: {:?} > {:?}",
            b.layer,
            b.stage,
            f.stage
        );
    }
    let identity = layer(&with_blanks, Layer::Identity);
    assert_eq!(identity.stage, Some(2));
    let idp = identity
        .criteria
        .iter()
        .find(|c| c.id == "identity.3.idp_logs")
        .unwrap();
    assert_eq!(idp.status, Status::NotAnswered);
    assert!(idp.gated);
    assert_eq!(with_blanks.unasked_gates, 0);
    let json = serde_json::to_value(&with_blanks).unwrap();
    assert_eq!(json["mode"], "data+answers");
    assert_eq!(
        json["layers"][0]["criteria"][2]["id"],
        "identity.3.idp_logs"
    );
    assert_eq!(json["layers"][0]["criteria"][2]["status"], "not_answered");
}

/// Why 6: tactics on a handful of true positives, a trend between two tiny samples and
/// oversight over a few actions are not evidence.
#[test]
fn thresholds_need_their_samples() {
    let mut m = stage4_metrics();
    m.true_positive_alerts = Count::new(19);
    m.mttr_median_change_3p = Change {
        current: Some(100.0),
        earlier: Some(200.0),
        value: Some(0.5),
        current_n: 180,
        earlier_n: 29,
        ..Change::default()
    };
    let a = assess(&report(m), &rubric(), None);
    let find = |l: Layer, id: &str| {
        layer(&a, l)
            .criteria
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .clone()
    };
    let tactics = find(Layer::Detection, "detection.3.tactics");
    assert_eq!(tactics.status, Status::NotEvaluable);
    assert_eq!(tactics.n, Some(19));
    assert_eq!(layer(&a, Layer::Detection).stage, Some(2));
    let trend = find(Layer::Metrics, "metrics.5.mttr_trend");
    assert_eq!(trend.status, Status::NotEvaluable);
    assert_eq!(trend.n, Some(29));
}

/// Recommendations speak in labels and units and say what they unlock.
#[test]
fn recommendations_read_as_sentences_with_units() {
    let mut m = stage4_metrics();
    m.identity_context_rate = Ratio::new(698, 1000);
    let a = assess(&report(m), &rubric(), None);
    assert_eq!(a.overall.limiting_layers, vec![Layer::Identity]);
    let r = &a.recommendations[0];
    assert_eq!(r.criterion.as_deref(), Some("identity.4.context"));
    assert_eq!(
        r.text,
        "bring incidents with identity context up to ≥ 80.0 % — now 69.8 %; unlocks identity stage 4 Automated"
    );
    assert_eq!(r.unlocks, vec!["identity stage 4 Automated".to_string()]);
}
