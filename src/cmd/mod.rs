//! One module per subcommand, each with a `run` taking its arguments and the injected clock.

pub mod answers;
pub mod assess;
pub mod config;
pub mod export;
pub mod ingest;
pub mod mapping;
mod maturity_files;
pub mod metrics;
pub mod portfolio;
pub mod publish;
pub mod rejects;
pub mod report;
pub mod sample;
pub mod sources;
pub mod templates;
pub mod tenants;

use chrono::{DateTime, Utc};

use crate::cli::Command;
use crate::error::Result;

/// Runs one command.
pub fn run(command: Command, now: DateTime<Utc>) -> Result<()> {
    match command {
        Command::Ingest(args) => ingest::run(&args, now),
        Command::Metrics(args) => metrics::run(&args, now),
        Command::Tenants(args) => tenants::run(&args, now),
        Command::Assess(args) => assess::run(&args, now),
        Command::Report(args) => report::run(&args, now),
        Command::Templates(crate::cli::TemplatesCommand::Eject(args)) => templates::eject(&args),
        Command::Answers(crate::cli::AnswersCommand::Init(args)) => answers::init(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Sources(args) => sources::run(&args),
        Command::Mapping(crate::cli::MappingCommand::Init(args)) => mapping::init(&args),
        Command::Rejects(args) => rejects::run(&args),
        Command::Publish(args) => publish::run(&args, now),
        Command::Config(crate::cli::ConfigCommand::Init(args)) => config::init(&args),
        Command::Export(args) => export::run(&args, now),
    }
}

/// Whether a measuring command may pool every tenant into one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pooling {
    /// `metrics`: the pooled block plus one per tenant.
    Allowed,
    /// `assess`, `report`: one organisation's verdict; several tenants without --tenant are
    /// refused, naming `command` and the way to every tenant (`all_tenants`).
    Refused {
        command: &'static str,
        all_tenants: &'static str,
    },
}

/// The common start of every measuring command: open and load the inputs, check the tenant
/// scope, resolve the period against the data (a verdict command refuses an empty one), compute
/// the metrics. The database stays open for
/// what the command adds. `per_tenant`: also the block of every tenant (only `metrics` prints
/// them; with hundreds of tenants they are most of the work).
pub(crate) fn measure(
    input: &crate::input::InputSettings,
    period: &crate::metrics::PeriodSettings,
    tenant: Option<&str>,
    per_tenant: bool,
    pooling: Pooling,
    targets: Option<&crate::targets::Targets>,
) -> Result<(crate::input::Opened, crate::metrics::MetricsReport)> {
    let scope = |db: &crate::db::Db| -> Result<(Option<String>, crate::metrics::Period)> {
        check_scope(db, tenant, pooling)?;
        // Where tenants are never pooled, data of one tenant is that tenant's, named as such
        // (as `report` names it).
        let tenant = match (tenant, pooling) {
            (None, Pooling::Refused { .. }) => crate::tenants::names(db)?.into_iter().next(),
            (given, _) => given.map(str::to_string),
        };
        let tenant_ref = tenant.as_deref();
        let resolved = period.resolve(db, tenant_ref)?;
        if matches!(pooling, Pooling::Refused { .. }) {
            refuse_empty_period(db, period, &resolved, tenant_ref)?;
        } else if let Some(empty) = empty_period(db, period, &resolved, tenant_ref, "")? {
            // `metrics` measures an empty period (a job asking for a month wants its zeros),
            // but says so: a table of zeros reads as a quiet month, not a month outside the data.
            crate::say!("warning: {empty}");
        }
        Ok((tenant, resolved))
    };
    let (opened, (tenant, resolved)) = open_checked(input, scope)?;
    let report = crate::metrics::compute_with(
        opened.db(),
        &resolved,
        tenant.as_deref(),
        per_tenant,
        targets,
    )?;
    Ok((opened, report))
}

/// Opens and loads the inputs, printing the load's warnings. The database keeps the load only
/// at the end of the run (`Opened::deliver`).
pub(crate) fn open(input: &crate::input::InputSettings) -> Result<crate::input::Opened> {
    open_checked(input, |_| Ok(())).map(|(opened, ())| opened)
}

/// [`open`], with `check` run on the loaded data (see `InputSettings::open_checked`); returns
/// what it found.
pub(crate) fn open_checked<T>(
    input: &crate::input::InputSettings,
    check: impl FnOnce(&crate::db::Db) -> Result<T>,
) -> Result<(crate::input::Opened, T)> {
    // The load's warnings and rejected rows come before the check: a refusal (an empty month,
    // an unknown tenant) is often explained by them.
    let (opened, _, checked) = input.open_checked(|db, summary| {
        print_warnings(&summary.warnings);
        print_rejects(db, &summary.files, input.db_path.as_deref())?;
        check(db)
    })?;
    Ok((opened, checked))
}

