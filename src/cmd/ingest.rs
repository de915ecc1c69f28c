//! `socgauge ingest`: load exports into a database and say, per file, what was loaded and rejected.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::cli::IngestArgs;
use crate::error::Result;
use crate::input::InputSettings;
use crate::queries::load::RECENT_REJECTS;

/// How many rejected rows the summary shows; the rest are in the `rejects` table.
const SHOWN_REJECTS: i64 = 10;

pub fn run(args: &IngestArgs, now: DateTime<Utc>) -> Result<()> {
    let settings = InputSettings::from_args(&args.input, now)?;
    if settings.files.is_empty() {
        return Err(crate::error::Error::Usage(
            "ingest: give at least one export file or folder (PATH...)".into(),
        ));
    }
    let (db, summary) = settings.open()?;
    super::print_warnings(&summary.warnings);

    let mut out = String::new();
    let width = summary
        .files
        .iter()
        .map(|f| f.file.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  {:<10}  {:<7}  {:>10}  {:>10}  {:>10}  source",
        "file", "kind", "format", "read", "loaded", "rejected"
    );
    for f in &summary.files {
        let _ = writeln!(
            out,
            "{:<width$}  {:<10}  {:<7}  {:>10}  {:>10}  {:>10}  {}",
            f.file, f.kind, f.format, f.rows_read, f.rows_loaded, f.rows_rejected, f.source
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

    if rejected > 0 {
        #[derive(Deserialize)]
        struct Reject {
            file: String,
            line: Option<i64>,
            column: Option<String>,
            value: Option<String>,
            reason: String,
        }
        let shown: Vec<Reject> = db.rows(&RECENT_REJECTS, &[&SHOWN_REJECTS])?;
        for r in &shown {
            eprintln!(
                "rejected: {}:{} column `{}` = {:?}: {}",
                r.file,
                r.line.map_or_else(|| "?".into(), |l| l.to_string()),
                r.column.as_deref().unwrap_or("-"),
                r.value.as_deref().unwrap_or(""),
                r.reason
            );
        }
        if rejected > SHOWN_REJECTS {
            // Without --db the rejects table ends with this run: no pointer to it then.
            match &settings.db_path {
                Some(path) => eprintln!(
                    "rejected: … {} more (all are in the database: `socgauge rejects --db {}`)",
                    rejected - SHOWN_REJECTS,
                    path.display()
                ),
                None => eprintln!(
                    "rejected: … {} more (not kept without --db: load with --db FILE, then `socgauge rejects --db FILE`)",
                    rejected - SHOWN_REJECTS
                ),
            }
        }
    }
    Ok(())
}
