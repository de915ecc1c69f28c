//! `socgauge ingest`: load exports into a database and say, per file, what was loaded and rejected.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::cli::IngestArgs;
use crate::error::Result;
use crate::input::InputSettings;

pub fn run(args: &IngestArgs, now: DateTime<Utc>) -> Result<()> {
    // Said before the input checks, whose own message ("or --db FILE") fits the commands that
    // read a database, not this one.
    if args.input.paths.is_empty() && !args.refresh_facts {
        return Err(crate::error::Error::Usage(
            "ingest: give at least one export file or folder (PATH...)".into(),
        ));
    }
    let mut settings = InputSettings::from_args(&args.input, now)?;
    settings.load.tenant_override = args.tenant_override;
    settings.wait = std::time::Duration::from_secs(args.wait);
    if args.refresh_facts {
        let refreshed = settings.refresh_facts()?;
        let db = settings
            .db_path
            .as_deref()
            .unwrap_or(std::path::Path::new("-"));
        let said = if refreshed {
            format!(
                "facts and month results stored for this socgauge version in {}\n",
                db.display()
            )
        } else {
            format!(
                "the facts and month results in {} are already this socgauge version's: nothing to do\n",
                db.display()
            )
        };
        return crate::output::write(None, said.as_bytes());
    }
    if settings.files.is_empty() {
        return Err(crate::error::Error::Usage(
            "ingest: give at least one export file or folder (PATH...)".into(),
        ));
    }
    // Loading is the whole job: the database keeps the load as soon as it is complete.
    let (opened, summary) = settings.open()?;
    let db = opened.keep()?;
    super::print_warnings(&summary.warnings);

    let mut out = String::new();
    // File and tenant names come from the user and the data: cells escape and cap them.
    let files: Vec<String> = summary
        .files
        .iter()
        .map(|f| crate::terminal::cell_end(&f.file))
        .collect();
    let width = crate::terminal::width(&files, 4);
    // The tenants each file's rows carry, before the source so that the source stays last.
    let tenants: Vec<String> = summary
        .files
        .iter()
        .map(|f| match f.tenants.as_deref() {
            Some(names) => crate::terminal::cell(&names.join(", ")),
            None => crate::terminal::cell("-"),
        })
        .collect();
    let tenants_width = crate::terminal::width(&tenants, 7);
    let _ = writeln!(
        out,
        "{:<width$}  {:<10}  {:<7}  {:>10}  {:>10}  {:>10}  {:<tenants_width$}  source",
        "file", "kind", "format", "read", "loaded", "rejected", "tenants"
    );
    for ((f, file), tenants) in summary.files.iter().zip(&files).zip(&tenants) {
        let _ = writeln!(
            out,
            "{:<width$}  {:<10}  {:<7}  {:>10}  {:>10}  {:>10}  {:<tenants_width$}  {}",
            file, f.kind, f.format, f.rows_read, f.rows_loaded, f.rows_rejected, tenants, f.source
        );
    }
    let (read, loaded, rejected) = summary.files.iter().fold((0, 0, 0), |(r, l, j), f| {
        (r + f.rows_read, l + f.rows_loaded, j + f.rows_rejected)
    });
    let _ = writeln!(
        out,
        "{:<width$}  {:<10}  {:<7}  {:>10}  {:>10}  {:>10}",
        "total", "", "", read, loaded, rejected
    );
    let _ = writeln!(out, "database: {}", db.display_path());
    crate::output::write(None, out.as_bytes())?;
    if !args.tenant_override {
        warn_own_tenants(&summary.files, &settings.load.default_tenant, &args.input);
    }

    super::print_rejects(&db, &summary.files, settings.db_path.as_deref())?;
    Ok(())
}

/// `--tenant` names the tenant of rows without one: a file whose rows carry other tenants keeps
/// them, which the user who gave --tenant may not expect.
fn warn_own_tenants(
    files: &[crate::load::FileCounts],
    tenant: &str,
    input: &crate::cli::InputArgs,
) {
    if input.tenant.is_none() {
        return;
    }
    // Once per file, whatever kinds of rows it holds (a GUIDE file holds incidents and alerts).
    let mut by_file: std::collections::BTreeMap<&str, std::collections::BTreeSet<String>> =
        Default::default();
    for f in files {
        if let Some(names) = f.tenants.as_deref() {
            by_file
                .entry(f.file.as_str())
                .or_default()
                .extend(names.iter().cloned());
        }
    }
    for (file, names) in by_file {
        if names.iter().any(|name| name != tenant) {
            let names: Vec<String> = names.into_iter().collect();
            crate::say!(
                "warning: `{}`: its rows carry their own tenant ({}), which they keep: --tenant \
                 names the tenant of rows without one; --tenant-override gives every row `{}`",
                crate::csv_safe::escape_controls(file),
                crate::tenants::listed(&names),
                crate::tenants::printable(tenant)
            );
        }
    }
}
