//! The maturity assessment: rubric + answers applied to measured metrics → a stage per layer, the
//! overall stage, and the evidence for every verdict. Assess never reads data files or runs SQL.
//!
//! Evidence has five states. `pass` and `fail` are measured; `not_evaluable` (too small a sample)
//! and `not_answered` (a question the answers file leaves open) block a gate exactly as `fail`
//! does, so a blank is never better than a "no"; `not_available` (the loaded exports cannot carry
//! the fields a metric needs) stops a layer at the stage it reached, labelled as limited by
//! missing evidence, and a layer whose first gate has no evidence at all is not assessed rather
//! than put at stage 1.

pub mod answers;
pub mod format;
pub mod recommend;
pub mod rubric;
pub mod tenant_answers;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{MetricsReport, PeriodOut};
pub use answers::Answers;
pub use recommend::{Recommendation, RecommendationKind};
pub use rubric::{
    stage_name, Layer, MetricTest, Op, Rubric, Test, STAGE_NAMES as STAGE_NAMES_FOR_LADDER,
    TOP_STAGE,
};

/// The state of the evidence for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// Too little data: no value, or a sample below the criterion's `min_n`.
    NotEvaluable,
    /// The loaded exports cannot provide the fields the metric needs.
    NotAvailable,
    /// A questionnaire criterion without an answer.
    NotAnswered,
}

impl Status {
    /// The serde name, as the JSON and the report's templates spell it.
    pub fn id(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotEvaluable => "not_evaluable",
            Status::NotAvailable => "not_available",
            Status::NotAnswered => "not_answered",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotEvaluable => "not evaluable",
            Status::NotAvailable => "not available",
            Status::NotAnswered => "not answered",
        }
    }

    /// Whether this state closes a gate as a failure would (everything but pass and not
    /// available, which stops the layer as missing evidence instead).
    pub fn blocks(self) -> bool {
        matches!(
            self,
            Status::Fail | Status::NotEvaluable | Status::NotAnswered
        )
    }
}

/// What a criterion tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Metric,
    Answer,
}

/// What the verdict is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Mode {
    /// Measured data only: questionnaire criteria are left out of the gates.
    #[serde(rename = "data")]
    Data,
    /// Data and questionnaire answers: an unanswered question fails its gate.
    #[serde(rename = "data+answers")]
    DataAndAnswers,
}

/// One metric test's evidence (a criterion's alternatives each have one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub metric: String,
    pub op: Op,
    pub threshold: Value,
    pub value: Value,
    pub n: Option<i64>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// One criterion with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub stage: u8,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub op: Op,
    pub threshold: Value,
    pub value: Value,
    pub n: Option<i64>,
    pub status: Status,
    pub why: String,
    /// Why the metric is missing when the loaded exports cannot give it at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// Whether the criterion takes part in its gate (questions do not in data-only mode).
    pub gated: bool,
    /// Every metric test of a criterion that accepts alternative evidence (any passing passes);
    /// `metric`/`value`/`status` above are those of the one that decided.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerResult {
    pub layer: Layer,
    /// False when not one criterion of the layer's first gate (stage 2) could be evaluated
    /// because the exports cannot provide its evidence: the layer then has no stage.
    pub assessed: bool,
    pub stage: Option<u8>,
    pub stage_name: Option<&'static str>,
    /// Stage plus the share of the next gate's criteria that pass; null when not assessed.
    pub score: Option<f64>,
    /// Why the layer is not assessed: what is missing and what would provide it.
    pub reason: Option<String>,
    /// The layer stopped at its stage because the next gate's evidence is not available from
    /// the exports (not because a criterion failed).
    pub limited_by_missing_evidence: bool,
    /// What is missing, when limited by missing evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_evidence: Option<String>,
    pub criteria: Vec<CriterionResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    /// The lowest stage of the assessed layers; null when no layer could be assessed.
    pub stage: Option<u8>,
    pub stage_name: Option<&'static str>,
    pub limiting_layers: Vec<Layer>,
    /// Mean score of the assessed layers.
    pub mean_score: Option<f64>,
    /// Layers whose evidence the exports cannot provide, left out of the verdict.
    pub unassessed_layers: Vec<Layer>,
    /// How many of the six layers the verdict covers.
    pub assessed_layers: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub period: PeriodOut,
    pub tenant: Option<String>,
    pub mode: Mode,
    /// Gates holding a questionnaire criterion that were not asked (data-only mode).
    pub unasked_gates: usize,
    pub overall: Overall,
    pub layers: Vec<LayerResult>,
    pub recommendations: Vec<Recommendation>,
}