/// How many rejected rows a load shows; the rest are in the `rejects` table.
const SHOWN_REJECTS: i64 = 10;

/// The first rejected rows of this run's load (file, line, column, value, reason), on standard
/// error, and how many more there are: a consultant measuring a client's files sees which rows
/// the figures leave out, not only how many.
pub(crate) fn print_rejects(
    db: &crate::db::Db,
    files: &[crate::load::FileCounts],
    db_path: Option<&std::path::Path>,
) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Reject {
        file: String,
        line: Option<i64>,
        column: Option<String>,
        value: Option<String>,
        reason: String,
    }
    let rejected: i64 = files.iter().map(|f| f.rows_rejected).sum();
    if rejected == 0 {
        return Ok(());
    }
    let shown: Vec<Reject> = db.rows(&crate::queries::load::RECENT_REJECTS, &[&SHOWN_REJECTS])?;
    for r in &shown {
        crate::say!(
            "rejected: {}:{} column `{}` = {:?}: {}",
            crate::csv_safe::escape_controls(&r.file),
            r.line.map_or_else(|| "?".into(), |l| l.to_string()),
            crate::csv_safe::escape_controls(r.column.as_deref().unwrap_or("-")),
            r.value.as_deref().unwrap_or(""),
            crate::csv_safe::escape_controls(&r.reason)
        );
    }
    if rejected > SHOWN_REJECTS {
        // Without --db the rejects table ends with this run: no pointer to it then.
        match db_path {
            Some(path) => crate::say!(
                "rejected: … {} more (all are in the database: `socgauge rejects --db {}`)",
                rejected - SHOWN_REJECTS,
                path.display()
            ),
            None => crate::say!(
                "rejected: … {} more (not kept without --db: load with --db FILE, then `socgauge rejects --db FILE`)",
                rejected - SHOWN_REJECTS
            ),
        }
    }
    Ok(())
}

/// `--tenant` names a tenant of the data; without it, pooling several is what `pooling` says.
pub(crate) fn check_scope(
    db: &crate::db::Db,
    tenant: Option<&str>,
    pooling: Pooling,
) -> Result<()> {
    match (tenant, pooling) {
        (Some(t), _) => crate::tenants::check_named(db, t),
        (None, Pooling::Allowed) => Ok(()),
        (
            None,
            Pooling::Refused {
                command,
                all_tenants,
            },
        ) => crate::tenants::refuse_pooling(db, command, all_tenants),
    }
}

/// A verdict (`assess`, `report`) on a period without a single incident or alert is refused
/// (exit 1) naming the months the data covers, never assessed as stage 1.
pub(crate) fn refuse_empty_period(
    db: &crate::db::Db,
    settings: &crate::metrics::PeriodSettings,
    period: &crate::metrics::Period,
    tenant: Option<&str>,
) -> Result<()> {
    match empty_period(db, settings, period, tenant, "nothing to assess; ")? {
        None => Ok(()),
        Some(empty) => Err(crate::error::Error::NoData(empty)),
    }
}

/// What to say of a period without a single incident or alert (`None` when it has some): what
/// follows for the command (`consequence`), and the months the data covers.
fn empty_period(
    db: &crate::db::Db,
    settings: &crate::metrics::PeriodSettings,
    period: &crate::metrics::Period,
    tenant: Option<&str>,
    consequence: &str,
) -> Result<Option<String>> {
    if crate::metrics::has_rows(db, period, tenant)? {
        return Ok(None);
    }
    let scope = tenant.map_or_else(String::new, |t| format!(" for tenant `{t}`"));
    // The default month follows the latest time: one mistyped year (2099) moves it to a month
    // the data does not hold, and that time is what the user must look for.
    let chosen_by = match (&settings.request, period.data_end) {
        (crate::metrics::PeriodRequest::LatestMonth, Some(latest)) => format!(
            "; this default month is the last the data covers completely, by its latest time, \
             {} (check that date if it is not real)",
            crate::time::rfc3339_bound(latest)
        ),
        _ => String::new(),
    };
    Ok(Some(format!(
        "no incidents or alerts{scope} in {} ({}): {consequence}the data covers {}{chosen_by} \
         (choose one with --month)",
        period.label(),
        period.zone_name,
        settings.covered_months(db, tenant)?
    )))
}

/// Prints load warnings (ignored columns, skipped files) once each, on standard error.
pub(crate) fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        crate::say!("warning: {}", crate::csv_safe::escape_controls(warning));
    }
}
