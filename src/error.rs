//! The errors socgauge reports. Every variant names the thing the user must look at: the file,
//! the row, the query or the flag.

use std::path::PathBuf;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag or argument combination that makes no sense; reported like a clap usage error.
    #[error("{0}")]
    Usage(String),

    /// A path given on the command line does not exist.
    #[error("`{}` does not exist", path.display())]
    MissingPath { path: PathBuf },

    /// A file or folder could not be read or written.
    #[error("`{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file whose extension socgauge does not read.
    #[error(
        "`{}`: unsupported file type; socgauge reads .csv, .json, .ndjson, .jsonl and .parquet \
         files (the text formats also gzip-compressed, e.g. .csv.gz)",
        path.display()
    )]
    UnknownFormat { path: PathBuf },

    /// A file whose columns match none of the canonical kinds.
    #[error(
        "`{}`: cannot tell whether this file holds incidents, alerts or automation actions.\n  \
         found columns: {found}\n  expected one of:\n    incidents:  incident_id and created_at (and no alert_id or run_id)\n    \
         alerts:     alert_id and created_at (and no run_id)\n    automation: run_id and started_at",
        path.display()
    )]
    UnknownKind { path: PathBuf, found: String },

    /// DuckDB could not read a data file (malformed beyond what row-level rejects can hold).
    #[error("`{}`: cannot read this file: {message}", path.display())]
    ReadFile { path: PathBuf, message: String },

    /// A row was rejected while `--strict` was set: nothing was loaded.
    #[error(
        "{count} row(s) rejected and --strict is set, so nothing was loaded; first: `{}` line {line}, \
         column `{column}`: {reason}",
        file.display()
    )]
    StrictRejects {
        count: u64,
        file: PathBuf,
        line: i64,
        column: String,
        reason: String,
    },

    /// More than --max-rejects of a file's rows were rejected: nothing was loaded.
    #[error(
        "`{}`: {} of {} rows rejected ({}), more than --max-rejects {} allows, so nothing was \
         loaded; most common reason ({} rows): column `{}`: {}. Fix the mapping or export (or \
         --date-format, --source), or load anyway with --max-rejects 1",
        .0.file.display(), .0.rejected, .0.read, .0.share, .0.max, .0.reason_rows, .0.column, .0.reason
    )]
    TooManyRejects(Box<RejectShare>),

    /// The database file could not be opened or changed.
    #[error("database `{}`: {source}", path.display())]
    Database {
        path: PathBuf,
        #[source]
        source: duckdb::Error,
    },

    /// One of socgauge's own queries failed.
    #[error("query `{query}` failed: {source}")]
    Query {
        query: String,
        #[source]
        source: duckdb::Error,
    },

    /// There is no data to compute anything from.
    #[error("{0}")]
    NoData(String),

    /// A TOML or JSON settings file (rubric, answers) is not valid.
    #[error("`{}`: {message}", path.display())]
    Config { path: PathBuf, message: String },

    /// A template failed to load or render.
    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },

    /// An output (JSON, CSV, the report context) could not be written out.
    #[error("cannot write {what}: {message}")]
    Output { what: &'static str, message: String },

    /// A file that no source recognises (or not the forced one), with the nearest shapes and the
    /// keys they still need.
    #[error(
        "`{}`: {headline}\n  found keys: {found}\n  closest sources:\n{closest}",
        path.display()
    )]
    UnknownSource {
        path: PathBuf,
        headline: String,
        found: String,
        closest: String,
    },

    /// A mapping file (`--mapping`) that cannot be used.
    #[error("`{}`: {message}", path.display())]
    Mapping { path: PathBuf, message: String },

    /// A defect in socgauge itself (a built-in file that does not parse).
    #[error("internal error: {0}")]
    Internal(String),

    /// A chart could not be drawn.
    #[error("chart `{chart}`: {message}")]
    Chart { chart: String, message: String },
}

/// A file whose rejected share is above --max-rejects, with its most common reason.
#[derive(Debug)]
pub struct RejectShare {
    pub file: PathBuf,
    pub rejected: i64,
    pub read: i64,
    /// The share as the user reads it (`60.0%`).
    pub share: String,
    /// --max-rejects as given.
    pub max: String,
    pub column: String,
    pub reason: String,
    pub reason_rows: i64,
}

impl Error {
    /// Process exit code for this error: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// Wraps a DuckDB error raised by the named query.
    pub fn query(query: impl Into<String>) -> impl FnOnce(duckdb::Error) -> Error {
        let query = query.into();
        move |source| Error::Query { query, source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