/// Reads the rubric (the built-in one by default) and the answers, checked against each other,
/// before any data is read.
pub fn load_inputs(
    rubric: Option<&std::path::Path>,
    answers: Option<&std::path::Path>,
) -> crate::error::Result<(Rubric, Option<Answers>)> {
    let rubric = match rubric {
        Some(path) => Rubric::load(path)?,
        None => Rubric::default_rubric()?,
    };
    let answers = answers.map(|p| answers::load(p, &rubric)).transpose()?;
    Ok((rubric, answers))
}

/// Scores `report` against `rubric`; `answers` None means data only.
pub fn assess(report: &MetricsReport, rubric: &Rubric, answers: Option<&Answers>) -> Assessment {
    let metrics = serde_json::to_value(&report.metrics).unwrap_or(Value::Null);
    let mode = if answers.is_some() {
        Mode::DataAndAnswers
    } else {
        Mode::Data
    };
    // No data, no verdict: a period without one incident or alert of the scope (a tenant of a
    // portfolio, a month of a trend) is no evidence of immaturity. Its layers are not assessed,
    // as `assess` on that scope alone refuses to run.
    let no_data = report.metrics.incidents.value == 0 && report.metrics.alerts.value == 0;
    let layers: Vec<LayerResult> = Layer::ALL
        .into_iter()
        .map(|layer| {
            let criteria: Vec<CriterionResult> = rubric
                .criteria
                .iter()
                .filter(|c| c.layer == layer)
                .map(|c| evaluate(c, &metrics, answers))
                .collect();
            let result = layer_result(layer, criteria);
            if no_data {
                without_data(result)
            } else {
                result
            }
        })
        .collect();

    let assessed: Vec<&LayerResult> = layers.iter().filter(|l| l.assessed).collect();
    let stage = assessed.iter().filter_map(|l| l.stage).min();
    // At the top stage nothing holds the SOC back: no layer is limiting.
    let limiting_layers = assessed
        .iter()
        .filter(|l| stage.is_some_and(|s| s < TOP_STAGE) && l.stage == stage)
        .map(|l| l.layer)
        .collect();
    let scores: Vec<f64> = assessed.iter().filter_map(|l| l.score).collect();
    let mean_score = (!scores.is_empty())
        .then(|| scores.iter().sum::<f64>() / scores.len() as f64)
        .map(|m| (m * 100.0).round() / 100.0);
    let overall = Overall {
        stage,
        stage_name: stage.map(stage_name),
        limiting_layers,
        mean_score,
        unassessed_layers: layers
            .iter()
            .filter(|l| !l.assessed)
            .map(|l| l.layer)
            .collect(),
        assessed_layers: assessed.len(),
    };
    let unasked_gates = match mode {
        Mode::DataAndAnswers => 0,
        Mode::Data => {
            let mut gates: Vec<(Layer, u8)> = rubric
                .criteria
                .iter()
                .filter(|c| matches!(c.test, Test::Answer { .. }))
                .map(|c| (c.layer, c.stage))
                .collect();
            gates.dedup();
            gates.len()
        }
    };
    // Without data there is nothing to improve on: no advice is built from empty figures.
    let recommendations = if no_data {
        Vec::new()
    } else {
        recommend::recommend(&layers, &overall, &report.metrics, &metrics)
    };
    Assessment {
        period: report.period.clone(),
        tenant: report.tenant.clone(),
        mode,
        unasked_gates,
        overall,
        layers,
        recommendations,
    }
}

impl Assessment {
    /// Why there is no verdict, when there is none: the period holds no data, or the exports
    /// cannot provide any layer's evidence.
    pub fn no_verdict_reason(&self) -> &'static str {
        if self.has_no_data() {
            "no incidents or alerts in the period"
        } else {
            "no layer can be assessed from these exports"
        }
    }

    /// Whether the period held no incident and no alert of the scope (every layer says so).
    pub fn has_no_data(&self) -> bool {
        !self.layers.is_empty()
            && self
                .layers
                .iter()
                .all(|l| l.reason.as_deref() == Some(NO_DATA_REASON))
    }
}

