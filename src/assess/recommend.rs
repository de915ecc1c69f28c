//! Next steps a client can read: the criteria that hold the limiting layers back (and the
//! evidence that would let a layer be assessed or lift one limited by missing evidence), in the
//! metrics' own labels and units, ranked by impact: the gates fixing it unlocks × the size of
//! the gap. Then the seed's cautions.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use super::{number, stage_name, CriterionResult, Layer, LayerResult, Op, Overall, Status};
use crate::humanize;
use crate::metrics::Metrics;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationKind {
    /// A criterion to meet, or evidence to bring.
    Criterion,
    /// A caution from the seed (automation before oversight, AI on unreliable data).
    Caution,
}

/// A next step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub kind: RecommendationKind,
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
    /// Stage gates (layer, stage) that do not pass on the same measure and would move with it.
    pub unblocks: usize,
    /// The gates that would open if this alone were fixed, for people: `identity stage 4`.
    pub unlocks: Vec<String>,
    /// Gates unlocked × relative size of the gap (1 for missing evidence): the ranking key.
    pub impact: f64,
}

/// Recommendations for the limiting layers, the layers limited by missing evidence and the
/// layers not assessed; then the cautions.
pub fn recommend(
    layers: &[LayerResult],
    overall: &Overall,
    m: &Metrics,
    metrics: &Value,
) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = Vec::new();
    let mut seen = BTreeSet::new();
    for layer in layers {
        let limiting = overall.limiting_layers.contains(&layer.layer);
        let next = match layer.stage {
            None => 2,
            Some(s) if s < 5 && (limiting || layer.limited_by_missing_evidence) => s + 1,
            _ => continue,
        };
        for c in layer
            .criteria
            .iter()
            .filter(|c| c.stage == next && c.gated && c.status != Status::Pass)
        {
            let key = measure_of(c);
            if !seen.insert(key.clone()) {
                continue;
            }
            out.push(criterion(layer, c, &key, layers, metrics));
        }
    }
    out.sort_by(|a, b| {
        b.impact
            .total_cmp(&a.impact)
            .then(b.unblocks.cmp(&a.unblocks))
            .then(a.layer.cmp(&b.layer))
            .then(a.criterion.cmp(&b.criterion))
    });
    out.extend(cautions(layers, m));
    out
}

fn measure_of(c: &CriterionResult) -> String {
    c.metric
        .clone()
        .or_else(|| c.question.clone())
        .unwrap_or_default()
}

fn criterion(
    layer: &LayerResult,
    c: &CriterionResult,
    key: &str,
    layers: &[LayerResult],
    metrics: &Value,
) -> Recommendation {
    let open = |x: &CriterionResult| x.gated && x.status != Status::Pass;
    let gates: BTreeSet<(Layer, u8)> = layers
        .iter()
        .flat_map(|l| {
            l.criteria
                .iter()
                .filter(|x| open(x) && measure_of(x) == key)
                .map(move |x| (l.layer, x.stage))
        })
        .collect();
    // A gate opens with this measure alone when it is the layer's next gate and nothing else in
    // it is open.
    let unlocks: Vec<String> = gates
        .iter()
        .filter(|(lid, stage)| {
            layers.iter().any(|l| {
                l.layer == *lid
                    && l.stage.map_or(2, |s| s + 1) == *stage
                    && l.criteria
                        .iter()
                        .filter(|x| x.stage == *stage && open(x))
                        .all(|x| measure_of(x) == key)
            })
        })
        .map(|(lid, stage)| {
            let l = layers.iter().find(|l| l.layer == *lid);
            if l.is_some_and(|l| !l.assessed) {
                format!("{lid} assessed")
            } else {
                format!("{lid} stage {stage} {}", stage_name(*stage))
            }
        })
        .collect();
    let gap = match (c.value.as_f64(), c.threshold.as_f64()) {
        (Some(v), Some(t)) if c.status == Status::Fail => Some(c.op.gap(v, t)),
        _ => None,
    };
    let size = match (gap, c.threshold.as_f64()) {
        (Some(g), Some(t)) if t.abs() > 1e-9 => (g / t.abs()).clamp(0.0, 1.0),
        (Some(g), _) => g.clamp(0.0, 1.0),
        // No measurement to compare: the whole way to go.
        (None, _) => 1.0,
    };
    let impact = (unlocks.len() as f64).max(0.5) * size;
    let label = label_of(key);
    let unit = |v: &Value| show(v, key, &c.threshold, metrics);
    let then = if unlocks.is_empty() {
        String::new()
    } else {
        format!("; unlocks {}", unlocks.join(", "))
    };
    let text = match c.status {
        Status::NotAvailable => format!(
            "{label}: not available from these exports ({}){then}",
            c.unavailable
                .as_deref()
                .map_or("the exports do not carry it", |u| u
                    .trim_start_matches("not available from this export: "))
        ),
        Status::NotEvaluable => format!(
            "{label} cannot be judged on {}: measure it on more data{then}",
            match c.n {
                Some(n) => format!("a sample of {n}"),
                None => "no data".to_string(),
            }
        ),
        Status::NotAnswered => format!(
            "answer `{key}` in the answers file (an unanswered question fails its gate){then}"
        ),
        _ if c.question.is_some() => {
            // The rubric writes each reason as a sentence; the recommendation ends its own.
            format!(
                "`{key}` is answered {}: {}{then}",
                unit(&c.value),
                c.why.trim_end_matches('.')
            )
        }
        _ => format!(
            "bring {label} {} {} {} — now {}{then}",
            match c.op {
                Op::Le | Op::Lt => "down to",
                Op::Ge | Op::Gt => "up to",
                Op::Eq => "to",
            },
            c.op.symbol(),
            unit(&c.threshold),
            unit(&c.value)
        ),
    };
    Recommendation {
        kind: RecommendationKind::Criterion,
        layer: layer.layer,
        criterion: Some(c.id.clone()),
        measure: Some(key.to_string()),
        text,
        current: c.value.clone(),
        target: c.threshold.clone(),
        gap,
        unblocks: gates.len(),
        unlocks,
        impact: (impact * 1000.0).round() / 1000.0,
    }
}

