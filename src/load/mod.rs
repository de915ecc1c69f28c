//! Loading: export files → staging (DuckDB readers) → canonical tables (SQL), in one transaction.
//!
//! Nothing is lost silently: every row read is either loaded or recorded in `rejects` with its
//! file, line, column, value and reason.

mod adopt;
mod batches;
mod csv_batch;
mod dates;
mod encoding;
pub mod files;
pub mod lake;
mod lake_months;
mod lake_scope;
mod line_count;
mod normalize;
mod parquet_batch;
mod preamble;
mod read;
pub mod reader_path;
mod text_copy;
mod vendor;
mod vendor_header;
mod versions;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::queries::{load as q, SCHEMA};
use crate::setting_names::SettingNames;
use crate::sources::{self, mapped::Mapping, SourceChoice};
use crate::time::{rfc3339, Zone};
use batches::Batches;

pub(crate) use encoding::check as check_encoding;
pub use files::{discover, Format, InputFile};
pub use lake_months::MeasuredWindow;
pub(crate) use read::{
    csv_header, csv_records, file_key, parquet_header, read_error, read_json_values,
};
pub(crate) use text_copy::{csv_text, CsvText, TextCopy};
pub use vendor::{gather_records, records_structure};

/// How to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Tenant for rows without one.
    pub default_tenant: String,
    /// `default_tenant` replaces the tenant the rows carry too (`ingest --tenant-override`).
    pub tenant_override: bool,
    /// Zone of timestamps written without an offset.
    pub input_zone: Zone,
    /// Any reject fails the whole load.
    pub strict: bool,
    /// Recorded as the load time.
    pub loaded_at: DateTime<Utc>,
    /// Which source the files are (`--source`).
    pub source: SourceChoice,
    /// A mapping file for CSV/JSON exports of any tool (`--mapping`).
    pub mapping: Option<Mapping>,
    /// strptime format of local date-times written day-first or month-first (`--date-format`).
    pub date_format: Option<String>,
    /// Largest share (0–1) of a file's rows that may be rejected before the load fails
    /// (`--max-rejects`; 1 = no limit).
    pub max_rejects: f64,
    /// How messages name these settings (flags, or publish's `[[input]]` keys).
    pub names: SettingNames,
    /// The one tenant a run measures straight from its inputs (no database file): a lake's
    /// partitions of other tenants need not be read (load/lake_scope.rs).
    pub measured_tenant: Option<String>,
    /// The rows a run measures straight from its inputs, when its period is
    /// known before the load: a lake's partitions of other months its figures cannot reach
    /// need not be read (load/lake_months.rs).
    pub measured_window: Option<MeasuredWindow>,
}

/// Counts for one file of a load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCounts {
    pub file: String,
    pub format: String,
    pub kind: String,
    /// `canonical`, or `<source>/<shape>` for a vendor export.
    pub source: String,
    pub rows_read: i64,
    pub rows_loaded: i64,
    pub rows_rejected: i64,
    /// The tenants of the rows loaded, in name order (none when nothing loaded). A list, not
    /// joined text: a tenant's name may hold the separator (`Acme, Inc.`).
    pub tenants: Option<Vec<String>>,
}

/// What a load did.
#[derive(Debug, Clone, Default)]
pub struct LoadSummary {
    pub files: Vec<FileCounts>,
    /// Non-fatal notes for the user (ignored columns, skipped files).
    pub warnings: Vec<String>,
    /// The window of months this load read a lake's partitions for, when it left
    /// the other months unread (load/lake_months.rs): nothing outside it may be measured.
    pub measured_only: Option<lake_months::MeasuredWindow>,
}

/// Makes sure the canonical tables exist.
pub fn ensure_schema(db: &Db) -> Result<()> {
    db.batch(&SCHEMA)
}