/// The text of a layer left unassessed because the period holds no data.
pub const NO_DATA_REASON: &str =
    "no incidents or alerts in the period: nothing to assess (choose a period the data covers)";

/// A layer of a scope without data in the period: not assessed, whatever its criteria say.
fn without_data(layer: LayerResult) -> LayerResult {
    LayerResult {
        assessed: false,
        stage: None,
        stage_name: None,
        score: None,
        reason: Some(NO_DATA_REASON.to_string()),
        limited_by_missing_evidence: false,
        missing_evidence: None,
        ..layer
    }
}

fn evaluate(c: &rubric::Criterion, metrics: &Value, answers: Option<&Answers>) -> CriterionResult {
    match &c.test {
        Test::Metric(tests) => {
            let evidence: Vec<Evidence> = tests.iter().map(|t| measure(t, metrics)).collect();
            // The deciding evidence: a pass, else a measured failure, else too little data,
            // else the first (not available).
            let decided = [
                Status::Pass,
                Status::Fail,
                Status::NotEvaluable,
                Status::NotAvailable,
            ]
            .iter()
            .find_map(|s| evidence.iter().find(|e| e.status == *s))
            .or(evidence.first())
            .cloned();
            let Some(d) = decided else {
                return empty(c);
            };
            CriterionResult {
                id: c.id.clone(),
                stage: c.stage,
                kind: Kind::Metric,
                metric: Some(d.metric),
                question: None,
                op: d.op,
                threshold: d.threshold,
                value: d.value,
                n: d.n,
                status: d.status,
                why: c.why.clone(),
                unavailable: d.unavailable,
                gated: true,
                alternatives: if evidence.len() > 1 {
                    evidence
                } else {
                    Vec::new()
                },
            }
        }
        Test::Answer { question, answer } => {
            let given = answers.and_then(|a| a.get(question)).copied();
            let status = match given {
                None => Status::NotAnswered,
                Some(g) if g == *answer => Status::Pass,
                Some(_) => Status::Fail,
            };
            CriterionResult {
                id: c.id.clone(),
                stage: c.stage,
                kind: Kind::Answer,
                metric: None,
                question: Some(question.clone()),
                op: Op::Eq,
                threshold: Value::Bool(*answer),
                value: given.map_or(Value::Null, Value::Bool),
                n: None,
                status,
                why: c.why.clone(),
                unavailable: None,
                // Without an answers file the questionnaire was not asked: data-only verdict.
                gated: answers.is_some(),
                alternatives: Vec::new(),
            }
        }
    }
}

/// A metric criterion without a test (cannot come from a checked rubric).
fn empty(c: &rubric::Criterion) -> CriterionResult {
    CriterionResult {
        id: c.id.clone(),
        stage: c.stage,
        kind: Kind::Metric,
        metric: None,
        question: None,
        op: Op::Eq,
        threshold: Value::Null,
        value: Value::Null,
        n: None,
        status: Status::NotEvaluable,
        why: c.why.clone(),
        unavailable: None,
        gated: true,
        alternatives: Vec::new(),
    }
}

/// One metric test against the metrics JSON.
fn measure(t: &MetricTest, metrics: &Value) -> Evidence {
    let (value, own_n) = lookup(metrics, &t.metric);
    let n = match &t.n_from {
        Some(key) => metrics[key.as_str()]["value"].as_i64(),
        None => own_n,
    };
    let unavailable = [Some(t.metric.as_str()), t.n_from.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|k| {
            metrics[base_key(k)]["unavailable"]
                .as_str()
                .map(str::to_string)
        });
    let status = match value {
        _ if unavailable.is_some() => Status::NotAvailable,
        None => Status::NotEvaluable,
        Some(_) if t.min_n > 0 && n.is_none_or(|n| n < t.min_n) => Status::NotEvaluable,
        Some(v) if t.op.holds(v, t.threshold) => Status::Pass,
        Some(_) => Status::Fail,
    };
    Evidence {
        metric: t.metric.clone(),
        op: t.op,
        threshold: number(t.threshold),
        value: value.map_or(Value::Null, number),
        n,
        status,
        unavailable,
    }
}

