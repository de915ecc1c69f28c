//! The maturity assessment: rubric + answers applied to measured metrics → a stage per layer, the
//! overall stage, and the evidence for every verdict. Assess never reads data files or runs SQL.

pub mod answers;
pub mod format;
pub mod rubric;

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{Metrics, MetricsReport, PeriodOut};
pub use answers::Answers;
pub use rubric::{stage_name, Layer, Op, Rubric, Test, STAGE_NAMES as STAGE_NAMES_FOR_LADDER};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    NotEvaluable,
    NotAnswered,
}

/// One criterion with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub stage: u8,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub op: &'static str,
    pub threshold: Value,
    pub value: Value,
    pub n: Option<i64>,
    pub status: Status,
    pub why: String,
    /// Why the metric is missing when the loaded exports cannot give it at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerResult {
    pub layer: Layer,
    pub stage: u8,
    pub stage_name: &'static str,
    pub score: f64,
    pub criteria: Vec<CriterionResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    pub stage: u8,
    pub stage_name: &'static str,
    pub limiting_layers: Vec<Layer>,
    pub mean_score: f64,
}

/// A next step: a failed criterion of a limiting layer, or a caution from the seed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub kind: &'static str,
    pub layer: Layer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// The metric or question the recommendation is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    pub text: String,
    pub current: Value,
    pub target: Value,
    pub gap: Option<f64>,
    /// Stage gates (layer, stage) that fail on the same measure and would move with it.
    pub unblocks: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub period: PeriodOut,
    pub tenant: Option<String>,
    pub mode: &'static str,
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
    let layers: Vec<LayerResult> = Layer::ALL
        .into_iter()
        .map(|layer| {
            let criteria: Vec<CriterionResult> = rubric
                .criteria
                .iter()
                .filter(|c| c.layer == layer)
                .map(|c| evaluate(c, &metrics, answers))
                .collect();
            let stage = layer_stage(&criteria);
            let score = layer_score(stage, &criteria);
            LayerResult {
                layer,
                stage,
                stage_name: stage_name(stage),
                score,
                criteria,
            }
        })
        .collect();

    let stage = layers.iter().map(|l| l.stage).min().unwrap_or(1);
    let limiting_layers = layers
        .iter()
        .filter(|l| l.stage == stage)
        .map(|l| l.layer)
        .collect();
    let mean = layers.iter().map(|l| l.score).sum::<f64>() / layers.len().max(1) as f64;
    let overall = Overall {
        stage,
        stage_name: stage_name(stage),
        limiting_layers,
        mean_score: (mean * 100.0).round() / 100.0,
    };
    let recommendations = recommend(&layers, &overall, &report.metrics);
    Assessment {
        period: report.period.clone(),
        tenant: report.tenant.clone(),
        mode: if answers.is_some() {
            "data+answers"
        } else {
            "data"
        },
        overall,
        layers,
        recommendations,
    }
}

fn evaluate(c: &rubric::Criterion, metrics: &Value, answers: Option<&Answers>) -> CriterionResult {
    let base = |kind,
                metric: Option<String>,
                question: Option<String>,
                op,
                threshold,
                value,
                n,
                status| CriterionResult {
        id: c.id.clone(),
        stage: c.stage,
        kind,
        metric,
        question,
        op,
        threshold,
        value,
        n,
        status,
        why: c.why.clone(),
        unavailable: None,
    };
    match &c.test {
        Test::Metric {
            metric,
            op,
            threshold,
            min_n,
        } => {
            let (value, n) = lookup(metrics, metric);
            let status = match value {
                None => Status::NotEvaluable,
                Some(_) if n.is_some_and(|n| n < *min_n) => Status::NotEvaluable,
                Some(v) if op.holds(v, *threshold) => Status::Pass,
                Some(_) => Status::Fail,
            };
            let unavailable = metrics[metric.split('.').next().unwrap_or(metric)]["unavailable"]
                .as_str()
                .map(str::to_string);
            let result = base(
                "metric",
                Some(metric.clone()),
                None,
                op.symbol(),
                number(*threshold),
                value.map_or(Value::Null, number),
                n,
                status,
            );
            CriterionResult {
                unavailable,
                ..result
            }
        }
        Test::Answer { question, answer } => {
            let given = answers.and_then(|a| a.get(question)).copied();
            let status = match (answers, given) {
                (None, _) | (Some(_), None) => Status::NotAnswered,
                (Some(_), Some(g)) if g == *answer => Status::Pass,
                (Some(_), Some(_)) => Status::Fail,
            };
            base(
                "answer",
                None,
                Some(question.clone()),
                "=",
                Value::Bool(*answer),
                given.map_or(Value::Null, Value::Bool),
                None,
                status,
            )
        }
    }
}

/// A metric's value and sample size: a ratio's value over its denominator, a count's value, a
/// duration field over its n, a change's value.
fn lookup(metrics: &Value, key: &str) -> (Option<f64>, Option<i64>) {
    let (name, field) = key
        .split_once('.')
        .map_or((key, None), |(k, f)| (k, Some(f)));
    let m = &metrics[name];
    match field {
        Some(f) => (m[f].as_f64(), m["n"].as_i64()),
        None if m.get("denominator").is_some() => (m["value"].as_f64(), m["denominator"].as_i64()),
        None => (m["value"].as_f64(), None),
    }
}

