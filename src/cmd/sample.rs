//! `socgauge sample`: write the canonical export of a fictional organisation at a chosen stage.

use crate::cli::{SampleArgs, StageArg};
use crate::db::EngineOptions;
use crate::error::{Error, Result};
use crate::sample::{generate, SampleSpec, Stage};
use crate::time::parse_month;

pub fn run(args: &SampleArgs) -> Result<()> {
    let end_month =
        parse_month(&args.end_month).map_err(|m| Error::Usage(format!("--end-month: {m}")))?;
    let (first, last) = (
        crate::metrics::period::FIRST_YEAR,
        crate::metrics::period::LAST_YEAR,
    );
    if !(first + 11..=last).contains(&end_month.0) {
        return Err(Error::Usage(format!(
            "--end-month: {} is outside the years {} to {last} (with up to 120 months of history \
             before it)",
            args.end_month.trim(),
            first + 11
        )));
    }
    if args.tenant.trim().is_empty() {
        return Err(Error::Usage("--tenant: the name is empty".into()));
    }
    let spec = SampleSpec {
        stage: match args.stage {
            StageArg::Reactive => Stage::Reactive,
            StageArg::AlertDriven => Stage::AlertDriven,
            StageArg::SignalDriven => Stage::SignalDriven,
            StageArg::Automated => Stage::Automated,
            StageArg::Autonomous => Stage::Autonomous,
        },
        tenant: args.tenant.trim().to_string(),
        end_month,
        months: args.months,
        alerts_per_day: args.alerts_per_day,
        incidents_per_alert: args.incidents_per_alert,
        seed: args.seed,
    };
    // --out names a folder: an existing file there, or a link to nothing, is a mistake in the
    // command, not a failure.
    let refused = match (
        std::fs::metadata(&args.out),
        std::fs::symlink_metadata(&args.out),
    ) {
        (Ok(m), _) if !m.is_dir() => Some("is a file: name a folder (it is created when missing)"),
        (Err(_), Ok(_)) => Some(
            "is a link to a folder that does not exist: create the folder, or name another one",
        ),
        _ => None,
    };
    if let Some(why) = refused {
        return Err(Error::Usage(format!(
            "--out `{}` {why}",
            args.out.display()
        )));
    }
    crate::output::refuse_overwrite(
        &crate::sample::FILES.map(|name| args.out.join(name)),
        args.force,
    )?;
    let engine = EngineOptions::checked(args.threads, args.memory_limit.as_deref())?;
    let written = generate(&spec, &args.out, &engine)?;
    crate::show!(
        "wrote {} incidents, {} alerts and {} automation actions to {}",
        written.incidents,
        written.alerts,
        written.automation,
        args.out.display()
    );
    Ok(())
}