/// The metric a key reads: `mtta.median_minutes` → `mtta`.
fn base_key(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// A metric's value and sample size: a ratio's value over its denominator, a count's value, a
/// duration field over its n, a change's value over the smaller of its two samples.
fn lookup(metrics: &Value, key: &str) -> (Option<f64>, Option<i64>) {
    let (name, field) = key
        .split_once('.')
        .map_or((key, None), |(k, f)| (k, Some(f)));
    let m = &metrics[name];
    match field {
        Some(f) => (m[f].as_f64(), m["n"].as_i64()),
        None if m.get("denominator").is_some() => (m["value"].as_f64(), m["denominator"].as_i64()),
        None if m.get("earlier_n").is_some() => (
            m["value"].as_f64(),
            m["current_n"]
                .as_i64()
                .zip(m["earlier_n"].as_i64())
                .map(|(a, b)| a.min(b)),
        ),
        None => (m["value"].as_f64(), None),
    }
}

/// The gates of a layer applied in order: a layer is at stage k when every gated criterion of
/// stages 2..k passes. A blocking state (fail, not evaluable, not answered) stops it; evidence
/// that is not available stops it too, as missing evidence; a first gate with nothing but
/// missing evidence leaves the layer not assessed.
fn layer_result(layer: Layer, criteria: Vec<CriterionResult>) -> LayerResult {
    let gate = |k: u8| -> Vec<&CriterionResult> {
        criteria
            .iter()
            .filter(|c| c.stage == k && c.gated)
            .collect()
    };
    let mut stage = 1;
    let mut missing: Option<Vec<&CriterionResult>> = None;
    for k in 2..=5 {
        let g = gate(k);
        if g.iter().any(|c| c.status.blocks()) {
            break;
        }
        let not_available: Vec<&CriterionResult> = g
            .iter()
            .copied()
            .filter(|c| c.status == Status::NotAvailable)
            .collect();
        if !not_available.is_empty() {
            missing = Some(not_available);
            break;
        }
        stage = k;
    }
    let describe = |cs: &[&CriterionResult]| {
        cs.iter()
            .map(|c| {
                let what = c.metric.as_deref().unwrap_or_default();
                let label = crate::metrics::catalog::label_of(base_key(what)).unwrap_or(what);
                let why = c
                    .unavailable
                    .as_deref()
                    .map(|u| u.trim_start_matches("not available from this export: "))
                    .unwrap_or("the exports do not carry it");
                format!("{label} ({}): {why}", c.id)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Not assessed: the first gate has no criterion that could be evaluated.
    let first_gate = gate(2);
    let unassessed = stage == 1
        && !first_gate.is_empty()
        && first_gate.iter().all(|c| c.status == Status::NotAvailable);
    if unassessed {
        let reason = format!(
            "not assessed: the loaded exports cannot provide the evidence of its first gate — {}",
            describe(first_gate.as_slice())
        );
        return LayerResult {
            layer,
            assessed: false,
            stage: None,
            stage_name: None,
            score: None,
            reason: Some(reason),
            limited_by_missing_evidence: true,
            missing_evidence: None,
            criteria,
        };
    }
    let score = layer_score(stage, &criteria);
    LayerResult {
        layer,
        assessed: true,
        stage: Some(stage),
        stage_name: Some(stage_name(stage)),
        score: Some(score),
        reason: None,
        limited_by_missing_evidence: missing.is_some(),
        missing_evidence: missing.as_deref().map(describe),
        criteria,
    }
}

/// Stage plus the share of the next stage's gated criteria that pass, to one decimal (never
/// rounded up into the next stage).
fn layer_score(stage: u8, criteria: &[CriterionResult]) -> f64 {
    if stage >= 5 {
        return 5.0;
    }
    let next: Vec<&CriterionResult> = criteria
        .iter()
        .filter(|c| c.stage == stage + 1 && c.gated)
        .collect();
    let fraction = if next.is_empty() {
        0.0
    } else {
        next.iter().filter(|c| c.status == Status::Pass).count() as f64 / next.len() as f64
    };
    let score = f64::from(stage) + fraction;
    ((score * 10.0).round() / 10.0).min(f64::from(stage) + 0.9)
}

pub(crate) fn number(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests;
