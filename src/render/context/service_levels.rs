//! The "Service levels" section (with `--targets`): compliance per severity × target as a table
//! and a chart, the incidents that missed a target, business-time durations beside calendar
//! ones, and the time saved by automation, shown as the estimate it is, with its formula.

use serde::Serialize;

use crate::error::Result;
use crate::humanize::{minutes, number, percent};
use crate::metrics::catalog::{MetricRef, Presence};
use crate::metrics::service_levels::{SlaRow, Status, TimeSaved};
use crate::metrics::{MetricsReport, CATALOG};

use super::{chart_bars, Chart, Table};

/// How many breached incidents the section lists (the rest are counted).
const BREACHES_SHOWN: usize = 50;

#[derive(Debug, Clone, Serialize)]
pub struct ServiceLevels {
    /// "4 of 10 targets met their compliance objective; …".
    pub headline: String,
    pub rows: Vec<SlaRowView>,
    pub headers: Vec<String>,
    pub chart: Chart,
    pub breaches: Table,
    /// "and 18 more breaches" or "".
    /// Business-time durations beside calendar ones (empty without a calendar).
    pub business: Table,
    pub time_saved: Option<TimeSavedView>,
}

/// One severity × target row, with its status for the cell's colour.
#[derive(Debug, Clone, Serialize)]
pub struct SlaRowView {
    pub cells: Vec<String>,
    /// green, amber, red, or none (no incident measured).
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeSavedView {
    pub headline: String,
    pub formula: String,
    pub note: String,
    pub table: Table,
}

/// The section, when the metrics hold service levels or a time-saved estimate.
pub(super) fn service_levels(r: &MetricsReport) -> Result<Option<ServiceLevels>> {
    let m = &r.metrics;
    if m.sla.is_none() && m.time_saved.is_none() {
        return Ok(None);
    }
    let sla = m.sla.as_deref().unwrap_or_default();
    let headers = [
        "severity",
        "target",
        "hours",
        "within",
        "measured",
        "met",
        "breached",
        "compliance",
        "objective",
        "status",
        "median overrun",
        "open past target",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = sla
        .iter()
        .map(|s| SlaRowView {
            cells: vec![
                s.severity.clone(),
                s.target.clone(),
                s.hours.clone(),
                clock(&s.hours)(Some(s.target_minutes)),
                s.n.to_string(),
                s.met.to_string(),
                s.breached.to_string(),
                percent(s.compliance_rate),
                percent(Some(s.compliance_objective)),
                status_name(s.status).to_string(),
                clock(&s.hours)(s.median_overrun_minutes),
                s.open_past_target.to_string(),
            ],
            status: status_name(s.status).to_string(),
        })
        .collect();
    let measured: Vec<&SlaRow> = sla.iter().filter(|s| s.n > 0).collect();
    let chart = chart_bars(
        "sla-compliance",
        "Incidents within target, by severity and target (%)",
        measured
            .iter()
            .map(|s| format!("{} {}", s.severity, s.target))
            .collect(),
        measured
            .iter()
            .map(|s| s.compliance_rate.unwrap_or(0.0) * 100.0)
            .collect(),
        "% of measured incidents within target",
        "% within target",
        "no incident measured against a target",
    )?;
    let all = r.sla_breaches.as_deref().unwrap_or_default();
    let breaches = Table {
        more: None,
        headers: [
            "incident",
            "title",
            "severity",
            "target",
            "took",
            "target time",
            "overrun",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: all
            .iter()
            .map(|b| {
                vec![
                    b.incident_id.clone(),
                    b.title.clone().unwrap_or_default(),
                    b.severity.clone(),
                    format!("{} ({})", b.target, b.hours),
                    clock(&b.hours)(Some(b.minutes)),
                    clock(&b.hours)(Some(b.target_minutes)),
                    clock(&b.hours)(Some(b.overrun_minutes)),
                ]
            })
            .collect(),
    }
    .capped_with(
        BREACHES_SHOWN,
        "metrics --targets FILE --format json, sla_breaches",
    );
    Ok(Some(ServiceLevels {
        headline: headline(sla),
        rows,
        headers,
        chart,
        breaches,
        business: business(r),
        time_saved: m.time_saved.as_ref().map(time_saved),
    }))
}

fn status_name(status: Option<Status>) -> &'static str {
    status.map_or("none", Status::name)
}

/// The sentence the executive summary and the section lead with: targets met and missed.
pub(super) fn headline(sla: &[SlaRow]) -> String {
    let judged: Vec<&SlaRow> = sla.iter().filter(|s| s.status.is_some()).collect();
    if sla.is_empty() {
        return String::new();
    }
    if judged.is_empty() {
        return format!(
            "Service levels: no incident of the period was measured against the {}.",
            crate::humanize::count(sla.len() as u64, "target", "targets")
        );
    }
    let met = judged
        .iter()
        .filter(|s| s.status == Some(Status::Green))
        .count();
    let missed: Vec<String> = judged
        .iter()
        .filter(|s| s.status != Some(Status::Green))
        .map(|s| {
            format!(
                "{} {} ({} within {}{}, {})",
                s.severity,
                s.target,
                percent(s.compliance_rate),
                clock(&s.hours)(Some(s.target_minutes)),
                if is_business(&s.hours) {
                    " of business time"
                } else {
                    ""
                },
                status_name(s.status)
            )
        })
        .collect();
    let mut text = format!(
        "Service levels: {met} of {} met their compliance objective",
        crate::humanize::count(judged.len() as u64, "target", "targets")
    );
    if missed.is_empty() {
        text.push('.');
    } else {
        text.push_str(&format!("; missed: {}.", missed.join("; ")));
    }
    // Compliance is judged on the incidents that reached the target's event; those still open
    // beyond it are not in it yet, and a green status must not hide them.
    let overdue: Vec<String> = sla
        .iter()
        .filter(|s| s.open_past_target > 0)
        .map(|s| format!("{} {} {}", s.severity, s.target, s.open_past_target))
        .collect();
    if !overdue.is_empty() {
        text.push_str(&format!(
            " Still open past target at the period's end (not in the compliance yet): {}.",
            overdue.join("; ")
        ));
    }
    text
}

/// Each business-time duration beside its calendar twin: n and medians.
fn business(r: &MetricsReport) -> Table {
    let mut rows = Vec::new();
    for def in CATALOG
        .iter()
        .filter(|d| d.present == Presence::WithCalendar)
    {
        let MetricRef::Duration(d) = def.of(&r.metrics) else {
            continue;
        };
        if d.not_computed {
            continue;
        }
        rows.push(vec![
            def.label.to_string(),
            d.n.to_string(),
            minutes(d.mean_minutes),
            minutes(d.median_minutes),
            minutes(d.p90_minutes),
        ]);
    }
    Table {
        more: None,
        headers: ["business-time duration", "n", "mean", "median", "p90"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows,
    }
}

fn time_saved(t: &TimeSaved) -> TimeSavedView {
    let money = match (t.cost_saved, &t.currency) {
        (Some(c), Some(cur)) => format!(", worth about {} {cur}", number(Some(c.round()))),
        (Some(c), None) => format!(", worth about {}", number(Some(c.round()))),
        _ => String::new(),
    };
    let headline = match &t.unavailable {
        Some(reason) => format!("Time saved by automation cannot be estimated: {reason}."),
        None => format!(
            "Estimated time saved by automation: {:.1} hours from {}, about {:.2} \
             analyst FTE at {} hours per FTE-month{money}.",
            t.hours_saved,
            crate::humanize::count(t.runs, "successful run", "successful runs"),
            t.fte_equivalent,
            number(Some(t.hours_per_fte_month))
        ),
    };
    TimeSavedView {
        headline,
        formula: format!("Formula: {}.", t.formula),
        note: format!(
            "An estimate, not a measurement: minutes per run are assumptions (socgauge's \
             conservative defaults unless the targets file sets them). Only successful runs \
             count; {} failed and {} without a known outcome are left out.",
            t.failed, t.unknown_outcome
        ),
        table: Table {
            more: None,
            headers: [
                "action",
                "playbook",
                "successful runs",
                "minutes per run",
                "source",
                "hours saved",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            rows: t
                .by_action
                .iter()
                .map(|a| {
                    vec![
                        a.action.clone(),
                        a.playbook.clone().unwrap_or_else(|| "any".into()),
                        a.runs.to_string(),
                        number(Some(a.minutes_per_run)),
                        a.source.replace('_', " "),
                        format!("{:.1}", a.minutes_saved / 60.0),
                    ]
                })
                .collect(),
        },
    }
}

/// How a duration against a target of these `hours` reads: business time in hours, never in
/// days (see [`crate::humanize::business_minutes`]).
fn clock(hours: &str) -> fn(Option<f64>) -> String {
    if is_business(hours) {
        crate::humanize::business_minutes
    } else {
        minutes
    }
}

/// Whether a row's `hours` (as `Hours::name` writes it) are business hours.
fn is_business(hours: &str) -> bool {
    hours == crate::targets::Hours::Business.name()
}
