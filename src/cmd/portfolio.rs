//! `socgauge report --portfolio`: one HTML file across every tenant, each measured and assessed
//! on its own over one common period, optionally with each tenant's full report beside it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::assess::{Answers, Rubric};
use crate::cli::ReportArgs;
use crate::error::{Error, Result};
use crate::metrics::PeriodSettings;
use crate::render;

use super::report::{display_name, measure_tenant, output_or, Measured};

/// The rubric every tenant is scored on, and the answers of the tenants that have some.
#[derive(Clone, Copy)]
pub(crate) struct Maturity<'a> {
    pub rubric: &'a Rubric,
    pub answers: &'a BTreeMap<String, Answers>,
}

/// How the portfolio names what it shows: tenants' display names, owners, the generation time.
#[derive(Clone, Copy)]
pub(crate) struct Naming<'a> {
    pub names: &'a BTreeMap<String, String>,
    pub owners: &'a crate::metrics::workload::OwnerNames,
    pub generated_at: &'a str,
}

/// `protect` refuses a page path that names a file the run reads.
pub(crate) fn run(
    args: &ReportArgs,
    opened: crate::input::Opened,
    period: &PeriodSettings,
    maturity: Maturity<'_>,
    naming: Naming<'_>,
    protect: &dyn Fn(&Path) -> Result<()>,
) -> Result<()> {
    let Naming {
        names,
        owners,
        generated_at,
    } = naming;
    let db = opened.db();
    let tenants = crate::tenants::summaries(db)?;
    if tenants.is_empty() {
        return Err(Error::NoData(
            "no incidents or alerts in the data: no tenant to put in a portfolio".into(),
        ));
    }
    // One period for every tenant, so that their figures compare. A period none of them has
    // data in is refused as one tenant's is: a page of tenants without a verdict is no portfolio.
    let settings = period;
    let period = settings.resolve(db, None)?;
    super::refuse_empty_period(db, settings, &period, None)?;
    let output = output_or(args.output.as_deref(), super::report::PORTFOLIO_OUTPUT);
    let measured: Vec<Measured> = tenants
        .iter()
        .map(|t| {
            let answers = maturity.answers.get(&t.tenant);
            let mut m = measure_tenant(
                db,
                &period,
                Some(t.tenant.as_str()),
                maturity.rubric,
                answers,
                None,
            )?;
            m.name_owners(db, owners)?;
            Ok(m)
        })
        .collect::<Result<_>>()?;
    // Every file staged beside its place, put there once the database has kept the load.
    let mut outputs = crate::output::Outputs::new();
    let mut report_paths = Vec::new();
    // Each page is named after its tenant's slug (only `[a-z0-9-]`: data never becomes a path
    // as it is), independently of the other tenants, so that a page keeps its name, and the
    // links and the history kept of it, when a client joins or leaves the portfolio.
    let slugs = crate::publish::slug::independent_slugs(tenants.iter().map(|t| t.tenant.as_str()));
    for (t, m) in tenants.iter().zip(&measured) {
        if !args.with_reports {
            report_paths.push(None);
            continue;
        }
        let slug = slugs.get(&t.tenant).map_or("tenant", String::as_str);
        let path = sibling(&output, slug);
        protect(&path)?;
        let ctx = m.context(&period, display_name(names, &t.tenant), generated_at)?;
        let html =
            crate::csv_safe::without_controls(&render::html(&ctx, args.templates.as_deref())?);
        outputs.add(Some(&path), html.into_bytes())?;
        report_paths.push(path.file_name().map(|n| n.to_string_lossy().to_string()));
    }
    let inputs: Vec<render::portfolio::TenantInput<'_>> = tenants
        .iter()
        .zip(&measured)
        .zip(report_paths)
        .map(|((t, m), report_path)| {
            m.portfolio_input(display_name(names, &t.tenant), t.months.len(), report_path)
        })
        .collect();
    let out = period.out();
    let ctx = render::portfolio::build(
        &period.human_label(),
        (&out.from, &out.to, &out.timezone),
        generated_at,
        &inputs,
    )?;
    if let Some(path) = &args.dump_context {
        let json = serde_json::to_vec_pretty(&ctx).map_err(|e| Error::Output {
            what: "the portfolio context",
            message: e.to_string(),
        })?;
        outputs.add(Some(path), json)?;
    }
    let html = crate::csv_safe::without_controls(&render::portfolio_html(
        &ctx,
        args.templates.as_deref(),
    )?);
    outputs.add(Some(&output), html.into_bytes())?;
    opened.deliver(outputs)?;
    crate::say!(
        "portfolio of {} tenants written to {}",
        tenants.len(),
        output.display()
    );
    Ok(())
}

/// `<dir>/<stem>-<slug>.html` beside the portfolio.
fn sibling(portfolio: &Path, slug: &str) -> std::path::PathBuf {
    let stem = portfolio.file_stem().map_or_else(
        || "socgauge-portfolio".to_string(),
        |s| s.to_string_lossy().to_string(),
    );
    portfolio.with_file_name(format!("{stem}-{slug}.html"))
}
