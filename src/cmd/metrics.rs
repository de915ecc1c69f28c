//! `socgauge metrics`: the SOC outcome metrics of a period, as a table, JSON or CSV; or, with
//! --history N, the months ending with the period.

use chrono::{DateTime, Utc};

use crate::cli::{MetricsArgs, MetricsFormat};
use crate::error::Result;
use crate::input::InputSettings;
use crate::metrics::reach::{self, Reach};
use crate::metrics::workload::OwnerNames;
use crate::metrics::{format, history, PeriodSettings};

pub fn run(args: &MetricsArgs, now: DateTime<Utc>) -> Result<()> {
    let input = InputSettings::from_args(&args.input, now)?.measuring(args.input.tenant.as_deref());
    let period = PeriodSettings::from_args(&args.period)?;
    let reach = match args.history {
        Some(n) => Reach::History(n),
        None => Reach::Period,
    };
    let input = input.measuring_window(reach::window(&period, reach));
    let owners = OwnerNames::from_args(&args.owners)?;
    input.refuse_output_onto_inputs(
        "--output",
        args.output.as_deref(),
        &[
            ("the targets file (--targets)", args.targets.as_deref()),
            (
                "the pseudonym key file (--pseudonym-key-file)",
                args.owners.pseudonym_key_file.as_deref(),
            ),
        ],
    )?;
    let targets = args
        .targets
        .as_deref()
        .map(crate::targets::Targets::from_file)
        .transpose()?;
    let tenant = args.input.tenant.as_deref().map(str::trim);
    if let Some(n) = args.history {
        // The scope is checked before a database file could keep the load.
        let (opened, period) = super::open_checked(&input, |db| {
            super::check_scope(db, tenant, super::Pooling::Allowed)?;
            period.resolve(db, tenant)
        })?;
        let db = opened.db();
        let mut series = history::compute(db, &period, tenant, n)?;
        owners.apply_blocks(
            db,
            series
                .months
                .iter_mut()
                .filter_map(|m| m.metrics.as_mut())
                .collect(),
        )?;
        let bytes = match args.format {
            MetricsFormat::Json => history::json(&series)?,
            MetricsFormat::Csv => {
                crate::csv_safe::neutralise(&history::csv(&series, tenant)?, args.raw_csv)?
            }
            MetricsFormat::Table => history::table(&series, tenant),
        };
        return opened.deliver_one(args.output.as_deref(), bytes);
    }
    let (opened, mut report) = super::measure(
        &input,
        &period,
        tenant,
        true,
        super::Pooling::Allowed,
        targets.as_ref(),
    )?;
    owners.apply(opened.db(), &mut report)?;
    let bytes = match args.format {
        MetricsFormat::Json => format::json(&report)?,
        MetricsFormat::Csv => crate::csv_safe::neutralise(&format::csv(&report)?, args.raw_csv)?,
        // A tenant name's ESC sequences must not drive the terminal.
        MetricsFormat::Table => {
            crate::csv_safe::escape_controls(&String::from_utf8_lossy(&format::table(&report)))
                .into_owned()
                .into_bytes()
        }
    };
    opened.deliver_one(args.output.as_deref(), bytes)
}
