//! `socgauge assess`: the maturity stage per layer and overall, with evidence and next steps.

use chrono::{DateTime, Utc};

use crate::assess::{self, format};
use crate::cli::{AssessArgs, AssessFormat};
use crate::error::Result;
use crate::input::InputSettings;
use crate::metrics::PeriodSettings;

pub fn run(args: &AssessArgs, now: DateTime<Utc>) -> Result<()> {
    let input = InputSettings::from_args(&args.input, now)?;
    let period = PeriodSettings::from_args(&args.period)?;
    // Rubric and answers are checked before any data is read.
    let (rubric, answers) = assess::load_inputs(
        args.maturity.rubric.as_deref(),
        args.maturity.answers.as_deref(),
    )?;

    let tenant = args.input.tenant.as_deref().map(str::trim);
    let (_db, report) = super::measure_for_verdict(&input, &period, tenant)?;
    let assessment = assess::assess(&report, &rubric, answers.as_ref());
    let bytes = match args.format {
        AssessFormat::Json => format::json(&assessment)?,
        AssessFormat::Table => format::table(&assessment),
    };
    crate::output::write(args.output.as_deref(), &bytes)
}
