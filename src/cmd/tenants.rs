//! `socgauge tenants`: every tenant of the data, with its rows, first and last timestamps and
//! the months it covers, so that a consultant knows the names `--tenant` takes.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::cli::{TenantsArgs, TenantsFormat};
use crate::error::{Error, Result};
use crate::input::InputSettings;
use crate::tenants::{printable, summaries, TenantSummary};

pub fn run(args: &TenantsArgs, now: DateTime<Utc>) -> Result<()> {
    let input = InputSettings::from_args(&args.input, now)?;
    input.refuse_output_onto_inputs("--output", args.output.as_deref(), &[])?;
    let (opened, summary) = input.open()?;
    super::print_warnings(&summary.warnings);
    super::print_rejects(opened.db(), &summary.files, input.db_path.as_deref())?;
    let tenants = summaries(opened.db())?;
    let bytes = match args.format {
        TenantsFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&tenants).map_err(|e| Error::Output {
                what: "the tenants",
                message: e.to_string(),
            })?;
            json.push(b'\n');
            json
        }
        TenantsFormat::Table => table(&tenants).into_bytes(),
    };
    opened.deliver_one(args.output.as_deref(), bytes)
}

/// Aligned columns for a terminal; months as a range and a count.
fn table(tenants: &[TenantSummary]) -> String {
    if tenants.is_empty() {
        return "no tenants: the data holds no incidents, alerts or automation runs\n".into();
    }
    // Whole (a name is copied into --tenant), escaped; a long one overflows its column.
    let names: Vec<String> = tenants.iter().map(|t| printable(&t.tenant)).collect();
    let width = crate::terminal::width(&names, 6);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:>10}  {:>10}  {:>10}  {:<20}  {:<20}  months",
        "tenant", "incidents", "alerts", "automation", "first", "last"
    );
    for (t, name) in tenants.iter().zip(&names) {
        let months = match (t.months.first(), t.months.last()) {
            (Some(a), Some(b)) if a == b => format!("{a} (1)"),
            (Some(a), Some(b)) => format!("{a} to {b} ({})", t.months.len()),
            _ => "-".into(),
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:>10}  {:>10}  {:>10}  {:<20}  {:<20}  {}",
            name,
            t.incidents,
            t.alerts,
            t.automation_runs,
            t.first_at.as_deref().unwrap_or("-"),
            t.last_at.as_deref().unwrap_or("-"),
            months
        );
    }
    out
}
