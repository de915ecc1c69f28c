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

    /// The database a reading command was pointed at (`--db`) does not exist.
    #[error(
        "--db: the database `{}` does not exist (load exports into it first: socgauge ingest \
         --db FILE EXPORTS...)",
        path.display()
    )]
    MissingDatabase { path: PathBuf },

    /// A file or folder could not be read or written.
    #[error("`{}`: {}", path.display(), io_text(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file whose extension socgauge does not read.
    #[error(
        "`{}`: unsupported file type; socgauge reads {} files (the text formats also \
         gzip-compressed, e.g. .csv.gz)",
        path.display(),
        crate::load::files::extensions_text()
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
    #[error("{}", reject_share_text(.0))]
    TooManyRejects(Box<RejectShare>),

    /// The database file could not be opened or changed.
    #[error("database `{}`: {}", path.display(), database_text(source))]
    Database {
        path: PathBuf,
        #[source]
        source: duckdb::Error,
    },

    /// Another process holds the database file: an ingest writing it (for anyone), or readers
    /// (for an ingest, after its --wait).
    #[error("database `{}`: database in use by another process ({hint})", path.display())]
    DatabaseInUse { path: PathBuf, hint: String },

    /// A database file without socgauge's tables.
    #[error(
        "database `{}`: not a socgauge database (no table {missing}); load exports into it with \
         `socgauge ingest --db FILE PATH...`",
        path.display()
    )]
    NotSocgauge { path: PathBuf, missing: String },

    /// One of socgauge's own queries failed.
    #[error("query `{query}` failed: {}", duckdb_text(source))]
    Query {
        query: String,
        #[source]
        source: duckdb::Error,
    },

    /// There is no data to compute anything from.
    #[error("{0}")]
    NoData(String),

    /// A TOML or JSON settings file (rubric, answers) is not valid: a usage error (exit 2).
    #[error("`{}`: {message}", path.display())]
    Config { path: PathBuf, message: String },

    /// A targets file (`--targets`, or the same tables in a publish config) that cannot be used:
    /// a usage error (exit 2) naming the file and the key.
    #[error("`{}`: {message}", path.display())]
    Targets { path: PathBuf, message: String },

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

    /// Another `publish` holds the site's lock (after --wait).
    #[error("site `{}`: site in use by another process ({hint})", path.display())]
    SiteInUse { path: PathBuf, hint: String },

    /// `publish` wrote the site, but `fail_on` conditions hold (exit 3): each named.
    #[error("published, but fail_on conditions hold: {0}")]
    ConditionsHold(String),

    /// A chart could not be drawn.
    #[error("chart `{chart}`: {message}")]
    Chart { chart: String, message: String },
}

