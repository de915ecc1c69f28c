//! Renderers of an [`Assessment`]: the JSON contract and a table for a consultant's terminal.

use std::fmt::Write as _;

use serde_json::Value;

use crate::assess::{Assessment, Mode, RecommendationKind, Status, STAGE_NAMES_FOR_LADDER};
use crate::error::{Error, Result};
use crate::humanize;

pub fn json(a: &Assessment) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(a).map_err(|e| Error::Output {
        what: "JSON",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub fn table(a: &Assessment) -> Vec<u8> {
    let mut out = String::new();
    let scope = a.tenant.as_deref().map_or_else(
        || "all tenants".to_string(),
        |t| format!("tenant {}", clean(t)),
    );
    let _ = writeln!(
        out,
        "socgauge maturity assessment · {scope} · {} ({})",
        a.period.label, a.period.timezone
    );
    if a.period.partial {
        let _ = writeln!(out, "partial period: the data stops before its last day");
    }
    let _ = match a.mode {
        Mode::Data => writeln!(
            out,
            "data-only verdict: {} with questionnaire criteria not asked (give answers with --answers FILE; for several tenants, --tenant-answers FILE)",
            crate::humanize::count(a.unasked_gates as u64, "gate", "gates")
        ),
        Mode::DataAndAnswers => writeln!(
            out,
            "from data and questionnaire answers (an unanswered question fails its gate)"
        ),
    };

    let _ = writeln!(out, "\nStage ladder");
    for (i, name) in STAGE_NAMES_FOR_LADDER.iter().enumerate().rev() {
        let stage = u8::try_from(i + 1).unwrap_or(1);
        let marker = if Some(stage) == a.overall.stage {
            "◀ overall"
        } else {
            ""
        };
        let layers: Vec<&str> = a
            .layers
            .iter()
            .filter(|l| l.stage == Some(stage))
            .map(|l| l.layer.id())
            .collect();
        let _ = writeln!(
            out,
            "  {stage} {name:<14} {marker:<10} {}",
            layers.join(", ")
        );
    }
    let limiting: Vec<&str> = a.overall.limiting_layers.iter().map(|l| l.id()).collect();
    match (a.overall.stage, a.overall.stage_name) {
        (Some(stage), Some(name)) => {
            let held = if limiting.is_empty() {
                "the top stage".to_string()
            } else {
                format!("limited by {}", limiting.join(", "))
            };
            let _ = writeln!(
                out,
                "\nOverall: stage {stage} {name} — {held} (mean layer score {})",
                a.overall
                    .mean_score
                    .map_or_else(|| "–".to_string(), |m| format!("{m:.2}"))
            );
        }
        _ => {
            let _ = writeln!(out, "\nOverall: no verdict — {}", a.no_verdict_reason());
        }
    }
    let _ = writeln!(
        out,
        "The verdict covers {} of {} layers",
        a.overall.assessed_layers,
        a.layers.len()
    );
    if !a.overall.unassessed_layers.is_empty() {
        let names: Vec<&str> = a.overall.unassessed_layers.iter().map(|l| l.id()).collect();
        let _ = writeln!(out, "Not assessed: {}", names.join(", "));
    }

    let _ = writeln!(out, "\nLayers{:>30}{:>8}", "stage", "score");
    for l in &a.layers {
        match (l.stage, l.score) {
            (Some(stage), Some(score)) => {
                let _ = writeln!(
                    out,
                    "  {:<28}{:>2} {:<14}{:>4.1}{}",
                    l.layer.id(),
                    stage,
                    l.stage_name.unwrap_or(""),
                    score,
                    if l.limited_by_missing_evidence {
                        "  limited by missing evidence"
                    } else {
                        ""
                    }
                );
            }
            _ => {
                let _ = writeln!(out, "  {:<28} – not assessed", l.layer.id());
            }
        }
    }
    for l in &a.layers {
        if let Some(reason) = l.reason.as_deref().or(l.missing_evidence.as_deref()) {
            let _ = writeln!(out, "  {}: {}", l.layer.id(), clean(reason));
        }
    }

    let _ = writeln!(
        out,
        "\nEvidence (criteria of the next stage and any that fail)"
    );
    for l in &a.layers {
        let next = l.stage.map_or(2, |s| s + 1);
        for c in l
            .criteria
            .iter()
            .filter(|c| c.stage == next || c.status == Status::Fail && c.stage <= next)
        {
            let what = c.metric.as_deref().or(c.question.as_deref()).unwrap_or("");
            let _ = writeln!(
                out,
                "  {:<12} {:<34} {:>10} {} {:<8} n={:<6} {}",
                format!("{} {}", l.layer.id(), c.stage),
                what,
                show(&c.value),
                c.op.symbol(),
                show(&c.threshold),
                c.n.map_or_else(|| "–".into(), |n| n.to_string()),
                status(c.status)
            );
        }
    }

    if !a.recommendations.is_empty() {
        let _ = writeln!(out, "\nRecommendations");
        for (i, r) in a.recommendations.iter().enumerate() {
            let tag = match r.kind {
                RecommendationKind::Caution => "caution",
                RecommendationKind::Criterion => "next",
            };
            let unblocks = if r.unblocks > 1 {
                format!(" (moves {} gates)", r.unblocks)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {}. [{tag}] {}: {}{unblocks}",
                i + 1,
                r.layer.id(),
                r.text
            );
        }
    }
    let _ = writeln!(out, "\nThe model and rubric: docs/maturity.md");
    out.into_bytes()
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Fail => "FAIL",
        other => other.label(),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => humanize::number(n.as_f64()),
        other => clean(&other.to_string()),
    }
}

/// Text from the data (a tenant's name, evidence quoting values) for a terminal: control
/// characters, bidirectional overrides and invisible characters shown escaped, as `tenants`
/// shows them, so that they neither drive the terminal nor reorder or hide part of a name.
fn clean(s: &str) -> String {
    crate::tenants::printable(s)
}