/// The metric's label for people (`mtta.median_minutes` → the MTTA label, "median").
fn label_of(key: &str) -> String {
    let (base, field) = key.split_once('.').unwrap_or((key, ""));
    let label = crate::metrics::catalog::label_of(base).unwrap_or(base);
    let label = label.split("  ").next().unwrap_or(label);
    match field.strip_suffix("_minutes") {
        Some(stat) => format!("{label} {stat}"),
        None => label.to_string(),
    }
}

/// A value in the metric's unit: minutes for duration fields, a percentage for shares (ratios
/// whose threshold is a share), a plain number otherwise.
fn show(v: &Value, key: &str, threshold: &Value, metrics: &Value) -> String {
    match v {
        Value::Null => "–".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => {
            let (base, field) = key.split_once('.').unwrap_or((key, ""));
            let is_ratio = metrics[base].get("denominator").is_some();
            let is_share = is_ratio && threshold.as_f64().is_some_and(|t| t <= 1.0);
            if field.ends_with("_minutes") {
                humanize::minutes(n.as_f64())
            } else if is_share {
                humanize::percent(n.as_f64())
            } else {
                humanize::number(n.as_f64())
            }
        }
        other => other.to_string(),
    }
}

/// The seed's cautions: automation before human oversight, and AI on data that is not reliable.
fn cautions(layers: &[LayerResult], m: &Metrics) -> Vec<Recommendation> {
    let mut out = Vec::new();
    let oversight = m.human_oversight_rate.value;
    if m.human_oversight_rate.denominator > 0 && oversight.is_some_and(|v| v < 0.80) {
        out.push(Recommendation {
            kind: RecommendationKind::Caution,
            layer: Layer::Automation,
            criterion: None,
            measure: Some("human_oversight_rate".into()),
            text: format!(
                "automation contains or remediates without a person's prior approval in {} of {} actions: put a person at these decision points before automating further",
                m.human_oversight_rate.denominator - m.human_oversight_rate.numerator,
                m.human_oversight_rate.denominator
            ),
            current: oversight.map_or(Value::Null, number),
            target: number(0.95),
            gap: oversight.map(|v| (0.95 - v).max(0.0)),
            unblocks: 0,
            unlocks: Vec::new(),
            impact: 0.0,
        });
    }
    let data_stage = layers
        .iter()
        .find(|l| l.layer == Layer::Data)
        .and_then(|l| l.stage);
    let ai = m
        .ai_assist_rate
        .value
        .unwrap_or(0.0)
        .max(m.automation_rate.value.unwrap_or(0.0));
    if let Some(data_stage) = data_stage.filter(|s| *s < 3) {
        if ai >= 0.30 {
            out.push(Recommendation {
                kind: RecommendationKind::Caution,
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
                unlocks: Vec::new(),
                impact: 0.0,
            });
        }
    }
    out
}
