//! `socgauge rejects --db FILE`: the rejected rows a database keeps (file, line, kind, column,
//! value, reason), read-only. In-memory runs keep none: their rejects are printed by `ingest`.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::cli::{RejectsArgs, SourcesFormat};
use crate::db::{Access, Db, EngineOptions};
use crate::error::{Error, Result};
use crate::queries::load::{FILE_LOADED, LIST_REJECTS, REJECTS_NOT_KEPT};

#[derive(Debug, Serialize, Deserialize)]
struct Reject {
    file: String,
    line: Option<i64>,
    kind: Option<String>,
    column: Option<String>,
    value: Option<String>,
    reason: String,
}

pub fn run(args: &RejectsArgs) -> Result<()> {
    let log = crate::db::wal_path(&args.db);
    crate::output::refuse_inputs(
        "--output",
        args.output.as_deref(),
        &[
            ("the database (--db)", args.db.as_path()),
            ("the database's log", log.as_path()),
        ],
    )?;
    crate::input::refuse_folder_as_database(&args.db)?;
    if !args.db.exists() {
        return Err(Error::MissingDatabase {
            path: args.db.clone(),
        });
    }
    // Opened as every reader is: a database another process is loading is "in use", and a file
    // that is no socgauge database says so.
    let db = Db::open(
        Some(&args.db),
        &EngineOptions::checked(None, None)?,
        Access::ReadOnly,
    )?;
    crate::load::require_schema(&db)?;
    // As every reader's output: never in place of an export the database loaded (the file
    // whose rejects are listed, above all).
    let file_output = args
        .output
        .as_deref()
        .filter(|out| *out != std::path::Path::new("-"));
    crate::input::refuse_outputs_onto_loaded(&db, file_output.into_iter())?;
    let named = args.file.as_deref();
    let key = named.map(crate::load::file_key);
    if let (Some(file), Some(key)) = (named, &key) {
        // "no rejected rows" must mean the file loaded cleanly, not that it was never loaded.
        #[derive(Deserialize)]
        struct Loaded {
            loaded: bool,
        }
        let loaded: Loaded = db.one(&FILE_LOADED, &[&file, key])?;
        if !loaded.loaded {
            return Err(Error::NoData(format!(
                "`{}` was never loaded into `{}`: without --file, `rejects` lists the rejected \
                 rows of every file",
                crate::csv_safe::escape_controls(file),
                args.db.display()
            )));
        }
    }
    let rejects: Vec<Reject> = db.rows(&LIST_REJECTS, &[&named, &key])?;
    let text = match args.format {
        SourcesFormat::Json => {
            let mut text = serde_json::to_string_pretty(&rejects)
                .map_err(|e| Error::Internal(format!("rejects as JSON: {e}")))?;
            text.push('\n');
            text
        }
        SourcesFormat::Table => {
            let mut text = table(&rejects);
            #[derive(Deserialize)]
            struct NotKept {
                rows: i64,
            }
            let not_kept: NotKept = db.one(&REJECTS_NOT_KEPT, &[&named, &key])?;
            if not_kept.rows > 0 {
                let _ = writeln!(
                    text,
                    "{} rejected row{} counted but not kept here: read from a lake, which \
                     carries their count only; they are in the database the lake was exported from",
                    not_kept.rows,
                    if not_kept.rows == 1 { "" } else { "s" }
                );
            }
            text
        }
    };
    crate::output::write(args.output.as_deref(), text.as_bytes())
}

/// One line per reject; values shown as Rust debug strings, so control characters in a hostile
/// value cannot rewrite the terminal.
fn table(rejects: &[Reject]) -> String {
    let mut out = String::new();
    if rejects.is_empty() {
        out.push_str("no rejected rows\n");
        return out;
    }
    for r in rejects {
        let _ = writeln!(
            out,
            "{}:{}  {}  column `{}` = {:?}: {}",
            r.file.escape_debug(),
            r.line.map_or_else(|| "?".into(), |l| l.to_string()),
            r.kind.as_deref().unwrap_or("-"),
            r.column.as_deref().unwrap_or("-").escape_debug(),
            r.value.as_deref().unwrap_or(""),
            r.reason.escape_debug()
        );
    }
    let _ = writeln!(
        out,
        "{}",
        crate::humanize::count(rejects.len() as u64, "rejected row", "rejected rows")
    );
    out
}
