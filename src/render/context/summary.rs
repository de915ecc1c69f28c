//! The report's header and executive summary: the organisation, the period, the stage and the
//! KPI tiles with their change from the previous period.

use serde::Serialize;

use crate::assess::Mode;
use crate::humanize::{minutes, number, percent};
use crate::metrics::service_levels::{SlaRow, Status};
use crate::metrics::{Duration, MetricKey, MetricsReport, Ratio};
use crate::targets::TargetKind;

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
    /// With `--targets`: how the tile's service-level targets stand ("acknowledge targets: 2 of
    /// 4 met"), else "".
    pub target: String,
    /// green, amber or red (the worst of the tile's targets), or "" without targets.
    pub status: String,
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
    /// "Service levels: 6 of 10 targets met …" with `--targets`, else "".
    pub targets: String,
    pub kpis: Vec<Kpi>,
    pub findings: Vec<String>,
}

pub(super) fn kpis(report: &MetricsReport) -> Vec<Kpi> {
    let mut tiles = kpi_tiles(report);
    if let Some(sla) = &report.metrics.sla {
        // The duration tiles whose end event a target names.
        let targeted = [
            (MetricKey::mtta, TargetKind::Acknowledge),
            (MetricKey::mttc, TargetKind::Contain),
            (MetricKey::mttr, TargetKind::Resolve),
        ];
        for (key, kind) in targeted {
            let Some(tile) = tiles.iter_mut().find(|t| t.key == key.def().name) else {
                continue;
            };
            let kind = kind.name();
            let rows: Vec<&SlaRow> = sla
                .iter()
                .filter(|r| r.target == kind && r.status.is_some())
                .collect();
            if rows.is_empty() {
                continue;
            }
            let met = rows
                .iter()
                .filter(|r| r.status == Some(Status::Green))
                .count();
            let worst = rows.iter().fold(None, |w, r| Status::worst(w, r.status));
            tile.target = format!("{kind} targets: {met} of {} met", rows.len());
            tile.status = worst.map_or("", Status::name).to_string();
        }
    }
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
            &format!(
                "median of {}",
                crate::humanize::count(d.n, "incident", "incidents")
            ),
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

/// Which way a figure moved since the previous period, as the reader sees it: unchanged when
/// both values print the same ("22 min ↓ from 22 min" would say a change the page does not show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    Up,
    Down,
    Same,
    /// Either value is missing.
    Unknown,
}

impl Moved {
    pub fn between(now: Option<f64>, before: Option<f64>, fmt: fn(Option<f64>) -> String) -> Moved {
        match (now, before) {
            (Some(a), Some(b)) if fmt(Some(a)) == fmt(Some(b)) => Moved::Same,
            (Some(a), Some(b)) if a > b => Moved::Up,
            (Some(_), Some(_)) => Moved::Down,
            _ => Moved::Unknown,
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Moved::Up => "↑",
            Moved::Down => "↓",
            Moved::Same => "→",
            Moved::Unknown => "",
        }
    }
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
    let moved = Moved::between(now, before, fmt);
    let tone = match (moved, lower_is_better) {
        (Moved::Up, false) | (Moved::Down, true) => Tone::Good,
        (Moved::Up, true) | (Moved::Down, false) => Tone::Bad,
        (Moved::Same | Moved::Unknown, _) => Tone::Neutral,
    };
    let arrow = moved.arrow();
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
        target: String::new(),
        status: String::new(),
    }
}
