//! Rendering the HTML report: metrics + assessment → view-model → templates + SVG charts.
//! Render never runs SQL: everything it shows arrives in its arguments.

pub mod charts;
pub mod context;
pub mod findings;
pub mod history;
pub mod portfolio;
pub mod templates;

use std::path::Path;

use crate::assess::Assessment;
use crate::error::Result;
use crate::metrics::MetricsReport;

pub use context::ReportContext;

/// What the header says beyond the metrics, decided by the command: the organisation's display
/// name, the period as people say it, when the report was generated (the run's time, or
/// --as-of) and how recent the data is.
#[derive(Debug, Clone)]
pub struct HeaderFacts {
    pub organisation: String,
    pub period_label: String,
    pub generated_at: String,
    pub data_up_to: String,
}

/// Builds the view-model of a report.
pub fn context(
    report: &MetricsReport,
    assessment: &Assessment,
    previous: Option<&Assessment>,
    facts: &HeaderFacts,
    trend: history::Trend,
) -> Result<ReportContext> {
    context::build(report, assessment, previous, facts, trend)
}

/// Renders the portfolio page from its view-model, with optional user templates.
pub fn portfolio_html(
    ctx: &portfolio::PortfolioContext,
    user_templates: Option<&Path>,
) -> Result<String> {
    let env = templates::environment(user_templates)?;
    templates::render_entry(&env, templates::PORTFOLIO, ctx)
}

/// Renders the report page from its view-model, with optional user templates.
pub fn html(ctx: &ReportContext, user_templates: Option<&Path>) -> Result<String> {
    let env = templates::environment(user_templates)?;
    templates::render(&env, ctx)
}
