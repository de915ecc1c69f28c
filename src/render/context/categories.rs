//! The categories and highlights section: incidents, MTTR and alerts per category (a table and a
//! bar chart of the ten largest), and the period's critical and high true-positive incidents.
//! Categories and titles are data: the templates escape them.

use serde::Serialize;

use crate::error::Result;
use crate::humanize::{local_minute, minutes};
use crate::metrics::MetricsReport;

use super::workload::median;
use super::{chart_bars, Chart, Table, MAX_TABLE_ROWS};

/// How many categories the chart shows (the table lists them all).
const CHART_CATEGORIES: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct Categories {
    pub table: Table,
    pub chart: Chart,
    pub highlights: Table,
    /// "54 critical and high true-positive incidents; the first 10 are listed." or why none.
    pub highlights_note: String,
}

pub(super) fn categories(r: &MetricsReport) -> Result<Categories> {
    let c = &r.metrics.categories;
    let name = |c: &Option<String>| c.clone().unwrap_or_else(|| "(no category)".to_string());
    let table = Table {
        more: None,
        headers: ["category", "incidents", "MTTR median", "alerts"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: c
            .rows
            .iter()
            .map(|row| {
                vec![
                    name(&row.category),
                    row.incidents.to_string(),
                    median(row.mttr_median_minutes, row.mttr_n),
                    row.alerts.to_string(),
                ]
            })
            .collect(),
    }
    .capped(MAX_TABLE_ROWS);
    let charted: Vec<_> = c
        .rows
        .iter()
        .filter(|row| row.incidents > 0)
        .take(CHART_CATEGORIES)
        .collect();
    let chart = chart_bars(
        "categories",
        "Incidents by category",
        charted.iter().map(|row| name(&row.category)).collect(),
        charted.iter().map(|row| row.incidents as f64).collect(),
        "incidents",
        "incidents",
        "no incidents in the period",
    )?;

    let h = &r.metrics.highlights;
    let highlights = Table {
        more: None,
        headers: [
            "severity",
            "incident",
            "title",
            "category",
            &format!("created ({})", r.period.timezone),
            "time to contain",
            "time to resolve",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: h
            .rows
            .iter()
            .map(|i| {
                vec![
                    i.severity.clone(),
                    i.incident_id.clone(),
                    i.title.clone().unwrap_or_default(),
                    i.category.clone().unwrap_or_else(|| "–".to_string()),
                    local_minute(&i.created_at, &r.period.timezone),
                    minutes(i.contain_minutes),
                    if i.resolve_minutes.is_none() {
                        "open or unknown".to_string()
                    } else {
                        minutes(i.resolve_minutes)
                    },
                ]
            })
            .collect(),
    };
    let highlights_note = if let Some(reason) = &h.unavailable {
        reason.clone()
    } else if h.total == 0 {
        "No critical or high incident was classified true positive in the period.".to_string()
    } else if h.total as usize > h.rows.len() {
        format!(
            "{} critical and high true-positive incidents; the first {} are listed (critical first, then by creation).",
            h.total,
            h.rows.len()
        )
    } else {
        format!(
            "{} critical and high true-positive incident{}.",
            h.total,
            if h.total == 1 { "" } else { "s" }
        )
    };
    Ok(Categories {
        table,
        chart,
        highlights,
        highlights_note,
    })
}
