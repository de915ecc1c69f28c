//! The portfolio's view-model: every tenant of a consultant's or MSSP's data side by side, from
//! what the command measured per tenant. Like the report, every value is formatted here and the
//! template only lays it out.

use serde::Serialize;

use crate::assess::{Assessment, Layer};
use crate::error::Result;
use crate::humanize::{minutes, number, percent};
use crate::metrics::history::HistoryMonth;
use crate::metrics::{Metrics, MetricsReport};
use crate::render::charts;
use crate::render::context::{Chart, Moved, Table};
use crate::render::findings;
use crate::render::history::{stage_cell, StageCell};

/// One tenant as the command measured it.
pub struct TenantInput<'a> {
    /// Display name (names file) or tenant id.
    pub name: String,
    pub report: &'a MetricsReport,
    pub assessment: &'a Assessment,
    pub previous: Option<&'a Assessment>,
    pub months: &'a [HistoryMonth],
    pub monthly: &'a [Option<Assessment>],
    pub data_up_to: &'a str,
    /// Months (UTC) of the whole data holding any of the tenant's rows.
    pub months_in_data: usize,
    /// File name of its full report, when written beside the portfolio.
    pub report_path: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioHeader {
    pub period: String,
    pub period_bounds: String,
    pub generated_at: String,
    pub data_up_to: String,
    pub tenants: String,
}

/// A key figure in the table: its value and the change from the previous month.
#[derive(Debug, Clone, Serialize)]
pub struct KpiCell {
    pub value: String,
    /// ↑, ↓, → or empty without a previous value.
    pub arrow: String,
    /// good, bad or neutral.
    pub tone: String,
    /// "from 3.2 h", or "no previous month".
    pub before: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TenantRow {
    pub anchor: String,
    pub name: String,
    pub overall: StageCell,
    pub layers: Vec<StageCell>,
    pub kpis: Vec<KpiCell>,
    pub coverage: String,
}

/// A tenant whose overall stage moved (or not) since the previous month.
#[derive(Debug, Clone, Serialize)]
pub struct Mover {
    pub anchor: String,
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TenantSection {
    pub anchor: String,
    pub name: String,
    pub stage: String,
    pub limiting: String,
    pub findings: Vec<String>,
    pub trend_months: Vec<String>,
    pub trend: Vec<StageCell>,
    pub data_up_to: String,
    pub report_path: Option<String>,
    /// `report_path` as a link: percent-encoded, so that a page named `Q3 #1?.html` is not read
    /// as `Q3 ` with a fragment and a query.
    pub report_href: Option<String>,
}

/// A path relative to the page (`report.html`, a site's `acme/2026-10.html`) as a link: every
/// byte of its names but the unreserved ones of RFC 3986 percent-encoded (a `:` too, so that no
/// name reads as a scheme), the `/` between them kept.
fn href_of_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A layer's column: its short name, and its full title on hover.
#[derive(Debug, Clone, Serialize)]
pub struct LayerHeader {
    pub short: &'static str,
    pub title: &'static str,
}

/// Everything the portfolio shows.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioContext {
    pub title: String,
    pub header: PortfolioHeader,
    pub layer_headers: Vec<LayerHeader>,
    pub kpi_headers: Vec<String>,
    pub rows: Vec<TenantRow>,
    pub improved: Vec<Mover>,
    pub regressed: Vec<Mover>,
    pub steady: Vec<Mover>,
    pub chart: Chart,
    pub tenants: Vec<TenantSection>,
}

/// Which way a key figure improves: its arrow's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Better {
    Lower,
    Higher,
    /// Volume: neither direction is good in itself.
    Neither,
}

/// The key figures of the table: label, value, format, which way is better.
type Figure = (
    &'static str,
    fn(&Metrics) -> Option<f64>,
    fn(Option<f64>) -> String,
    Better,
);

const FIGURES: [Figure; 6] = [
    (
        "MTTD (median)",
        |m| m.mttd.median_minutes,
        minutes,
        Better::Lower,
    ),
    (
        "MTTA (median)",
        |m| m.mtta.median_minutes,
        minutes,
        Better::Lower,
    ),
    (
        "MTTR (median)",
        |m| m.mttr.median_minutes,
        minutes,
        Better::Lower,
    ),
    (
        "Noise ratio",
        |m| m.noise_ratio.value,
        percent,
        Better::Lower,
    ),
    (
        "Automation rate",
        |m| m.automation_rate.value,
        percent,
        Better::Higher,
    ),
    (
        "Incidents",
        |m| m.incidents.known().map(|v| v as f64),
        number,
        Better::Neither,
    ),
];

