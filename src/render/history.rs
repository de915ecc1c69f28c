//! The report's trend section: up to twelve months ending with the period, from the history the
//! command measured (render runs no SQL). Months without data are gaps in the charts and "no
//! data" in the tables, never zeros.

use serde::Serialize;

use crate::assess::{Assessment, Layer};
use crate::error::Result;
use crate::humanize::{number, percent};
use crate::metrics::history::HistoryMonth;
use crate::render::charts;
use crate::render::context::Chart;

/// One cell of the stage table: the stage (or a mark) and its colour class.
#[derive(Debug, Clone, Serialize)]
pub struct StageCell {
    pub text: String,
    /// `stage-1` … `stage-5`, or `stage-none` (no data, or a layer the data cannot assess).
    pub class: String,
    /// Says what a mark means, for the cell's title.
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    pub month: String,
    pub cells: Vec<StageCell>,
}

/// The trend section.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub note: String,
    /// "overall" then the six layers.
    pub stage_headers: Vec<String>,
    pub stage_rows: Vec<StageRow>,
    pub charts: Vec<Chart>,
}

/// A layer's stage as shown: the stage, or marked when none of its criteria could be evaluated
/// from the data (nothing measured it).
pub fn stage_cell(assessment: Option<&Assessment>, layer: Option<Layer>) -> StageCell {
    let Some(a) = assessment else {
        return StageCell {
            text: "–".into(),
            class: "stage-none".into(),
            title: "no data this month".into(),
        };
    };
    let stage = match layer {
        None => a.overall.stage,
        Some(layer) => a
            .layers
            .iter()
            .find(|l| l.layer == layer)
            .and_then(|l| l.stage.filter(|_| l.assessed)),
    };
    match stage {
        Some(stage) => StageCell {
            text: stage.to_string(),
            class: format!("stage-{stage}"),
            title: format!("stage {stage}, {}", crate::assess::stage_name(stage)),
        },
        None => StageCell {
            text: "?".into(),
            class: "stage-none".into(),
            title: if a.has_no_data() {
                "not assessed: no incidents or alerts in the period".into()
            } else {
                "not assessed: the exports cannot provide the evidence of this layer".into()
            },
        },
    }
}

/// Builds the trend from the months (oldest first) and each month's assessment (`None` for a
/// month without data).
pub fn trend(months: &[HistoryMonth], assessments: &[Option<Assessment>]) -> Result<Trend> {
    let labels: Vec<String> = months.iter().map(|m| m.period.label.clone()).collect();
    let with_data = months.iter().filter(|m| m.metrics.is_some()).count();
    // The layers' short names: seven columns that fit the page (the maturity section names
    // each layer in full).
    let stage_headers = std::iter::once("overall".to_string())
        .chain(Layer::ALL.iter().map(|l| l.short_title().to_string()))
        .collect();
    let stage_rows = labels
        .iter()
        .zip(assessments)
        .map(|(month, a)| StageRow {
            month: month.clone(),
            cells: std::iter::once(None)
                .chain(Layer::ALL.iter().copied().map(Some))
                .map(|layer| stage_cell(a.as_ref(), layer))
                .collect(),
        })
        .collect();

    let series = |f: &dyn Fn(&crate::metrics::Metrics) -> Option<f64>| -> Vec<Option<f64>> {
        months
            .iter()
            .map(|m| m.metrics.as_ref().and_then(f))
            .collect()
    };
    let hours = |v: Option<f64>| v.map(|m| m / 60.0);
    let stage = assessments
        .iter()
        .map(|a| a.as_ref().and_then(|a| a.overall.stage).map(f64::from))
        .collect();
    let charts = vec![
        line_chart(
            "trend-stage",
            "Overall maturity stage by month",
            &labels,
            vec![("overall stage".into(), stage)],
            "stage",
            Some(5.5),
            &|v| v.map_or_else(|| "no data".into(), |s| format!("{s:.0}")),
        )?,
        line_chart(
            "trend-response",
            "Median response times by month (hours)",
            &labels,
            vec![
                ("MTTD".into(), series(&|m| hours(m.mttd.median_minutes))),
                ("MTTA".into(), series(&|m| hours(m.mtta.median_minutes))),
                ("MTTR".into(), series(&|m| hours(m.mttr.median_minutes))),
            ],
            "hours",
            None,
            // The table beside the chart in the report's units (an MTTA of minutes is not "0.2 h").
            &|v| crate::humanize::minutes(v.map(|h| h * 60.0)),
        )?,
        line_chart(
            "trend-rates",
            "Noise and automation by month (%)",
            &labels,
            vec![
                (
                    "noise ratio".into(),
                    series(&|m| m.noise_ratio.value.map(|v| v * 100.0)),
                ),
                (
                    "automation rate".into(),
                    series(&|m| m.automation_rate.value.map(|v| v * 100.0)),
                ),
            ],
            "%",
            Some(105.0),
            &|v| percent(v.map(|p| p / 100.0)),
        )?,
        line_chart(
            "trend-volume",
            "Incidents and alerts by month",
            &labels,
            vec![
                (
                    "incidents".into(),
                    series(&|m| m.incidents.known().map(|v| v as f64)),
                ),
                (
                    "alerts".into(),
                    series(&|m| m.alerts.known().map(|v| v as f64)),
                ),
            ],
            "count",
            None,
            &number,
        )?,
    ];
    Ok(Trend {
        note: format!(
            "The {} months ending with the period, {with_data} of them with data; a month \
             without incidents or alerts is a gap, not a zero. Each month is assessed from its \
             own data with the same rubric; a stage marked ? belongs to a layer the data \
             could not assess.",
            months.len()
        ),
        stage_headers,
        stage_rows,
        charts,
    })
}

#[allow(clippy::too_many_arguments)]
fn line_chart(
    id: &str,
    title: &str,
    months: &[String],
    series: Vec<(String, Vec<Option<f64>>)>,
    y_label: &str,
    y_max: Option<f64>,
    fmt: &dyn Fn(Option<f64>) -> String,
) -> Result<Chart> {
    let any = series.iter().any(|(_, v)| v.iter().any(Option::is_some));
    let svg = if any {
        charts::lines_over(id, months, &series, "month", y_label, y_max)?
    } else {
        charts::empty(id, "no month with data")?
    };
    Ok(crate::render::context::series_chart(
        id, title, svg, "month", months, &series, fmt,
    ))
}