/// A file whose rejected share is above --max-rejects, with its most common reason.
#[derive(Debug)]
pub struct RejectShare {
    /// The publish configuration whose `[[input]]` loaded the file (its keys are named instead
    /// of the command line's flags), or `None` for `ingest` and runs on files.
    pub config: Option<PathBuf>,
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
    /// A file or folder the user named could not be read: "no such file" when it is missing
    /// (the usual mistake, said plainly), the system's reason otherwise.
    pub fn reading(path: &std::path::Path, source: std::io::Error) -> Error {
        match source.kind() {
            std::io::ErrorKind::NotFound => Error::MissingPath {
                path: path.to_path_buf(),
            },
            _ => Error::Io {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    /// Process exit code for this error: 2 for usage errors, 3 for a published site whose
    /// `fail_on` conditions hold, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            // A settings file the user gave (targets, answers, rubric, tenant names) that cannot
            // be used is a usage error, as a bad flag is: the fix is in what was given.
            Error::Usage(_)
            | Error::Targets { .. }
            | Error::Config { .. }
            | Error::Mapping { .. } => 2,
            Error::ConditionsHold(_) => 3,
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

/// An I/O error as people read it: the system's message without the `(os error N)` code.
pub fn io_text(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// A database-level DuckDB error, with what to do when another process holds the file.
fn database_text(error: &duckdb::Error) -> String {
    let text = duckdb_text(error);
    if text.contains("Could not set lock") || text.contains("Conflicting lock") {
        format!(
            "{text}\n  another socgauge (or DuckDB) process has this database open: wait for it to \
             finish, or use another --db"
        )
    } else {
        text
    }
}

/// DuckDB's message, once and plain: only DuckDB's own text (its error code, which the driver
/// reports as "Unknown error code", is not shown), without the C++ stack trace, the offending line
/// repeated in full or advice about reader options socgauge sets itself.
pub fn duckdb_text(error: &duckdb::Error) -> String {
    clean_engine_message(&error.to_string())
}

/// The longest line of an engine message that is shown (a whole CSV line can be megabytes).
const MAX_MESSAGE_LINE: usize = 300;

/// See [`duckdb_text`]; public for the readers, which keep DuckDB's text in [`Error::ReadFile`].
pub fn clean_engine_message(text: &str) -> String {
    let text = text
        .split("Stack Trace")
        .next()
        .unwrap_or_default()
        .split("Possible fixes:")
        .next()
        .unwrap_or_default()
        .split("Possible Solution")
        .next()
        .unwrap_or_default()
        .split("Possible solution")
        .next()
        .unwrap_or_default();
    let internal = text.contains("INTERNAL Error");
    let out_of_memory = text.contains("Out of Memory Error");
    let disk_full = text.contains("No space left on device");
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty()
            || line.contains("This error signals an assertion failure")
            || line.starts_with("For more information")
            || line.contains("github.com/duckdb")
            || line.starts_with('*')
            || line.starts_with("Original Line")
            || line.starts_with("Options:")
            // The query text around the fault (`LINE 47: … ^^^`) is socgauge's SQL, not the
            // user's input: it says nothing they can act on.
            || line.starts_with("LINE ")
            || line.trim_start().starts_with('^')
        {
            continue;
        }
        // DuckDB's pointers to its documentation speak of its own options, not socgauge's.
        let line = line.split(" See also http").next().unwrap_or_default();
        let line = shorten(line.trim(), MAX_MESSAGE_LINE);
        if !lines.contains(&line) {
            lines.push(line);
        }
        if lines.len() == 4 {
            break;
        }
    }
    let mut out = lines.join("\n  ");
    if internal {
        out = format!(
            "the database engine could not process this input ({}); check that the file is \
             well-formed",
            out.replace("INTERNAL Error: ", "")
        );
    }
    if out_of_memory {
        // Most work spills to disk beyond the limit; what cannot fails here, and more memory is
        // the fix.
        out.push_str(
            "\n  give the database engine more memory with --memory-limit (e.g. --memory-limit \
             4GB; without it socgauge uses a quarter of the machine's memory, at most 1.25GB)",
        );
    }
    if disk_full {
        // A load works on a copy of the database (load_copy): the file named in DuckDB's message
        // may be that copy, which is gone by the time the user reads this.
        out.push_str(
            "\n  the disk is full: socgauge needs free space for its spill files and, when it \
             loads, for a copy of the database and what the load adds; nothing was changed",
        );
    }
    if out.is_empty() {
        "the database engine failed without a message".to_string()
    } else {
        out
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut; control characters shown escaped.
fn shorten(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The message of [`Error::TooManyRejects`]: the settings it names are the command line's flags,
/// or the `[[input]]` keys of a publish configuration.
fn reject_share_text(share: &RejectShare) -> String {
    let (max_rejects, date_format, source) = match share.config {
        None => ("--max-rejects", "--date-format", "--source"),
        Some(_) => ("max_rejects", "date_format", "source"),
    };
    let whose = share.config.as_ref().map_or_else(String::new, |c| {
        format!(" (the `[[input]]` keys of `{}`)", c.display())
    });
    format!(
        "`{}`: {} of {} rows rejected ({}), more than {max_rejects} {} allows, so nothing was \
         loaded; most common reason ({} row{}): column `{}`: {}. Fix the mapping or export (a \
         vendor export: {date_format}, {source}{whose}; a canonical file's times are ISO 8601, \
         `socgauge mapping init` reads other forms), or load anyway with {max_rejects} {}",
        share.file.display(),
        share.rejected,
        share.read,
        share.share,
        share.max,
        share.reason_rows,
        if share.reason_rows == 1 { "" } else { "s" },
        share.column,
        share.reason,
        match share.config {
            None => "1",
            Some(_) => "= 1",
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_messages_lose_stack_traces_advice_and_repeats() {
        let raw = "INTERNAL Error: Attempted to access index 0 within vector of size 0\n\n\
                   This error signals an assertion failure within DuckDB. This usually occurs due \
                   to unexpected conditions or errors in the program's logic.\nFor more \
                   information, see https://duckdb.org/docs/stable/dev/internal_errors\n\n\
                   Stack Trace:\n\n/usr/lib/libduckdb.so(+0x1234) [0x7f]\n";
        let clean = clean_engine_message(raw);
        assert_eq!(
            clean,
            "the database engine could not process this input (Attempted to access index 0 \
             within vector of size 0); check that the file is well-formed"
        );
        let long = format!(
            "Invalid Input Error: bad\nOriginal Line: {}\n",
            "x".repeat(10_000)
        );
        assert_eq!(clean_engine_message(&long), "Invalid Input Error: bad");
        assert_eq!(
            clean_engine_message(
                "IO Error: Could not set lock on file \"a.db\": Conflicting lock is held in x (PID 7). \
                 See also https://duckdb.org/docs/stable/connect/concurrency"
            ),
            "IO Error: Could not set lock on file \"a.db\": Conflicting lock is held in x (PID 7)."
        );
        assert_eq!(
            clean_engine_message("a\u{1b}[31m\na\u{1b}[31m"),
            "a\\u{1b}[31m"
        );
        assert_eq!(
            clean_engine_message(
                "Conversion Error: Type DOUBLE with value 1e+27 can't be cast to INT64\n\n\
                 LINE 47: ...status_id IN ('3', '4') THEN s.resolved_time END,\n\
                 \x20                                          ^\n\
                 Possible solutions: See also https://duckdb.org/docs/stable/guides/troubleshooting"
            ),
            "Conversion Error: Type DOUBLE with value 1e+27 can't be cast to INT64"
        );
        let full = clean_engine_message(
            "IO Error: Could not write file \"/d/.soc.db.load-1\": No space left on device",
        );
        assert!(full.contains("the disk is full"), "{full}");
        let memory = clean_engine_message(
            "Out of Memory Error: failed to allocate data of size 256.0 MiB (1.1 GiB/1.1 GiB used)",
        );
        assert!(
            memory.starts_with("Out of Memory Error: failed to allocate")
                && memory.contains("--memory-limit 4GB"),
            "{memory}"
        );
    }

    #[test]
    fn io_errors_lose_the_os_error_code() {
        let err = Error::Io {
            path: PathBuf::from("x.csv"),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(!err.to_string().contains("os error"), "{err}");
        let os = Error::Io {
            path: PathBuf::from("x.csv"),
            source: std::io::Error::from_raw_os_error(2),
        };
        assert_eq!(os.to_string(), "`x.csv`: No such file or directory");
    }
}