/// Refuses (exit 2) a `--date-format` holding a control character: a pattern is one line of text,
/// and one in it would reach messages and the rejects' reasons (which name the format) as a line
/// break or a terminal command. Checked before anything shows the pattern.
fn date_format_on_one_line(format: &str, named: &str) -> Result<()> {
    match format.chars().find(|c| c.is_control()) {
        Some(c) => Err(Error::Usage(format!(
            "{named}: `{}` holds a control character (U+{:04X}): a date format is one \
             line of text, e.g. %d/%m/%Y %H:%M:%S",
            one_line(format),
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Refuses (exit 2) a `--date-format` that DuckDB's strptime cannot read (no specifier at all, an
/// unknown one such as `%Q`, a control character), before any file is read: a setting at fault, not the file it would meet first.
/// Messages name the setting as `named` (`--date-format`, a configuration's key), and the
/// setting of the zone of times without an offset as `zone_setting`.
pub fn check_date_format(format: &str, named: &str, zone_setting: &str) -> Result<()> {
    date_format_on_one_line(format, named)?;
    if !format.contains('%') {
        return Err(Error::Usage(format!(
            "{named}: `{format}` is not a strptime pattern (e.g. %d/%m/%Y %H:%M:%S)"
        )));
    }
    if reads_zone_name(format) {
        return Err(Error::Usage(format!(
            "{named}: `{}` reads a zone name (%Z), which DuckDB's strptime reads and then \
             throws away: every time would be taken as UTC, whatever zone it names. Read \
             numeric offsets (+02:00) with %z, or leave the zone out of the pattern and set the \
             zone of the times with {zone_setting}",
            crate::csv_safe::escape_controls(format),
        )));
    }
    let db = Db::open_in_memory(&crate::db::EngineOptions::default())?;
    match db.one::<serde_json::Value>(&q::CHECK_DATE_FORMAT, &[&format]) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::Usage(format!(
            "{named}: `{}` holds a specifier DuckDB's strptime does not know: write it \
             with the usual ones (%d %m %Y %H %M %S %f %p …), e.g. %d/%m/%Y %H:%M:%S",
            crate::csv_safe::escape_controls(format)
        ))),
    }
}

/// Whether a strptime pattern holds the `%Z` specifier (a literal `%%Z` is not one).
fn reads_zone_name(format: &str) -> bool {
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '%' && chars.next() == Some('Z') {
            return true;
        }
    }
    false
}

/// Makes sure a database about to be read holds the canonical tables: created in a writable
/// database (in memory), checked in a database file opened read-only, where nothing can be
/// created.
pub fn require_schema(db: &Db) -> Result<()> {
    if !db.read_only() {
        return ensure_schema(db);
    }
    #[derive(Deserialize)]
    struct Present {
        missing: Vec<String>,
    }
    let present: Present = db.one(&q::SCHEMA_TABLES, &[])?;
    if present.missing.is_empty() {
        return legacy_columns(db);
    }
    Err(Error::NotSocgauge {
        path: PathBuf::from(db.display_path()),
        missing: present.missing.join(", "),
    })
}

/// A database written before the columns added later (categories, loads' file identity and
/// tenants), opened read-only (where they cannot be added): temporary views of the same names
/// read them as NULL.
fn legacy_columns(db: &Db) -> Result<()> {
    #[derive(Deserialize)]
    struct Columns {
        incidents_category: bool,
        alerts_category: bool,
        loads_file_key: bool,
        loads_tenant_rows: bool,
        database: String,
    }
    let columns: Columns = db.one(&q::LEGACY_COLUMNS, &[])?;
    // An identifier in double quotes, its own quotes doubled: the database's name is the file's.
    let database = format!("\"{}\"", columns.database.replace('"', "\"\""));
    let missing = [
        (
            "incidents",
            "category",
            "VARCHAR",
            columns.incidents_category,
        ),
        ("alerts", "category", "VARCHAR", columns.alerts_category),
        ("loads", "file_key", "VARCHAR", columns.loads_file_key),
        (
            "loads",
            "tenant_rows",
            "STRUCT(tenant VARCHAR, loaded BIGINT, rejected BIGINT)[]",
            columns.loads_tenant_rows,
        ),
    ];
    for table in ["incidents", "alerts", "loads"] {
        let nulls: Vec<String> = missing
            .iter()
            .filter(|(t, _, _, present)| *t == table && !present)
            .map(|(_, column, ty, _)| format!("CAST(NULL AS {ty}) AS {column}"))
            .collect();
        if nulls.is_empty() {
            continue;
        }
        let sql = q::LEGACY_VIEW
            .fill("/*table*/", table)?
            .fill("/*columns*/", &nulls.join(", "))?
            .fill("/*stored*/", &format!("{database}.main.{table}"))?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    Ok(())
}

/// Loads `files` into `db` as one all-or-nothing transaction. A run measuring one tenant or a
/// window of months reads only the partitions of a lake its figures reach
/// (load/lake_scope.rs); when the record of loads of a lake it left files of is not carried,
/// the load is done again reading every file, as the figures of its loads would otherwise leave
/// the unread files out. A load that left months unread limits what the database measures
/// (`Db::measure_only`).
pub fn load(db: &Db, files: &[InputFile], options: &LoadOptions) -> Result<LoadSummary> {
    let mut attempt = Attempt {
        partitions_only: true,
        together: true,
    };
    db.begin()?;
    let loaded = loop {
        match load_in_transaction(db, files, options, attempt) {
            Ok(Outcome::Loaded(summary)) => break Ok(summary),
            Ok(Outcome::ReadWholeLake) => attempt.partitions_only = false,
            Ok(Outcome::ReadFilesApart) => attempt.together = false,
            Err(err) => break Err(err),
        }
        db.rollback();
        db.begin()?;
    };
    match loaded {
        Ok(summary) => {
            db.commit()?;
            if let Some(window) = summary.measured_only {
                db.measure_only(window);
            }
            Ok(summary)
        }
        Err(err) => {
            db.rollback();
            Err(err)
        }
    }
}

/// How a load reads its files: each attempt of [`load`] that cannot finish gives up one of them.
#[derive(Clone, Copy)]
struct Attempt {
    /// Only the partitions of a lake its figures reach (load/lake_scope.rs).
    partitions_only: bool,
    /// The canonical Parquet and CSV files of a kind and shape normalised in one statement
    /// (load/batches.rs).
    together: bool,
}

/// How an attempt of [`load`] ended.
enum Outcome {
    Loaded(LoadSummary),
    /// A lake the load left files of did not carry its record of loads: read it whole.
    ReadWholeLake,
    /// Reading files together failed, or a file failed while others waited to be read: read
    /// each on its own, in turn, so that the error names the first file at fault.
    ReadFilesApart,
}

/// Whether each kind's table holds rows: the canonical tables at the start of the load
/// (load/stored_kinds.sql), the staging tables once every file is staged (load/staged_kinds.sql).
#[derive(Deserialize)]
struct KindsWithRows {
    incidents: bool,
    alerts: bool,
    automation: bool,
}

impl KindsWithRows {
    fn has_rows(&self, kind: Kind) -> bool {
        match kind {
            Kind::Incidents => self.incidents,
            Kind::Alerts => self.alerts,
            Kind::Automation => self.automation,
        }
    }
}

/// A name from a file on one line of a message: its line breaks, tabs and other controls
/// written as escapes (`evil\nname`), so that it cannot pass for a message line of its own.
fn one_line(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// One attempt of [`load`] (see [`Outcome`]).
fn load_in_transaction(
    db: &Db,
    files: &[InputFile],
    options: &LoadOptions,
    attempt: Attempt,
) -> Result<Outcome> {
    ensure_schema(db)?;
    let stored: KindsWithRows = db.one(&q::STORED_KINDS, &[])?;
    prepare_session(db, options, &stored)?;
    let scoped = lake_scope::files_to_read(db, files, options, attempt.partitions_only)?;
    let unread = scoped.unread.as_slice();
    let files = scoped.read.as_slice();
    let mut summary = LoadSummary::default();
    let mut context = vendor::StageContext::default();
    let mut batches = Batches::new(attempt.together);
    for (i, file) in files.iter().enumerate() {
        let seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        let mut staged = match read::stage(db, file, seq, options, &mut context, &mut batches) {
            Ok(staged) => staged,
            // A file waiting to be read may be at fault before this one: each on its own, the
            // load stops at the first file that fails, as it names it.
            Err(_) if batches.waiting() => return Ok(Outcome::ReadFilesApart),
            Err(err) => return Err(err),
        };
        if lake::in_partition(&file.path) {
            staged.ignored.retain(|c| c != lake::PARTITION_ONLY);
        }
        if !staged.ignored.is_empty() {
            summary.warnings.push(format!(
                "`{}`: ignored columns that are not part of the {} model: {}",
                file.path.display(),
                staged.kind,
                staged
                    .ignored
                    .iter()
                    .map(|name| one_line(name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if let batches::Read::FailedTogether = batches.read(db)? {
        return Ok(Outcome::ReadFilesApart);
    }
    follow_date_order_of_siblings(db, files, options, &mut context)?;
    #[derive(Deserialize)]
    struct Note {
        file: String,
        note: String,
        n: Option<i64>,
    }
    let notes: Vec<Note> = db.rows(&q::SOURCE_NOTES, &[])?;
    summary.warnings.extend(notes.iter().map(|n| match n.n {
        Some(count) => format!("`{}`: {count} {}", n.file, n.note),
        None => format!("`{}`: {}", n.file, n.note),
    }));
    normalize::from_staging(db)?;
    versions::keep_in_range(db)?;
    for query in [
        &q::NORMALIZE_LINKS,
        &q::NORMALIZE_REVIEWS,
        &q::RELEASE_STAGING,
        &q::COUNT_FILES,
    ] {
        db.batch(query)?;
    }
    summary.files = db.rows(&q::FILE_COUNTS, &[])?;
    db.batch(&q::RECORD_REJECTS)?;
    let rejected: i64 = summary.files.iter().map(|f| f.rows_rejected).sum();
    if options.strict && rejected > 0 {
        #[derive(Deserialize)]
        struct First {
            file: String,
            line: Option<i64>,
            column: Option<String>,
            reason: String,
        }
        let first: First = db.one(&q::FIRST_REJECT, &[])?;
        return Err(Error::StrictRejects {
            count: u64::try_from(rejected).unwrap_or(0),
            file: PathBuf::from(first.file),
            line: first.line.unwrap_or(0),
            column: first.column.unwrap_or_else(|| "-".into()),
            reason: first.reason,
        });
    }
    too_many_rejects(db, options.max_rejects)?;
    // Stored facts of this version are updated where this load's rows reach, from the keys it
    // touched; other facts (none yet, another version's) are built whole.
    let update_facts = crate::facts::stored_current(db)?;
    if update_facts {
        db.batch(&q::TOUCHED_REPLACED)?;
    }
    for (kind, replace, merge) in [
        (Kind::Incidents, &q::REPLACE_INCIDENTS, &q::MERGE_INCIDENTS),
        (Kind::Alerts, &q::REPLACE_ALERTS, &q::MERGE_ALERTS),
        (
            Kind::Automation,
            &q::REPLACE_AUTOMATION,
            &q::MERGE_AUTOMATION,
        ),
    ] {
        adopt::mark_losing_rows(db, kind)?;
        summary.warnings.extend(versions::keep_newer_stored(
            db,
            kind,
            stored.has_rows(kind),
        )?);
        if kind == Kind::Incidents {
            db.batch(&q::SUPERSEDED_LINKS)?;
            db.batch(&q::RELISTED_INCIDENTS)?;
        }
        if stored.has_rows(kind) {
            db.batch(replace)?;
            db.batch(merge)?;
        } else if !adopt::adopt(db, kind)? {
            // An empty table has nothing to replace: the join of the incoming ids with the
            // stored ones is skipped.
            db.batch(merge)?;
        }
    }
    db.batch(&q::MERGE_SUPPLEMENTS)?;
    db.batch(&q::RECORD_LOADS)?;
    if !carry_lake_loads(db, files, unread, options, &mut summary.warnings)? {
        return Ok(Outcome::ReadWholeLake);
    }
    if scoped.by_month() {
        lake_months::keep_extents(db, &scoped.extents)?;
        summary.measured_only = options.measured_window;
    }
    if update_facts {
        db.batch(&q::TOUCHED_LOADED)?;
    }
    db.batch(&q::RELEASE_NORMALIZED)?;
    if update_facts {
        crate::facts::update(db)?;
    } else {
        crate::facts::build(db)?;
    }
    Ok(Outcome::Loaded(summary))
}

/// Stages again each vendor file whose dates could not tell their order while a file of the same
/// tool in this load, or in an earlier one for the same tenant, proved them day-first (dates.rs):
/// what it staged is removed first (unstage_file.sql), so rows read = loaded + rejected still
/// holds. Keeps the orders this load's files proved, for later loads. The rows of a file whose
/// order was not proved (its own dates wrote both orders, or none above 12) keep no version.
fn follow_date_order_of_siblings(
    db: &Db,
    files: &[InputFile],
    options: &LoadOptions,
    context: &mut vendor::StageContext,
) -> Result<()> {
    if context.proofs.is_empty() {
        return Ok(());
    }
    // This load's proofs first, so that a sibling of this load is named before an earlier one.
    let mut proofs = context.proofs.clone();
    proofs.extend(dates::stored_proofs(db, &options.default_tenant)?);
    dates::record_proofs(db, &options.default_tenant, &context.proofs)?;
    for (seq, sibling) in dates::siblings_to_follow(&proofs) {
        let Some(file) = usize::try_from(seq - 1).ok().and_then(|i| files.get(i)) else {
            continue;
        };
        read::set_file_seq(db, seq)?;
        db.batch(&q::UNSTAGE_FILE)?;
        context.follow = Some(sibling);
        // A vendor file: nothing of it waits to be read with other files.
        let mut batches = Batches::new(false);
        let staged = read::stage(db, file, seq, options, context, &mut batches);
        context.follow = None;
        staged?;
    }
    for unproven in context.proofs.iter().filter(|p| p.proof.is_a_guess()) {
        read::set_file_seq(db, unproven.seq)?;
        db.batch(&q::UNVERSIONED_FILE)?;
    }
    Ok(())
}

/// Each lake of this load whose manifest carries its database's loads: its files' own loads
/// give way to that record (rows the database rejected, automation exports without runs), so
/// that the lake reads to the database's data-quality figures. Not with --tenant-override: the
/// record names the tenants the rows had.
fn carry_lake_loads(
    db: &Db,
    files: &[InputFile],
    unread: &[lake_scope::Unread],
    options: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Result<bool> {
    if options.tenant_override {
        return Ok(true);
    }
    // Whether every lake the load left files of carried its record.
    let mut every_record_carried = true;
    // Each lake with the runs of positions its files hold in the load (a file of it named
    // before the lake sits apart from the others), in the order the lakes come.
    let mut lakes: Vec<(&std::path::Path, Vec<(i32, i32)>)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let seq = i32::try_from(i + 1).unwrap_or(i32::MAX);
        let Some(lake) = file.lake.as_deref() else {
            continue;
        };
        let runs = match lakes.iter_mut().find(|(l, _)| *l == lake) {
            Some((_, runs)) => runs,
            None => {
                lakes.push((lake, Vec::new()));
                match lakes.last_mut() {
                    Some((_, runs)) => runs,
                    None => continue,
                }
            }
        };
        match runs.last_mut() {
            Some((_, to)) if *to + 1 == seq => *to = seq,
            _ => runs.push((seq, seq)),
        }
    }
    for (lake, runs) in lakes {
        let left_unread = unread.iter().any(|u| u.lake == lake);
        let Some((loads, rows)) = lake::carried_loads(lake)? else {
            every_record_carried &= !left_unread;
            continue;
        };
        db.execute(&q::LAKE_RECORD_READ, &[&loads])?;
        let seqs: Vec<i32> = runs.iter().flat_map(|(from, to)| *from..=*to).collect();
        let seqs = serde_json::Value::from(seqs).to_string();
        // The lake's files a run measuring one tenant left unread count as held.
        let unread_here: Vec<&lake_scope::Unread> =
            unread.iter().filter(|u| u.lake == lake).collect();
        let unread_rows =
            serde_json::to_string(&unread_here).map_err(|e| Error::Internal(e.to_string()))?;
        let faults: Vec<RecordFaults> =
            db.rows(&q::LAKE_RECORD_FAULTS, &[&seqs, &rows, &unread_rows])?;
        let manifest = lake.join(lake::MANIFEST);
        let refused = |why: String| {
            format!(
                "{}: the record of loads in its manifest does not hold together ({why}): it was \
                 edited or written by another tool, so the lake's own rows are counted and the \
                 rows its database rejected are not; export the lake again",
                manifest.display()
            )
        };
        let carried = match faults.first() {
            // An empty record carries nothing: the lake's files count their own rows.
            None => false,
            Some(f) if f.entries == 0 => false,
            Some(f) if f.faulty > 0 => {
                warnings.push(refused(format!(
                    "{} of {} entries, first `{}`: a count out of range or not adding up, a \
                     source, path or tenant share no database writes, or a file named twice",
                    f.faulty,
                    f.entries,
                    f.first_faulty.as_deref().unwrap_or("-")
                )));
                false
            }
            Some(RecordFaults {
                first_unaccounted: Some(rows),
                ..
            }) => {
                warnings.push(refused(format!(
                    "the lake holds {rows} rows that no entry loaded"
                )));
                false
            }
            // Partitions removed (or added) by hand since the lake was written: the record
            // counts rows the lake no longer holds.
            Some(RecordFaults {
                first_miscounted: Some(counts),
                ..
            }) => {
                warnings.push(format!(
                    "{}: the lake's files hold other rows than its manifest records ({counts}): \
                     partitions were removed, added or rewritten since it was written, so its \
                     record of loads (rows rejected by its database) is not carried and the \
                     lake's own rows are counted; export the lake again to carry it",
                    manifest.display()
                ));
                false
            }
            Some(_) => true,
        };
        if carried {
            for (from, to) in &runs {
                db.execute(&q::LAKE_FILES_MARKED, &[from, to])?;
            }
            let first = runs.first().map_or(0, |(from, _)| *from);
            db.execute(&q::LAKE_LOADS_CARRIED, &[&first])?;
        }
        every_record_carried &= carried || !left_unread;
        db.batch(&q::LAKE_RECORD_RELEASED)?;
    }
    Ok(every_record_carried)
}

/// What lake_record_faults.sql tells of a lake's record.
#[derive(Deserialize)]
struct RecordFaults {
    entries: i64,
    faulty: i64,
    first_miscounted: Option<String>,
    first_faulty: Option<String>,
    /// The first kind (and tenant) of rows the lake holds that no entry loaded.
    first_unaccounted: Option<String>,
}

/// Fails the load when a file's rejected share of rows is above `max` (the first such file):
/// a mapping or date order that misreads a file must not pass for a load with a few bad rows.
fn too_many_rejects(db: &Db, max: f64) -> Result<()> {
    #[derive(Deserialize)]
    struct Share {
        file: String,
        rows_read: i64,
        rows_rejected: i64,
        column: Option<String>,
        reason: Option<String>,
        reason_rows: Option<i64>,
    }
    if max >= 1.0 {
        return Ok(());
    }
    let shares: Vec<Share> = db.rows(&q::REJECT_SHARES, &[&max])?;
    let Some(s) = shares.into_iter().next() else {
        return Ok(());
    };
    let share = s.rows_rejected as f64 / s.rows_read.max(1) as f64;
    Err(Error::TooManyRejects(Box::new(crate::error::RejectShare {
        config: None,
        file: PathBuf::from(s.file),
        rejected: s.rows_rejected,
        read: s.rows_read,
        share: format!("{:.1}%", share * 100.0),
        max: format!("{max}"),
        column: s.column.unwrap_or_else(|| "-".into()),
        reason: s
            .reason
            .unwrap_or_else(|| "lines the reader could not parse".into()),
        reason_rows: s.reason_rows.unwrap_or(s.rows_rejected),
    })))
}

/// Creates `src_product_domain(p)`: the product → domain rules (built-in and the mapping file's)
/// as one CASE expression, first match wins. Patterns are quoted as SQL text.
fn product_domain_macro(db: &Db) -> Result<()> {
    #[derive(Deserialize)]
    struct Rule {
        pattern: String,
        domain: String,
    }
    let rules: Vec<Rule> = db.rows(&q::DOMAIN_RULES, &[])?;
    let literal = crate::queries::text_literal;
    let arms: String = rules
        .iter()
        .map(|r| {
            format!(
                " WHEN contains(lp, {}) THEN {}",
                literal(&r.pattern),
                literal(&r.domain)
            )
        })
        .collect();
    let sql = format!(
        "CREATE OR REPLACE TEMP MACRO src_product_domain(p) AS \
         list_transform([lower(p)], lambda lp: CASE WHEN lp IS NULL THEN NULL{arms} END)[1];"
    );
    db.batch_sql("load/domain_rules.sql", &sql)
}

pub(crate) use dates::set_date_order;

/// Temporary tables and macros the load queries use.
fn prepare_session(db: &Db, options: &LoadOptions, stored: &KindsWithRows) -> Result<()> {
    #[derive(Deserialize)]
    struct Next {
        load_id: i64,
    }
    let next: Next = db.one(&q::NEXT_LOAD_ID, &[])?;
    let zone = options.input_zone;
    let transitions = zone.transitions();
    let base_offset = transitions
        .first()
        .map_or_else(|| zone.offset_seconds_at(options.loaded_at), |t| t.before);
    let loaded_at = rfc3339(options.loaded_at);
    let tenant_override = options
        .tenant_override
        .then_some(options.default_tenant.as_str());
    let date_format = options
        .date_format
        .as_deref()
        .map(crate::csv_safe::escape_controls);
    db.execute(
        &q::SETTINGS,
        &[
            &next.load_id,
            &base_offset,
            &loaded_at,
            &tenant_override,
            &date_format,
            &options.names.of(crate::setting_names::Setting::DateFormat),
        ],
    )?;
    db.batch(&q::MACROS)?;
    db.batch(&q::ENUMS)?;
    if !transitions.is_empty() {
        let json: Vec<serde_json::Value> = transitions
            .iter()
            .map(|t| {
                serde_json::json!({
                    "at": t.at.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string(),
                    "before": t.before,
                    "after": t.after,
                })
            })
            .collect();
        let json = serde_json::Value::Array(json).to_string();
        db.execute(&q::TZ_TRANSITIONS, &[&json])?;
        db.batch(&q::TZ_DAYS)?;
    }
    let mut staging = crate::queries::Sql::from(&q::STAGING);
    for kind in Kind::ALL {
        staging = staging.fill(
            &format!("/*{} storage*/", kind.name()),
            adopt::storage(!stored.has_rows(kind)),
        )?;
    }
    db.batch_sql(staging.name, &staging.text)?;
    Ok(())
}

/// The helpers vendor scripts use (`queries/sources/*.sql`, the user's domain and close-code
/// rules): set up before the first vendor file of a load, so that canonical loads skip them.
pub(crate) fn prepare_sources(db: &Db, options: &LoadOptions) -> Result<()> {
    // src_tactic keeps the tactics the facts know by name.
    crate::facts::definitions(db)?;
    for helper in sources::helpers() {
        db.batch(&helper)?;
    }
    // The local date-time forms the source scripts try, until a file's own dates tell more.
    dates::set_formats(db, options, dates::Order::MonthFirst)?;
    if let Some(mapping) = &options.mapping {
        for (pattern, domain) in &mapping.domains {
            db.execute(&q::DOMAIN_OVERRIDE, &[pattern, domain])?;
        }
        for (code, classification) in &mapping.close_codes {
            db.execute(&q::CLOSE_CODE_OVERRIDE, &[code, classification])?;
        }
    }
    product_domain_macro(db)?;
    Ok(())
}
