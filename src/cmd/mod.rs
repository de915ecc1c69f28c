//! One module per subcommand, each with a `run` taking its arguments and the injected clock.

pub mod answers;
pub mod assess;
pub mod ingest;
pub mod mapping;
pub mod metrics;
pub mod rejects;
pub mod report;
pub mod sample;
pub mod sources;
pub mod templates;

use chrono::{DateTime, Utc};

use crate::cli::Command;
use crate::error::Result;

/// Runs one command.
pub fn run(command: Command, now: DateTime<Utc>) -> Result<()> {
    match command {
        Command::Ingest(args) => ingest::run(&args, now),
        Command::Metrics(args) => metrics::run(&args, now),
        Command::Assess(args) => assess::run(&args, now),
        Command::Report(args) => report::run(&args, now),
        Command::Templates(crate::cli::TemplatesCommand::Eject(args)) => templates::eject(&args),
        Command::Answers(crate::cli::AnswersCommand::Init(args)) => answers::init(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Sources(args) => sources::run(&args),
        Command::Mapping(crate::cli::MappingCommand::Init(args)) => mapping::init(&args),
        Command::Rejects(args) => rejects::run(&args),
    }
}

/// The common start of every measuring command: open and load the inputs, resolve the period
/// against the data, compute the metrics. The database stays open for what the command adds.
/// `per_tenant`: also the block of every tenant (only `metrics` prints them; with hundreds of
/// tenants they are most of the work).
pub(crate) fn measure(
    input: &crate::input::InputSettings,
    period: &crate::metrics::PeriodSettings,
    tenant: Option<&str>,
    per_tenant: bool,
) -> Result<(crate::db::Db, crate::metrics::MetricsReport)> {
    let (db, summary) = input.open()?;
    print_warnings(&summary.warnings);
    let period = period.resolve(&db, tenant)?;
    let report = crate::metrics::compute(&db, &period, tenant, per_tenant)?;
    Ok((db, report))
}

/// Prints load warnings (ignored columns, skipped files) once each, on standard error.
pub(crate) fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// Refuses to replace an existing output file unless `--force` is given (standard output, `-`,
/// is always fine): a file the user may have edited is never lost to a re-run.
pub(crate) fn refuse_overwrite(target: Option<&std::path::Path>, force: bool) -> Result<()> {
    match target {
        Some(path) if !force && path != std::path::Path::new("-") && path.exists() => {
            Err(crate::error::Error::Usage(format!(
                "`{}` already exists: pass --force to replace it",
                path.display()
            )))
        }
        _ => Ok(()),
    }
}