/// Highest stage k whose criteria of stages 2..k all pass; unanswered questions are left out.
fn layer_stage(criteria: &[CriterionResult]) -> u8 {
    let mut stage = 1;
    for k in 2..=5 {
        let gate_passes = criteria
            .iter()
            .filter(|c| c.stage == k && c.status != Status::NotAnswered)
            .all(|c| c.status == Status::Pass);
        if !gate_passes {
            break;
        }
        stage = k;
    }
    stage
}

/// Stage plus the share of the next stage's gate criteria that pass, to one decimal (never
/// rounded up into the next stage).
fn layer_score(stage: u8, criteria: &[CriterionResult]) -> f64 {
    if stage >= 5 {
        return 5.0;
    }
    let next: Vec<&CriterionResult> = criteria
        .iter()
        .filter(|c| c.stage == stage + 1 && c.status != Status::NotAnswered)
        .collect();
    let fraction = if next.is_empty() {
        0.0
    } else {
        next.iter().filter(|c| c.status == Status::Pass).count() as f64 / next.len() as f64
    };
    let score = f64::from(stage) + fraction;
    ((score * 10.0).round() / 10.0).min(f64::from(stage) + 0.9)
}

fn recommend(layers: &[LayerResult], overall: &Overall, metrics: &Metrics) -> Vec<Recommendation> {
    let measure = |c: &CriterionResult| {
        c.metric
            .clone()
            .or_else(|| c.question.clone())
            .unwrap_or_default()
    };
    let failing = |c: &CriterionResult| matches!(c.status, Status::Fail | Status::NotEvaluable);
    let mut out = Vec::new();
    for layer in layers
        .iter()
        .filter(|l| overall.limiting_layers.contains(&l.layer) && l.stage < 5)
    {
        for c in layer
            .criteria
            .iter()
            .filter(|c| c.stage == layer.stage + 1 && failing(c))
        {
            let key = measure(c);
            let gates: BTreeSet<(Layer, u8)> = layers
                .iter()
                .flat_map(|l| {
                    l.criteria
                        .iter()
                        .filter(|x| failing(x) && measure(x) == key)
                        .map(move |x| (l.layer, x.stage))
                })
                .collect();
            let gap = match (c.value.as_f64(), c.threshold.as_f64(), op_of(c.op)) {
                (Some(v), Some(t), Some(op)) => Some(op.gap(v, t)),
                _ => None,
            };
            let text = match (&c.status, &c.unavailable) {
                (Status::NotEvaluable, Some(reason)) => {
                    format!("{key} cannot be evaluated, {reason} — export the data it needs")
                }
                (Status::NotEvaluable, None) => format!(
                    "{key} cannot be evaluated: not enough data ({}) — measure it first",
                    c.n.map_or_else(|| "none".into(), |n| format!("n = {n}"))
                ),
                _ => format!(
                    "bring {key} to {} {}: {}",
                    c.op,
                    fmt_value(&c.threshold),
                    c.why
                ),
            };
            out.push(Recommendation {
                kind: "criterion",
                layer: layer.layer,
                criterion: Some(c.id.clone()),
                measure: Some(key.clone()),
                text,
                current: c.value.clone(),
                target: c.threshold.clone(),
                gap,
                unblocks: gates.len(),
            });
        }
    }
    out.sort_by(|a, b| {
        b.unblocks
            .cmp(&a.unblocks)
            .then(a.layer.cmp(&b.layer))
            .then(a.criterion.cmp(&b.criterion))
    });
    out.extend(cautions(layers, metrics));
    out
}

/// The seed's cautions: automation before human oversight, and AI on data that is not reliable.
fn cautions(layers: &[LayerResult], m: &Metrics) -> Vec<Recommendation> {
    let mut out = Vec::new();
    let oversight = m.human_oversight_rate.value;
    if m.human_oversight_rate.denominator > 0 && oversight.is_some_and(|v| v < 0.80) {
        out.push(Recommendation {
            kind: "caution",
            layer: Layer::Automation,
            criterion: None,
            measure: Some("human_oversight_rate".into()),
            text: format!(
                "automation contains or remediates without human approval in {} of {} actions: put a person at these decision points before automating further",
                m.human_oversight_rate.denominator - m.human_oversight_rate.numerator,
                m.human_oversight_rate.denominator
            ),
            current: oversight.map_or(Value::Null, number),
            target: number(0.95),
            gap: oversight.map(|v| (0.95 - v).max(0.0)),
            unblocks: 0,
        });
    }
    let data_stage = layers
        .iter()
        .find(|l| l.layer == Layer::Data)
        .map_or(1, |l| l.stage);
    let ai = m
        .ai_assist_rate
        .value
        .unwrap_or(0.0)
        .max(m.automation_rate.value.unwrap_or(0.0));
    if data_stage < 3 && ai >= 0.30 {
        out.push(Recommendation {
            kind: "caution",
            layer: Layer::Data,
            criterion: None,
            measure: None,
            text: format!(
                "automation and AI act on {:.0}% of the work while the data layer is at stage {data_stage}: without reliable data they cannot deliver consistent results",
                ai * 100.0
            ),
            current: Value::from(data_stage),
            target: Value::from(3),
            gap: Some(f64::from(3 - data_stage)),
            unblocks: 0,
        });
    }
    out
}

fn op_of(symbol: &str) -> Option<Op> {
    [Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq]
        .into_iter()
        .find(|o| o.symbol() == symbol)
}

fn number(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

fn fmt_value(v: &Value) -> String {
    match v {
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| crate::humanize::number(Some(f))),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
