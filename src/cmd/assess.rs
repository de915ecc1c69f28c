//! `socgauge assess`: the maturity stage per layer and overall, with evidence and next steps; one
//! organisation (tenant) at a time, or every tenant on its own with --all-tenants.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::assess::{self, format, Answers, Assessment};
use crate::cli::{AssessArgs, AssessFormat};
use crate::error::{Error, Result};
use crate::input::InputSettings;
use crate::metrics::reach::{self, Reach};
use crate::metrics::PeriodSettings;

pub fn run(args: &AssessArgs, now: DateTime<Utc>) -> Result<()> {
    let input = InputSettings::from_args(&args.input, now)?.measuring(args.input.tenant.as_deref());
    let period = PeriodSettings::from_args(&args.period)?;
    let input = input.measuring_window(reach::window(&period, Reach::Period));
    let files = super::maturity_files::MaturityFiles::checked(
        &args.maturity,
        args.targets.as_deref(),
        ("--all-tenants", args.all_tenants),
    )?;
    input.refuse_output_onto_inputs("--output", args.output.as_deref(), &files.inputs())?;
    let targets = args
        .targets
        .as_deref()
        .map(crate::targets::Targets::from_file)
        .transpose()?;
    // Rubric and answers are checked before any data is read.
    let (rubric, answers) = assess::load_inputs(
        args.maturity.rubric.as_deref(),
        args.maturity.answers.as_deref(),
    )?;

    if args.all_tenants {
        let opened = super::open(&input)?;
        let by_tenant = files.answers_by_tenant(opened.db(), &rubric)?;
        let assessments = every_tenant(opened.db(), &period, &rubric, &by_tenant)?;
        let bytes = match args.format {
            AssessFormat::Json => {
                let mut bytes =
                    serde_json::to_vec_pretty(&assessments).map_err(|e| Error::Output {
                        what: "JSON",
                        message: e.to_string(),
                    })?;
                bytes.push(b'\n');
                bytes
            }
            AssessFormat::Table => assessments
                .iter()
                .map(format::table)
                .collect::<Vec<_>>()
                .join(&b"\n"[..]),
        };
        return opened.deliver_one(args.output.as_deref(), bytes);
    }

    let tenant = args.input.tenant.as_deref().map(str::trim);
    let (opened, report) = super::measure(
        &input,
        &period,
        tenant,
        false,
        super::Pooling::Refused {
            command: "assess",
            all_tenants: "--all-tenants (one assessment per tenant)",
        },
        targets.as_ref(),
    )?;
    let assessment = assess::assess(&report, &rubric, answers.as_ref());
    let bytes = match args.format {
        AssessFormat::Json => format::json(&assessment)?,
        AssessFormat::Table => format::table(&assessment),
    };
    opened.deliver_one(args.output.as_deref(), bytes)
}

/// Every tenant's assessment, in name order, over one period common to all of them (resolved on
/// the whole data), so that their stages compare; each with its answers when `answers` holds
/// them, from data only otherwise.
pub(crate) fn every_tenant(
    db: &crate::db::Db,
    period: &PeriodSettings,
    rubric: &assess::Rubric,
    answers: &BTreeMap<String, Answers>,
) -> Result<Vec<Assessment>> {
    let settings = period;
    let period = settings.resolve(db, None)?;
    // No tenant with data in the period: nothing to assess, as for one tenant (exit 1).
    super::refuse_empty_period(db, settings, &period, None)?;
    crate::tenants::names(db)?
        .iter()
        .map(|name| {
            let report = crate::metrics::compute(db, &period, Some(name), false)?;
            Ok(assess::assess(&report, rubric, answers.get(name)))
        })
        .collect()
}
