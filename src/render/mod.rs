//! Rendering the HTML report: metrics + assessment → view-model → templates + SVG charts.
//! Render never runs SQL: everything it shows arrives in its arguments.

pub mod charts;
pub mod context;
pub mod findings;
pub mod templates;

use std::path::Path;

use crate::assess::Assessment;
use crate::error::Result;
use crate::metrics::MetricsReport;

pub use context::ReportContext;

/// Builds the view-model of a report.
pub fn context(
    report: &MetricsReport,
    assessment: &Assessment,
    previous: Option<&Assessment>,
    generated_at: &str,
) -> Result<ReportContext> {
    context::build(report, assessment, previous, generated_at)
}

/// Renders the report page from its view-model, with optional user templates.
pub fn html(ctx: &ReportContext, user_templates: Option<&Path>) -> Result<String> {
    let env = templates::environment(user_templates)?;
    templates::render(&env, ctx)
}