/// Builds the portfolio from each tenant's measures, in the order given (name order).
/// `bounds`: the period's first and end instants and its zone, in which the page shows times.
pub fn build(
    period_label: &str,
    bounds: (&str, &str, &str),
    generated_at: &str,
    tenants: &[TenantInput<'_>],
) -> Result<PortfolioContext> {
    let (from, to, timezone) = bounds;
    let local = |instant: &str| crate::humanize::local_minute(instant, timezone);
    let anchor = |i: usize| format!("tenant-{}", i + 1);
    let rows = tenants
        .iter()
        .enumerate()
        .map(|(i, t)| TenantRow {
            anchor: anchor(i),
            name: t.name.clone(),
            overall: stage_cell(Some(t.assessment), None),
            layers: Layer::ALL
                .iter()
                .map(|l| stage_cell(Some(t.assessment), Some(*l)))
                .collect(),
            kpis: FIGURES
                .iter()
                .map(|(_, get, fmt, better)| {
                    let now = get(&t.report.metrics);
                    let before = t.report.previous.as_ref().map(|p| get(&p.metrics));
                    kpi_cell(now, before, *fmt, *better)
                })
                .collect(),
            coverage: coverage(t),
        })
        .collect();

    let (mut improved, mut regressed, mut steady) = (Vec::new(), Vec::new(), Vec::new());
    for (i, t) in tenants.iter().enumerate() {
        let now = t.assessment.overall.stage;
        let mover = |text: String| Mover {
            anchor: anchor(i),
            name: t.name.clone(),
            text,
        };
        let shown =
            |stage: Option<u8>| stage.map_or_else(|| "not assessed".to_string(), |s| s.to_string());
        match (t.previous.map(|p| p.overall.stage), now) {
            (Some(Some(before)), Some(now)) => match now.cmp(&before) {
                std::cmp::Ordering::Greater => {
                    improved.push(mover(format!("stage {before} → {now}")))
                }
                std::cmp::Ordering::Less => {
                    regressed.push(mover(format!("stage {before} → {now}")))
                }
                std::cmp::Ordering::Equal => {
                    steady.push(mover(format!("stage {now}, as the month before")))
                }
            },
            // A stage lost: no verdict this month is a move down, told with why (no data at all,
            // or no layer the exports can give); a stage gained from none, a move up.
            (Some(Some(before)), None) => regressed.push(mover(format!(
                "stage {before} → no verdict ({})",
                t.assessment.no_verdict_reason()
            ))),
            (Some(None), Some(now)) => improved.push(mover(format!("no verdict → stage {now}"))),
            (Some(None), None) => steady.push(mover(format!(
                "no verdict, as the month before ({})",
                t.assessment.no_verdict_reason()
            ))),
            (None, _) => steady.push(mover(format!(
                "stage {}; no previous month to compare",
                shown(now)
            ))),
        }
    }

    // A tenant without a verdict has no score: its bar at 0 says so in its name.
    let names: Vec<String> = tenants
        .iter()
        .map(|t| match t.assessment.overall.mean_score {
            Some(_) => t.name.clone(),
            None => format!("{} (no verdict)", t.name),
        })
        .collect();
    let scores: Vec<f64> = tenants
        .iter()
        .map(|t| t.assessment.overall.mean_score.unwrap_or(0.0))
        .collect();
    let before: Vec<Option<f64>> = tenants
        .iter()
        .map(|t| t.previous.and_then(|p| p.overall.mean_score))
        .collect();
    let svg = if names.is_empty() {
        charts::empty("portfolio-scores", "no tenants")?
    } else {
        charts::horizontal_bars(
            "portfolio-scores",
            &names,
            &scores,
            Some(&before),
            "mean layer score (0–5); marker: previous month",
            Some(5.0),
        )?
    };
    let score_rows: Vec<Vec<String>> = tenants
        .iter()
        .zip(&before)
        .map(|(t, b)| {
            vec![
                t.name.clone(),
                t.assessment
                    .overall
                    .mean_score
                    .map_or_else(|| "–".into(), |s| format!("{s:.1}")),
                b.map_or_else(|| "–".into(), |b| format!("{b:.1}")),
                t.assessment
                    .overall
                    .stage
                    .map_or_else(|| "not assessed".into(), |s| s.to_string()),
            ]
        })
        .collect();
    let chart = Chart {
        id: "portfolio-scores".into(),
        title: "Mean layer score by tenant".into(),
        svg,
        alt: format!(
            "Mean layer score by tenant: {}.",
            score_rows
                .iter()
                .map(|r| format!("{} {} (previous {})", r[0], r[1], r[2]))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        table: Table {
            more: None,
            headers: vec![
                "tenant".into(),
                "mean score".into(),
                "previous month".into(),
                "overall stage".into(),
            ],
            rows: score_rows,
        },
    };

    let sections = tenants
        .iter()
        .enumerate()
        .map(|(i, t)| TenantSection {
            anchor: anchor(i),
            name: t.name.clone(),
            stage: match (
                t.assessment.overall.stage,
                t.assessment.overall.stage_name,
                t.assessment.overall.mean_score,
            ) {
                (Some(stage), Some(name), Some(score)) => {
                    format!("Stage {stage}, {name} (mean layer score {score:.1} of 5)")
                }
                _ => format!("No verdict: {}", t.assessment.no_verdict_reason()),
            },
            limiting: t
                .assessment
                .overall
                .limiting_layers
                .iter()
                .map(|l| l.title())
                .collect::<Vec<_>>()
                .join("; "),
            findings: findings::findings(t.report, t.assessment),
            trend_months: t.months.iter().map(|m| m.period.label.clone()).collect(),
            trend: t
                .monthly
                .iter()
                .map(|a| stage_cell(a.as_ref(), None))
                .collect(),
            data_up_to: local(t.data_up_to),
            report_path: t.report_path.clone(),
            report_href: t.report_path.as_deref().map(href_of_file_name),
        })
        .collect();

    let data_up_to = tenants
        .iter()
        .map(|t| t.data_up_to)
        .filter(|d| *d != "–")
        .max()
        .unwrap_or("–")
        .to_string();
    Ok(PortfolioContext {
        title: format!("SOC portfolio · {period_label}"),
        header: PortfolioHeader {
            period: period_label.to_string(),
            period_bounds: crate::humanize::local_bounds(from, to, timezone),
            generated_at: format!("{} ({timezone})", local(generated_at)),
            data_up_to: local(&data_up_to),
            tenants: match tenants.len() {
                1 => "1 tenant".into(),
                n => format!("{n} tenants"),
            },
        },
        layer_headers: Layer::ALL
            .iter()
            .map(|l| LayerHeader {
                short: l.short_title(),
                title: l.title(),
            })
            .collect(),
        kpi_headers: FIGURES
            .iter()
            .map(|(label, ..)| label.to_string())
            .collect(),
        rows,
        improved,
        regressed,
        steady,
        chart,
        tenants: sections,
    })
}

/// A figure with its move from the month before: `previous` is `None` without a previous month,
/// `Some(None)` when that month had no value for it (not measured then).
fn kpi_cell(
    now: Option<f64>,
    previous: Option<Option<f64>>,
    fmt: fn(Option<f64>) -> String,
    better: Better,
) -> KpiCell {
    let before = previous.flatten();
    let moved = Moved::between(now, before, fmt);
    let tone = match (better, moved) {
        (Better::Higher, Moved::Up) | (Better::Lower, Moved::Down) => "good",
        (Better::Higher, Moved::Down) | (Better::Lower, Moved::Up) => "bad",
        _ => "neutral",
    };
    let arrow = moved.arrow();
    KpiCell {
        value: fmt(now),
        arrow: arrow.into(),
        tone: tone.into(),
        before: match previous {
            None => "no previous month".into(),
            Some(None) => "not measured the month before".into(),
            Some(Some(b)) => format!("from {}", fmt(Some(b))),
        },
    }
}

/// What the verdict and the data cover: months with data in the trend, months in the whole data,
/// the metrics its exports cannot give, and whether the verdict left the questionnaire out (a
/// tenant without answers is compared beside tenants with them: the row says so, as the
/// tenant's own report does).
fn coverage(t: &TenantInput<'_>) -> String {
    let with_data = t.months.iter().filter(|m| m.metrics.is_some()).count();
    let unavailable = t.report.metrics.unavailable().len();
    let mut text = format!(
        "{with_data} of the last {} months; {} in all",
        t.months.len(),
        t.months_in_data
    );
    // Without data in the period, what its exports lack or the questionnaire did not ask says
    // nothing: every metric is empty and no gate was reached.
    if t.assessment.has_no_data() {
        text.push_str("; no incidents or alerts in the period");
        return text;
    }
    if unavailable > 0 {
        text.push_str(&format!(
            "; {unavailable} metric{} not in its exports",
            if unavailable == 1 { "" } else { "s" }
        ));
    }
    if t.assessment.mode == crate::assess::Mode::Data && t.assessment.unasked_gates > 0 {
        let n = t.assessment.unasked_gates;
        text.push_str(&format!(
            "; data-only verdict: {n} questionnaire gate{} not asked",
            if n == 1 { "" } else { "s" }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_figure_not_measured_the_month_before_is_not_told_as_no_previous_month() {
        let cell =
            |previous| super::kpi_cell(Some(30.0), previous, super::minutes, super::Better::Lower);
        assert_eq!(cell(None).before, "no previous month");
        assert_eq!(cell(Some(None)).before, "not measured the month before");
        let moved = cell(Some(Some(60.0)));
        assert_eq!(
            (moved.before.as_str(), moved.tone.as_str()),
            ("from 60 min", "good")
        );
    }

    #[test]
    fn a_report_file_name_links_as_itself() {
        assert_eq!(
            super::href_of_file_name("Q3 #1?100%-acme.html"),
            "Q3%20%231%3F100%25-acme.html"
        );
        assert_eq!(super::href_of_file_name("p-acme.html"), "p-acme.html");
        assert_eq!(super::href_of_file_name("a:b é"), "a%3Ab%20%C3%A9");
        // A published site's report sits in its tenant's folder.
        assert_eq!(
            super::href_of_file_name("acme/2026-10.html"),
            "acme/2026-10.html"
        );
    }
}
