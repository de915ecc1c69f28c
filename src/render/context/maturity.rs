//! The maturity section: the ladder, each layer's stage and criteria with their evidence, and the
//! recommendations.

use serde::Serialize;

use crate::assess::{Assessment, RecommendationKind, Status, STAGE_NAMES_FOR_LADDER};
use crate::error::Result;
use crate::metrics::catalog::{self};
use crate::render::charts;

use super::{Chart, Table};

#[derive(Debug, Clone, Serialize)]
pub struct LadderStep {
    pub stage: u8,
    pub name: String,
    pub current: bool,
    pub layers: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub stage: u8,
    pub measure: String,
    pub value: String,
    pub target: String,
    pub n: String,
    /// The serde name of the state (`pass`, `not_available`, ...): what templates compare.
    pub status: Status,
    /// The state for people.
    pub status_label: String,
    pub status_class: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LayerView {
    pub id: String,
    pub title: String,
    pub assessed: bool,
    /// "3 Signal-Driven", or "not assessed".
    pub stage: String,
    pub stage_name: String,
    pub score: String,
    /// Why the layer is not assessed, or what evidence limits it ("" when neither).
    pub note: String,
    pub limited_by_missing_evidence: bool,
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationView {
    pub kind: RecommendationKind,
    pub layer: String,
    pub text: String,
    pub current: String,
    pub target: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Maturity {
    pub ladder: Vec<LadderStep>,
    pub chart: Chart,
    pub layers: Vec<LayerView>,
    pub recommendations: Vec<RecommendationView>,
}

pub(super) fn maturity(a: &Assessment, previous: Option<&Assessment>) -> Result<Maturity> {
    let ladder = STAGE_NAMES_FOR_LADDER
        .iter()
        .enumerate()
        .rev()
        .map(|(i, name)| {
            let stage = u8::try_from(i + 1).unwrap_or(1);
            LadderStep {
                stage,
                name: (*name).to_string(),
                current: Some(stage) == a.overall.stage,
                layers: a
                    .layers
                    .iter()
                    .filter(|l| l.stage == Some(stage))
                    .map(|l| l.layer.id())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    // Layers not assessed have no score to chart: they are listed, not drawn at 0.
    let charted: Vec<&crate::assess::LayerResult> =
        a.layers.iter().filter(|l| l.assessed).collect();
    let names: Vec<String> = charted.iter().map(|l| l.layer.id().to_string()).collect();
    let scores: Vec<f64> = charted.iter().filter_map(|l| l.score).collect();
    let before: Option<Vec<Option<f64>>> = previous.map(|p| {
        charted
            .iter()
            .map(|l| {
                p.layers
                    .iter()
                    .find(|x| x.layer == l.layer)
                    .and_then(|x| x.score)
            })
            .collect()
    });
    let svg = charts::horizontal_bars(
        "layer-scores",
        &names,
        &scores,
        before.as_deref(),
        "maturity score (0–5)",
        Some(5.0),
    )?;
    let mut table = Table {
        more: None,
        headers: vec![
            "layer".into(),
            "stage".into(),
            "score".into(),
            "previous score".into(),
        ],
        rows: vec![],
    };
    for (i, l) in charted.iter().enumerate() {
        let prev = before.as_ref().and_then(|b| b.get(i).copied().flatten());
        table.rows.push(vec![
            l.layer.id().into(),
            stage_text(l),
            l.score.map_or_else(|| "–".into(), |s| format!("{s:.1}")),
            prev.map_or_else(|| "–".into(), |p| format!("{p:.1}")),
        ]);
    }
    let alt = format!(
        "Maturity score per layer, 0 to 5: {}{}.",
        charted
            .iter()
            .map(|l| format!("{} {:.1}", l.layer.id(), l.score.unwrap_or(0.0)))
            .collect::<Vec<_>>()
            .join(", "),
        if previous.is_some() {
            "; the previous period's scores are marked"
        } else {
            ""
        }
    );
    let chart = Chart {
        id: "layer-scores".into(),
        title: "Maturity score by layer".into(),
        svg,
        alt,
        table,
    };

    let layers = a
        .layers
        .iter()
        .map(|l| LayerView {
            id: l.layer.id().into(),
            title: l.layer.title().into(),
            assessed: l.assessed,
            stage: stage_text(l),
            stage_name: l.stage_name.unwrap_or("").into(),
            score: l.score.map_or_else(|| "–".into(), |s| format!("{s:.1}")),
            note: l
                .reason
                .clone()
                .or_else(|| {
                    l.missing_evidence
                        .as_ref()
                        .map(|m| format!("limited by missing evidence: {m}"))
                })
                .unwrap_or_default(),
            limited_by_missing_evidence: l.limited_by_missing_evidence && l.assessed,
            criteria: l
                .criteria
                .iter()
                .map(|c| CriterionView {
                    id: c.id.clone(),
                    stage: c.stage,
                    measure: c
                        .metric
                        .clone()
                        .or_else(|| c.question.clone())
                        .unwrap_or_default(),
                    value: show(&c.value, c.metric.as_deref()),
                    target: format!(
                        "{} {}",
                        c.op.symbol(),
                        show(&c.threshold, c.metric.as_deref())
                    ),
                    n: c.n.map_or_else(|| "–".into(), |n| n.to_string()),
                    status: c.status,
                    status_label: if c.gated {
                        c.status.label().to_string()
                    } else {
                        "not asked (data-only)".to_string()
                    },
                    status_class: match c.status {
                        Status::Pass => "pass",
                        Status::Fail => "fail",
                        _ => "na",
                    }
                    .into(),
                    why: c.why.clone(),
                })
                .collect(),
        })
        .collect();
    let recommendations = a
        .recommendations
        .iter()
        .map(|r| RecommendationView {
            kind: r.kind,
            layer: r.layer.id().into(),
            text: r.text.clone(),
            current: show(&r.current, r.measure.as_deref()),
            target: show(&r.target, r.measure.as_deref()),
        })
        .collect();
    Ok(Maturity {
        ladder,
        chart,
        layers,
        recommendations,
    })
}

/// A layer's stage for people: "3 Signal-Driven" or "not assessed".
fn stage_text(l: &crate::assess::LayerResult) -> String {
    match (l.stage, l.stage_name) {
        (Some(stage), Some(name)) => format!("{stage} {name}"),
        _ => "not assessed".to_string(),
    }
}

/// A criterion value in its measure's unit (the catalog's); a yes/no answer as such.
fn show(v: &serde_json::Value, measure: Option<&str>) -> String {
    let unit = measure
        .and_then(catalog::measure_unit)
        .unwrap_or(catalog::Unit::Number);
    match v {
        serde_json::Value::Null => "–".into(),
        serde_json::Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        serde_json::Value::Number(n) => unit.show(n.as_f64()),
        other => other.to_string(),
    }
}
