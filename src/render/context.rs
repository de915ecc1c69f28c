//! The report's view-model: everything the templates show, already formatted. Templates only lay
//! it out (loops and ifs); every number, date and duration is formatted here.

use serde::Serialize;

use crate::assess::{Assessment, Mode, RecommendationKind, Status, STAGE_NAMES_FOR_LADDER};
use crate::error::Result;
use crate::humanize::{minutes, number, percent};
use crate::metrics::catalog::{self, Shape};
use crate::metrics::{Duration, MetricKey, MetricsReport, Ratio, CATALOG};
use crate::render::history::Trend;
use crate::render::{charts, findings, HeaderFacts};

/// A chart: its SVG, a text alternative, and the numbers behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub alt: String,
    pub table: Table,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub key: String,
    pub label: String,
    pub value: String,
    pub previous: String,
    /// ↑, ↓ or → (or empty without a previous value).
    pub arrow: String,
    /// The colour of the arrow.
    pub tone: Tone,
    pub note: String,
}

/// Whether a change is good news, bad news or neither (the templates compare the serde names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Good,
    Bad,
    Neutral,
}

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
pub struct DefinitionView {
    pub key: String,
    pub name: String,
    pub definition: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub organisation: String,
    pub period: String,
    pub period_bounds: String,
    pub generated_at: String,
    /// The latest timestamp of the data (not the generation time).
    pub data_up_to: String,
    /// The overall stage; null when no layer can be assessed.
    pub stage: Option<u8>,
    pub stage_name: String,
    /// "Stage 3 · Signal-Driven", or "No verdict" when no layer can be assessed.
    pub verdict: String,
    /// "verdict covers 5 of 6 layers".
    pub coverage: String,
    /// Set when the data stops before the period's last day.
    pub partial: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The overall stage; null when no layer can be assessed.
    pub stage: Option<u8>,
    pub stage_name: String,
    /// "stage 3, Signal-Driven" or "no verdict".
    pub verdict: String,
    pub limiting_layers: String,
    pub mean_score: String,
    pub mode: Mode,
    pub mode_note: String,
    /// "The verdict covers 5 of 6 layers; not assessed: automation (…)" or "".
    pub coverage_note: String,
    pub partial_note: String,
    pub kpis: Vec<Kpi>,
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Maturity {
    pub ladder: Vec<LadderStep>,
    pub chart: Chart,
    pub layers: Vec<LayerView>,
    pub recommendations: Vec<RecommendationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub distributions: Vec<Chart>,
    pub severity: Table,
    pub trend: Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signals {
    pub funnel: Chart,
    pub noisy_rules: Chart,
    pub noise_trend: Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct Automation {
    pub trend: Chart,
    pub closers: Chart,
    pub oversight: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub domains: Chart,
    pub tactics: Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    pub facts: Table,
    /// Metrics the loaded exports cannot give, with the reason (empty when none).
    pub unavailable: Table,
    pub completeness: Table,
    pub definitions: Vec<DefinitionView>,
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub title: String,
    pub header: Header,
    pub summary: Summary,
    pub trend: Trend,
    pub maturity: Maturity,
    pub response: Response,
    pub signals: Signals,
    pub automation: Automation,
    pub coverage: Coverage,
    pub quality: Quality,
}

/// Builds the view-model. `previous` is the assessment of the period before, when the data holds it.
pub fn build(
    report: &MetricsReport,
    assessment: &Assessment,
    previous: Option<&Assessment>,
    facts: &HeaderFacts,
    trend: Trend,
) -> Result<ReportContext> {
    let organisation = facts.organisation.clone();
    let header = Header {
        organisation: organisation.clone(),
        period: facts.period_label.clone(),
        period_bounds: format!(
            "{} → {} ({})",
            report.period.from, report.period.to, report.period.timezone
        ),
        generated_at: facts.generated_at.clone(),
        data_up_to: facts.data_up_to.clone(),
        stage: assessment.overall.stage,
        stage_name: assessment.overall.stage_name.unwrap_or("").to_string(),
        verdict: match (assessment.overall.stage, assessment.overall.stage_name) {
            (Some(stage), Some(name)) => format!("Stage {stage} · {name}"),
            _ => "No verdict".to_string(),
        },
        coverage: format!(
            "verdict covers {} of {} layers",
            assessment.overall.assessed_layers,
            assessment.layers.len()
        ),
        partial: report.period.partial,
    };
    let unassessed: Vec<String> = assessment
        .layers
        .iter()
        .filter(|l| !l.assessed)
        .map(|l| {
            format!(
                "{} ({})",
                l.layer.id(),
                l.reason.as_deref().unwrap_or("not assessed")
            )
        })
        .collect();
    let summary = Summary {
        stage: assessment.overall.stage,
        stage_name: assessment.overall.stage_name.unwrap_or("").to_string(),
        verdict: match (assessment.overall.stage, assessment.overall.stage_name) {
            (Some(stage), Some(name)) => format!("stage {stage}, {name}"),
            _ => "no verdict: no layer can be assessed from these exports".to_string(),
        },
        mode: assessment.mode,
        coverage_note: if unassessed.is_empty() {
            String::new()
        } else {
            format!(
                "The verdict covers {} of {} layers. Not assessed: {}.",
                assessment.overall.assessed_layers,
                assessment.layers.len(),
                unassessed.join("; ")
            )
        },
        partial_note: if report.period.partial {
            "Partial period: the data stops before the period's last day, so its numbers cover only part of it.".to_string()
        } else {
            String::new()
        },
        limiting_layers: assessment
            .overall
            .limiting_layers
            .iter()
            .map(|l| l.title())
            .collect::<Vec<_>>()
            .join("; "),
        mean_score: assessment
            .overall
            .mean_score
            .map_or_else(|| "–".to_string(), |m| format!("{m:.1}")),
        mode_note: match assessment.mode {
            Mode::Data => format!(
                "Data-only verdict: the questionnaire was not asked ({} gates hold questionnaire criteria; pass --answers FILE to include them).",
                assessment.unasked_gates
            ),
            Mode::DataAndAnswers => "Assessed from data and questionnaire answers; an unanswered question fails its gate.".to_string(),
        },
        kpis: kpis(report),
        findings: findings::findings(report, assessment),
    };
    Ok(ReportContext {
        title: format!("SOC report · {organisation} · {}", facts.period_label),
        header,
        summary,
        trend,
        maturity: maturity(assessment, previous)?,
        response: response(report)?,
        signals: signals(report)?,
        automation: automation(report)?,
        coverage: coverage(report)?,
        quality: quality(report),
    })
}

fn kpis(report: &MetricsReport) -> Vec<Kpi> {
    let mut tiles = kpi_tiles(report);
    for (def, _) in report.metrics.unavailable() {
        if let Some(tile) = tiles.iter_mut().find(|t| t.key == def.name) {
            tile.value = "–".into();
            tile.previous = String::new();
            tile.arrow = String::new();
            tile.tone = Tone::Neutral;
            tile.note = "not available from this export".into();
        }
    }
    tiles
}

fn kpi_tiles(report: &MetricsReport) -> Vec<Kpi> {
    let m = &report.metrics;
    let p = report.previous.as_ref().map(|p| &p.metrics);
    let dur = |key: MetricKey, label: &str, d: &Duration, prev: Option<&Duration>| {
        kpi(
            key,
            label,
            d.median_minutes,
            prev.and_then(|p| p.median_minutes),
            minutes,
            true,
            &format!("median of {} incidents", d.n),
        )
    };
    let ratio =
        |key: MetricKey, label: &str, r: &Ratio, prev: Option<&Ratio>, lower_is_better: bool| {
            kpi(
                key,
                label,
                r.value,
                prev.and_then(|p| p.value),
                percent,
                lower_is_better,
                &format!("{} of {}", r.numerator, r.denominator),
            )
        };
    vec![
        dur(
            MetricKey::mttd,
            "MTTD (median)",
            &m.mttd,
            p.map(|p| &p.mttd),
        ),
        dur(
            MetricKey::mtta,
            "MTTA (median)",
            &m.mtta,
            p.map(|p| &p.mtta),
        ),
        dur(
            MetricKey::mttr,
            "MTTR (median)",
            &m.mttr,
            p.map(|p| &p.mttr),
        ),
        ratio(
            MetricKey::noise_ratio,
            "Noise ratio",
            &m.noise_ratio,
            p.map(|p| &p.noise_ratio),
            true,
        ),
        ratio(
            MetricKey::automation_rate,
            "Automation rate",
            &m.automation_rate,
            p.map(|p| &p.automation_rate),
            false,
        ),
        kpi(
            MetricKey::backlog,
            "Backlog",
            m.backlog.known().map(|v| v as f64),
            p.and_then(|p| p.backlog.known()).map(|v| v as f64),
            number,
            true,
            "open incidents at period end",
        ),
    ]
}

fn kpi(
    key: MetricKey,
    label: &str,
    now: Option<f64>,
    before: Option<f64>,
    fmt: fn(Option<f64>) -> String,
    lower_is_better: bool,
    note: &str,
) -> Kpi {
    let (arrow, tone) = match (now, before) {
        (Some(a), Some(b)) if (a - b).abs() <= 1e-9 * b.abs().max(1.0) => ("→", Tone::Neutral),
        (Some(a), Some(b)) => {
            let up = a > b;
            let good = up != lower_is_better;
            (
                if up { "↑" } else { "↓" },
                if good { Tone::Good } else { Tone::Bad },
            )
        }
        _ => ("", Tone::Neutral),
    };
    Kpi {
        key: key.def().name.to_string(),
        label: label.to_string(),
        value: fmt(now),
        previous: before.map_or_else(
            || "no previous period".to_string(),
            |b| format!("previous {}", fmt(Some(b))),
        ),
        arrow: arrow.to_string(),
        tone,
        note: note.to_string(),
    }
}

fn maturity(a: &Assessment, previous: Option<&Assessment>) -> Result<Maturity> {
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

fn response(r: &MetricsReport) -> Result<Response> {
    let mut distributions = Vec::new();
    for (metric, title) in [
        (MetricKey::mttd, "Time to detect"),
        (MetricKey::mtta, "Time to acknowledge"),
        (MetricKey::mttr, "Time to resolve"),
    ] {
        let key = metric.def().name;
        let buckets = r.distributions.get(key).cloned().unwrap_or_default();
        let labels: Vec<String> = buckets.iter().map(|b| b.label.clone()).collect();
        let values: Vec<f64> = buckets.iter().map(|b| b.incidents as f64).collect();
        let id = format!("{key}-distribution");
        let svg = charts::columns(&id, &labels, &values, "duration", "incidents")?;
        let table = Table {
            headers: vec!["duration".into(), "incidents".into()],
            rows: buckets
                .iter()
                .map(|b| vec![b.label.clone(), b.incidents.to_string()])
                .collect(),
        };
        let alt = format!(
            "{title}: incidents per duration bucket: {}.",
            buckets
                .iter()
                .map(|b| format!("{} {}", b.label, b.incidents))
                .collect::<Vec<_>>()
                .join(", ")
        );
        distributions.push(Chart {
            id,
            title: format!("{title} ({})", key.to_uppercase()),
            svg,
            alt,
            table,
        });
    }

    let mut severity = Table {
        headers: ["metric", "severity", "n", "mean", "median", "p90"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: vec![],
    };
    for key in CATALOG
        .iter()
        .filter(|d| d.shape == Shape::Duration)
        .map(|d| d.name)
    {
        for s in r
            .by_severity
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            severity.rows.push(vec![
                key.to_uppercase(),
                s.severity.clone(),
                s.n.to_string(),
                minutes(s.mean_minutes),
                minutes(s.median_minutes),
                minutes(s.p90_minutes),
            ]);
        }
    }

    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.clone()).collect();
    let mttr_hours: Vec<Option<f64>> = r
        .weekly
        .iter()
        .map(|w| w.mttr_median_minutes.map(|m| m / 60.0))
        .collect();
    let trend = chart_lines(
        "mttr-trend",
        "MTTR median by week",
        &weeks,
        vec![("MTTR median (hours)".into(), mttr_hours)],
        "hours",
        None,
        |v| v.map_or_else(|| "–".into(), |h| format!("{h:.1} h")),
    )?;
    Ok(Response {
        distributions,
        severity,
        trend,
    })
}

#[allow(clippy::too_many_arguments)]
fn chart_lines(
    id: &str,
    title: &str,
    weeks: &[String],
    series: Vec<(String, Vec<Option<f64>>)>,
    y_label: &str,
    y_max: Option<f64>,
    fmt: impl Fn(Option<f64>) -> String,
) -> Result<Chart> {
    let svg = if weeks.is_empty() {
        charts::empty(id, "no weeks in the period")?
    } else {
        charts::lines(id, weeks, &series, y_label, y_max)?
    };
    let mut headers = vec!["week starting".to_string()];
    headers.extend(series.iter().map(|(n, _)| n.clone()));
    let rows = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut row = vec![w.clone()];
            row.extend(series.iter().map(|(_, v)| fmt(v.get(i).copied().flatten())));
            row
        })
        .collect::<Vec<_>>();
    let alt = format!(
        "{title}: {}.",
        rows.iter()
            .map(|r| r.join(" "))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok(Chart {
        id: id.into(),
        title: title.into(),
        svg,
        alt,
        table: Table { headers, rows },
    })
}

fn chart_bars(
    id: &str,
    title: &str,
    names: Vec<String>,
    values: Vec<f64>,
    x_label: &str,
    value_header: &str,
    empty: &str,
) -> Result<Chart> {
    let svg = if names.is_empty() {
        charts::empty(id, empty)?
    } else {
        charts::horizontal_bars(id, &names, &values, None, x_label, None)?
    };
    let rows: Vec<Vec<String>> = names
        .iter()
        .zip(&values)
        .map(|(n, v)| vec![n.clone(), number(Some(*v))])
        .collect();
    let alt = if rows.is_empty() {
        format!("{title}: {empty}.")
    } else {
        format!(
            "{title}: {}.",
            rows.iter()
                .map(|r| format!("{} {}", r[0], r[1]))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Ok(Chart {
        id: id.into(),
        title: title.into(),
        svg,
        alt,
        table: Table {
            headers: vec!["".into(), value_header.into()],
            rows,
        },
    })
}

fn signals(r: &MetricsReport) -> Result<Signals> {
    let m = &r.metrics;
    let funnel = chart_bars(
        "funnel",
        "From alerts to true positives",
        vec![
            "alerts".into(),
            "alerts linked to incidents".into(),
            "incidents".into(),
            "true-positive alerts".into(),
        ],
        vec![
            m.alerts.value as f64,
            m.alert_linkage_rate.numerator as f64,
            m.incidents.value as f64,
            m.true_positive_alerts.value as f64,
        ],
        "count",
        "count",
        "no alerts",
    )?;
    let noisy: Vec<_> = r
        .rules
        .iter()
        .filter(|x| x.noise_ratio.numerator > 0)
        .take(8)
        .collect();
    let noisy_rules = chart_bars(
        "noisy-rules",
        "Noisiest rules (false and benign positives)",
        noisy
            .iter()
            .map(|x| {
                format!(
                    "{} {}",
                    x.rule,
                    x.rule_name
                        .as_deref()
                        .filter(|n| *n != x.rule)
                        .unwrap_or("")
                )
            })
            .collect(),
        noisy
            .iter()
            .map(|x| x.noise_ratio.numerator as f64)
            .collect(),
        "noisy alerts",
        "noisy alerts",
        "no noisy alerts in the period",
    )?;
    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.clone()).collect();
    let noise_trend = chart_lines(
        "noise-trend",
        "Noise ratio by week",
        &weeks,
        vec![(
            "noise ratio (%)".into(),
            r.weekly
                .iter()
                .map(|w| w.noise_ratio.value.map(|v| v * 100.0))
                .collect(),
        )],
        "% of alerts with a verdict",
        Some(100.0),
        |v| v.map_or_else(|| "–".into(), |p| format!("{p:.1} %")),
    )?;
    Ok(Signals {
        funnel,
        noisy_rules,
        noise_trend,
    })
}

fn automation(r: &MetricsReport) -> Result<Automation> {
    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.clone()).collect();
    let trend = chart_lines(
        "automation-trend",
        "Automation rate by week",
        &weeks,
        vec![(
            "automation rate (%)".into(),
            r.weekly
                .iter()
                .map(|w| w.automation_rate.value.map(|v| v * 100.0))
                .collect(),
        )],
        "% of alerts with a known closer",
        Some(100.0),
        |v| v.map_or_else(|| "–".into(), |p| format!("{p:.1} %")),
    )?;
    let c = &r.closed_by;
    let closers = chart_bars(
        "closers",
        "Who closes alerts",
        vec![
            "human".into(),
            "automation".into(),
            "AI".into(),
            "unknown / open".into(),
        ],
        vec![
            c.human as f64,
            c.automation as f64,
            c.ai as f64,
            c.unknown as f64,
        ],
        "alerts",
        "alerts",
        "no alerts",
    )?;
    let o = &r.metrics.human_oversight_rate;
    let oversight = if o.denominator == 0 {
        "No automated containment or remediation ran in the period.".to_string()
    } else {
        format!(
            "{} of {} automated containment and remediation actions ({}) were approved by a person.",
            o.numerator,
            o.denominator,
            percent(o.value)
        )
    };
    Ok(Automation {
        trend,
        closers,
        oversight,
    })
}

fn coverage(r: &MetricsReport) -> Result<Coverage> {
    let domains = chart_bars(
        "domains",
        "Domains involved in incidents",
        r.domains.iter().map(|d| d.domain.clone()).collect(),
        r.domains.iter().map(|d| d.incidents as f64).collect(),
        "incidents with an alert in the domain",
        "incidents",
        "no incidents with alerts",
    )?;
    let tactics = chart_bars(
        "tactics",
        "ATT&CK tactics in true positives",
        r.attack.tactics.iter().map(|t| t.name.clone()).collect(),
        r.attack.tactics.iter().map(|t| t.alerts as f64).collect(),
        "true-positive alerts",
        "alerts",
        "no tactics on true-positive alerts",
    )?;
    Ok(Coverage { domains, tactics })
}

fn quality(r: &MetricsReport) -> Quality {
    let dq = &r.data_quality;
    let m = &r.metrics;
    let facts = Table {
        headers: vec!["finding".into(), "value".into()],
        rows: vec![
            vec!["exports read as".into(), dq.sources.join(", ")],
            vec![
                "rows read (latest load of each file)".into(),
                dq.rows_read.to_string(),
            ],
            vec![
                "rows rejected at load".into(),
                format!(
                    "{} ({})",
                    dq.rows_rejected,
                    percent(m.rejected_row_rate.value)
                ),
            ],
            vec![
                "negative durations excluded".into(),
                dq.negative_durations
                    .iter()
                    .map(|(k, v)| format!("{} {v}", k.to_uppercase()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
            vec![
                "closed incidents without a usable classification".into(),
                dq.classification_unknown.to_string(),
            ],
            vec![
                "incidents marked closed without a closing time".into(),
                dq.closed_without_closed_at.to_string(),
            ],
        ],
    };
    let incidents = m.incidents.value;
    let completeness = Table {
        headers: vec![
            "timestamp".into(),
            "in-scope incidents missing it".into(),
            "known".into(),
        ],
        rows: dq
            .incidents_missing
            .iter()
            .map(|(k, v)| {
                vec![
                    k.clone(),
                    v.to_string(),
                    percent(Ratio::new(incidents - v, incidents).value),
                ]
            })
            .collect(),
    };
    let definitions = definitions();
    let unavailable = Table {
        headers: vec!["metric".into(), "why".into()],
        rows: m
            .unavailable()
            .into_iter()
            .map(|(def, reason)| vec![def.name.to_string(), reason.to_string()])
            .collect(),
    };
    Quality {
        facts,
        unavailable,
        completeness,
        definitions,
    }
}

/// The report's metric dictionary: counts, durations, ratios, then changes, each in catalog
/// order.
fn definitions() -> Vec<DefinitionView> {
    [Shape::Count, Shape::Duration, Shape::Ratio, Shape::Change]
        .iter()
        .flat_map(|shape| CATALOG.iter().filter(move |d| d.shape == *shape))
        .map(|def| DefinitionView {
            key: def.name.into(),
            name: def.label.into(),
            definition: def.definition.into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_defines_every_metric_of_the_catalog_once() {
        let dictionary = definitions();
        assert_eq!(dictionary.len(), CATALOG.len());
        for def in CATALOG {
            let entry = dictionary.iter().find(|d| d.key == def.name).unwrap();
            assert_eq!(entry.definition, def.definition);
            assert_eq!(entry.name, def.label);
        }
    }
}
