//! The report's view-model: everything the templates show, already formatted. Templates only lay
//! it out (loops and ifs); every number, date and duration is formatted here. One module per
//! report section; this one assembles them and holds what they share (charts, tables).

mod automation;
mod categories;
mod coverage;
mod maturity;
mod quality;
mod response;
mod service_levels;
mod signals;
mod summary;
mod workload;

pub use automation::Automation;
pub use categories::Categories;
pub use coverage::Coverage;
pub use maturity::{CriterionView, LadderStep, LayerView, Maturity, RecommendationView};
pub use quality::{DefinitionView, Quality};
pub use response::Response;
pub use service_levels::ServiceLevels;
pub use signals::Signals;
pub use summary::{Header, Kpi, Moved, Summary, Tone};
pub use workload::Workload;

use serde::Serialize;

use automation::automation;
use coverage::coverage;
use maturity::maturity;
use quality::quality;
use response::response;
use signals::signals;
use summary::kpis;

use crate::assess::{Assessment, Mode};
use crate::error::Result;
use crate::humanize::number;
use crate::metrics::MetricsReport;
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
    /// "… and N more rows" when the table was cut to its first rows ([`Table::capped`]).
    pub more: Option<String>,
}

/// Most rows a table whose length follows the data (owners, categories, incidents) shows: the
/// report stays readable and its size bounded whatever the export holds; the full lists are in
/// `metrics --format json|csv`.
pub const MAX_TABLE_ROWS: usize = 50;

impl Table {
    pub fn new(headers: Vec<String>, rows: Vec<Vec<String>>) -> Table {
        Table {
            headers,
            rows,
            more: None,
        }
    }

    /// The table cut to its first `limit` rows, saying how many it leaves out and which output
    /// holds them all.
    pub fn capped(self, limit: usize) -> Table {
        self.capped_with(limit, "metrics --format json or csv")
    }

    /// [`Table::capped`], naming the command whose output holds every row (`all_in`).
    pub fn capped_with(mut self, limit: usize, all_in: &str) -> Table {
        let left = self.rows.len().saturating_sub(limit);
        if left > 0 {
            self.rows.truncate(limit);
            let noun = if left == 1 { "row" } else { "rows" };
            self.more = Some(format!("… and {left} more {noun} (all of them: {all_in})"));
        }
        self
    }
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub title: String,
    pub header: Header,
    pub summary: Summary,
    /// With `--targets`; null otherwise.
    pub service_levels: Option<ServiceLevels>,
    pub trend: Trend,
    pub maturity: Maturity,
    pub response: Response,
    pub signals: Signals,
    pub automation: Automation,
    pub coverage: Coverage,
    pub workload: Workload,
    pub categories: Categories,
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
        // The header speaks the period's zone (the JSON keeps UTC instants).
        period_bounds: crate::humanize::local_bounds(
            &report.period.from,
            &report.period.to,
            &report.period.timezone,
        ),
        generated_at: format!(
            "{} ({})",
            crate::humanize::local_minute(&facts.generated_at, &report.period.timezone),
            report.period.timezone
        ),
        data_up_to: crate::humanize::local_minute(&facts.data_up_to, &report.period.timezone),
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
            _ => format!("no verdict: {}", assessment.no_verdict_reason()),
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
                "Data-only verdict: the questionnaire was not asked ({} questionnaire criteria; include them with --answers FILE, or --tenant-answers FILE for several tenants).",
                crate::humanize::count(assessment.unasked_gates as u64, "gate holds", "gates hold")
            ),
            Mode::DataAndAnswers => "Assessed from data and questionnaire answers; an unanswered question fails its gate.".to_string(),
        },
        targets: report
            .metrics
            .sla
            .as_deref()
            .map(service_levels::headline)
            .unwrap_or_default(),
        kpis: kpis(report),
        findings: findings::findings(report, assessment),
    };
    Ok(ReportContext {
        title: format!("SOC report · {organisation} · {}", facts.period_label),
        header,
        summary,
        service_levels: service_levels::service_levels(report)?,
        trend,
        maturity: maturity(assessment, previous)?,
        response: response(report)?,
        signals: signals(report)?,
        automation: automation(report)?,
        coverage: coverage(report)?,
        workload: workload::workload(report)?,
        categories: categories::categories(report)?,
        quality: quality(report),
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn chart_lines(
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
    Ok(series_chart(
        id,
        title,
        svg,
        "week starting",
        weeks,
        &series,
        fmt,
    ))
}

/// A chart of series over labelled points (weeks, months) with its text alternative and its
/// numbers as a table: one row per point, one column per series.
pub(crate) fn series_chart(
    id: &str,
    title: &str,
    svg: String,
    axis: &str,
    points: &[String],
    series: &[(String, Vec<Option<f64>>)],
    fmt: impl Fn(Option<f64>) -> String,
) -> Chart {
    let mut headers = vec![axis.to_string()];
    headers.extend(series.iter().map(|(n, _)| n.clone()));
    let rows = points
        .iter()
        .enumerate()
        .map(|(i, point)| {
            let mut row = vec![point.clone()];
            row.extend(series.iter().map(|(_, v)| fmt(v.get(i).copied().flatten())));
            row
        })
        .collect::<Vec<_>>();
    // A period of years has hundreds of weeks: the table and the text read aloud stop at the
    // first MAX_TABLE_ROWS points (the chart draws them all), so that the report's size stays
    // bounded; every week is in `metrics --format json|csv`.
    let table = Table::new(headers, rows).capped(MAX_TABLE_ROWS);
    let alt = format!(
        "{title}: {}{}.",
        table
            .rows
            .iter()
            .map(|r| r.join(" "))
            .collect::<Vec<_>>()
            .join("; "),
        table.more.as_ref().map_or(String::new(), |_| format!(
            "; {} more",
            points.len() - table.rows.len()
        ))
    );
    Chart {
        id: id.into(),
        title: title.into(),
        svg,
        alt,
        table,
    }
}

pub(super) fn chart_bars(
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
        table: Table::new(vec!["".into(), value_header.into()], rows),
    })
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn a_capped_table_says_how_many_rows_it_leaves_out() {
        let rows = |n: usize| (0..n).map(|i| vec![i.to_string()]).collect::<Vec<_>>();
        let short = Table::new(vec!["n".into()], rows(3)).capped(3);
        assert_eq!((short.rows.len(), short.more), (3, None));
        let long = Table::new(vec!["n".into()], rows(5)).capped(3);
        assert_eq!(long.rows.len(), 3);
        assert_eq!(
            long.more.as_deref(),
            Some("… and 2 more rows (all of them: metrics --format json or csv)")
        );
        let one = Table::new(vec!["n".into()], rows(4)).capped(3);
        assert!(one.more.unwrap().starts_with("… and 1 more row "));
    }
}
