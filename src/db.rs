//! The DuckDB side: opening the database, running socgauge's embedded SQL, and reading result
//! rows into serde structs. This is the only module that calls DuckDB's API; others name only its
//! parameter type (re-exported here as [`ToSql`]) and its error type (inside [`Error`]).

use std::cell::Cell;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use duckdb::types::Value;
use duckdb::Connection;
pub use duckdb::ToSql;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value as Json};

use crate::error::{Error, Result};
use crate::queries::{Query, Sql};

/// An open socgauge database: in memory for one run, or a file that keeps history.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
    timings: bool,
    /// Queries profiled so far (SOCGAUGE_PROFILE): the sequence number of the next file.
    profiled: Cell<u32>,
    /// Where an in-memory database spills when it outgrows --memory-limit; removed on drop.
    spill_dir: Option<PathBuf>,
    read_only: bool,
    /// The metric scope last set (see `metrics::scope`): a scope that is no longer current
    /// refuses to run queries.
    scope: Cell<u64>,
    /// Facts of this version were built in temporary tables for this session (`facts::ensure`):
    /// they stay valid until the session ends, so they are built once, not once per caller.
    session_facts: Cell<bool>,
    /// The window this session's load read a lake's rows for, when it read them only for a
    /// window of months ([`Db::measure_only`]).
    measured_only: Cell<Option<crate::load::MeasuredWindow>>,
}

/// One result row: column name → value.
type JsonRow = Map<String, Json>;

/// Deserialises each row of query `name` (column name → field) into `T`.
pub fn deserialize_rows<T: DeserializeOwned>(name: &str, rows: Vec<JsonRow>) -> Result<Vec<T>> {
    rows.into_iter()
        .map(|row| {
            serde_json::from_value(Json::Object(row)).map_err(|e| Error::Query {
                query: name.to_string(),
                source: duckdb::Error::ToSqlConversionFailure(Box::new(e)),
            })
        })
        .collect()
}

/// A query's column names (known even without rows) and its rows.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Records {
    pub columns: Vec<String>,
    pub rows: Vec<Map<String, Json>>,
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some(dir) = &self.spill_dir {
            // Best effort: DuckDB removes its files on close; this removes the folder.
            let _ = std::fs::remove_dir_all(dir);
            crate::cleanup::untrack(dir);
        }
    }
}

/// A database file and the logs DuckDB keeps beside it: its write-ahead log, and the logs of a
/// checkpoint or a recovery under way.
pub fn database_files(database: &Path) -> [PathBuf; 4] {
    [
        database.to_path_buf(),
        wal_path(database),
        with_suffix(database, ".wal.checkpoint"),
        with_suffix(database, ".wal.recovery"),
    ]
}

/// Removes a database file this run created, with its logs, and stops tracking them
/// (cleanup.rs): a failed or interrupted first load leaves no file behind.
pub fn discard_database(database: &Path) {
    for file in database_files(database) {
        let _ = std::fs::remove_file(&file);
        crate::cleanup::untrack(&file);
    }
}

/// The log DuckDB keeps beside a database file (`FILE.wal`).
pub fn wal_path(database: &Path) -> PathBuf {
    with_suffix(database, ".wal")
}

/// `path` with `suffix` appended to its file name (`soc.db` → `soc.db.wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// How a command uses a database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only reads (metrics, assess, report, tenants): a shared lock, so any number of readers run
    /// at once.
    ReadOnly,
    /// Loads into it: an exclusive lock, waited for up to `wait` while other processes hold it.
    ReadWrite { wait: std::time::Duration },
}

/// How often a writer waiting for the database tries again.
const RETRY_EVERY: std::time::Duration = std::time::Duration::from_millis(200);

/// Engine settings that do not change results.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    pub threads: Option<u32>,
    pub memory_limit: Option<String>,
}

/// The smallest --memory-limit accepted: below it DuckDB cannot hold a load's working set and
/// fails late, or spills everything.
pub const MIN_MEMORY_LIMIT_BYTES: u64 = 64_000_000;

/// Without --memory-limit, DuckDB may use this share of the memory it sees (its own default is
/// 80 % of RAM, or of the container's limit)...
pub const DEFAULT_MEMORY_SHARE: f64 = 0.25;

/// ...and at most this many bytes: a 10M-alert load, or a month's metrics straight from 10M
/// alerts' CSV files, then peaks at 1.7 GB of RSS (DuckDB's allocations outside its buffer pool
/// add a few hundred MB), spilling to disk beyond it. Not 1 GB: building the facts of 10M alerts
/// in an in-memory database failed there (out of memory in facts/incident_facts.sql).
pub const DEFAULT_MEMORY_CAP_BYTES: u64 = 1_250_000_000;

/// The memory limit used without --memory-limit, from the machine's memory as DuckDB measures
/// it (`total_bytes`): a quarter of it, at most 1.25 GB, never below the accepted minimum.
pub fn default_memory_limit(total_bytes: u64) -> u64 {
    let share = (total_bytes as f64 * DEFAULT_MEMORY_SHARE) as u64;
    // Both bounds are constants with the minimum below the cap, so clamp cannot panic.
    share.clamp(MIN_MEMORY_LIMIT_BYTES, DEFAULT_MEMORY_CAP_BYTES)
}

/// At most this many worker threads per core (more only adds switching, and a typo such as
/// `--threads 100000` would start that many threads).
pub const THREADS_PER_CORE: u32 = 4;

impl EngineOptions {
    /// Checks --threads (1 to 4 × the cores) and --memory-limit (a size of at least 64 MB).
    pub fn checked(threads: Option<u32>, memory_limit: Option<&str>) -> Result<EngineOptions> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let max_threads = u32::try_from(cores)
            .unwrap_or(u32::MAX / THREADS_PER_CORE)
            .saturating_mul(THREADS_PER_CORE);
        if let Some(n) = threads {
            if n == 0 || n > max_threads {
                return Err(Error::Usage(format!(
                    "--threads: {n} is out of range: give 1 to {max_threads} ({THREADS_PER_CORE} per core on this machine)"
                )));
            }
        }
        if let Some(text) = memory_limit {
            let bytes = parse_size(text).ok_or_else(|| {
                Error::Usage(format!(
                    "--memory-limit: `{text}` is not a size: write e.g. 512MB, 2GB or 4GiB"
                ))
            })?;
            if bytes < MIN_MEMORY_LIMIT_BYTES {
                return Err(Error::Usage(format!(
                    "--memory-limit: `{text}` is below the minimum of 64MB"
                )));
            }
        }
        Ok(EngineOptions {
            threads,
            memory_limit: memory_limit.map(|t| t.trim().to_string()),
        })
    }
}

/// Bytes of a size written as DuckDB takes it: a number and a unit (B, KB, MB, GB, TB, or the
/// binary KiB, MiB, GiB, TiB), case-insensitive, spaces allowed between.
fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "b" | "byte" | "bytes" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "tb" | "t" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * factor;
    // Saturating: an absurdly large limit is still a limit above the minimum.
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

impl Db {
    /// Opens a fresh in-memory database.
    pub fn open_in_memory(options: &EngineOptions) -> Result<Db> {
        Db::open(None, options, Access::ReadOnly)
    }

    /// Opens `path` with `access`, or a fresh in-memory database when `path` is `None` (always
    /// writable: it is this run's own).
    pub fn open(path: Option<&Path>, options: &EngineOptions, access: Access) -> Result<Db> {
        Db::open_tracking(path, options, access, None)
    }

    /// Opens `path` read-write for a load; a database file the open creates is tracked
    /// (cleanup.rs) from the moment it exists, so that an interrupted first load leaves no file:
    /// the caller removes it on failure, or stops tracking it once it holds the load.
    /// Returns the database and whether this open created the file.
    pub fn open_for_load(
        path: &Path,
        options: &EngineOptions,
        wait: std::time::Duration,
    ) -> Result<(Db, bool)> {
        let created = Cell::new(false);
        let access = Access::ReadWrite { wait };
        match Db::open_tracking(Some(path), options, access, Some(&created)) {
            Ok(db) => Ok((db, created.get())),
            Err(err) => {
                // Created, then refused (a setting DuckDB rejects): no empty database is left.
                if created.get() {
                    discard_database(path);
                }
                Err(err)
            }
        }
    }

    fn open_tracking(
        path: Option<&Path>,
        options: &EngineOptions,
        access: Access,
        created: Option<&Cell<bool>>,
    ) -> Result<Db> {
        let conn = match path {
            Some(p) => open_file(p, access, created)?,
            None => crate::cleanup::settled(|| {
                engine_config().and_then(Connection::open_in_memory_with_flags)
            })
            .map_err(|source| Error::Database {
                path: PathBuf::from(":memory:"),
                source,
            })?,
        };
        // An interrupting signal ends this connection's query (cleanup.rs).
        crate::cleanup::interruptible(&conn);
        let timings = std::env::var_os("SOCGAUGE_TIMINGS").is_some_and(|v| v == "1");
        // An in-memory database spills to a private temporary folder (DuckDB's default would be
        // `.tmp` in the current folder); a database file spills beside itself.
        let spill_dir = path
            .is_none()
            .then(|| std::env::temp_dir().join(format!("socgauge-{}", std::process::id())));
        let db = Db {
            conn,
            path: path.map(Path::to_path_buf),
            timings,
            profiled: Cell::new(0),
            spill_dir,
            read_only: path.is_some() && access == Access::ReadOnly,
            scope: Cell::new(0),
            session_facts: Cell::new(false),
            measured_only: Cell::new(None),
        };
        if let Some(dir) = &db.spill_dir {
            // DuckDB creates the folder when it first spills; an interrupted run removes it.
            crate::cleanup::track(dir);
            db.set("temp_directory", &dir.to_string_lossy())?;
        }
        if path.is_none() {
            // A run's own database never checkpoints: DuckDB would otherwise compress the
            // tables a load wrote when its transaction commits (on a month of a year lake of 6M
            // alerts, 0.75 s of a 6.3 s run), work a database that ends with the run never
            // repays; beyond the memory limit its rows spill as they are.
            db.set("checkpoint_threshold", "1000TB")?;
        }
        if let Some(threads) = options.threads {
            db.set("threads", &threads.max(1).to_string())?;
        }
        match &options.memory_limit {
            Some(limit) => db.set("memory_limit", limit)?,
            None => db.set_default_memory_limit()?,
        }
        db.batch(&crate::queries::LAKE_UNREAD_EXTENTS_TABLE)?;
        Ok(db)
    }

    /// The same database, naming `path` in its messages: a load works on a copy of the file the
    /// user named (see `load_copy`).
    pub fn shown_as(mut self, path: &Path) -> Db {
        self.path = Some(path.to_path_buf());
        self
    }

    /// Sets [`default_memory_limit`] from DuckDB's own default (80 % of the memory it detects,
    /// container limits included), so the rule follows the machine without platform code.
    fn set_default_memory_limit(&self) -> Result<()> {
        let query = "default_memory_limit";
        let text: String = crate::cleanup::settled(|| {
            self.conn
                .query_row("SELECT current_setting('memory_limit')", [], |row| {
                    row.get(0)
                })
        })
        .map_err(Error::query(query))?;
        // DuckDB writes e.g. `18.6 GiB`; an unreadable value leaves DuckDB's default in place.
        let Some(duckdb_default) = parse_size(&text) else {
            return Ok(());
        };
        let total = (duckdb_default as f64 / 0.8) as u64;
        let limit = default_memory_limit(total);
        self.run_batch(&format!("SET memory_limit = '{}MB'", limit / 1_000_000))
            .map_err(Error::query(query))
    }

    /// Whether this is an in-memory database (a run on files), not a database file.
    pub fn in_memory(&self) -> bool {
        self.path.is_none()
    }

    /// Whether this is a database file opened read-only.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    fn set(&self, name: &str, value: &str) -> Result<()> {
        // SET does not take parameters; the names are ours and the value is checked by DuckDB.
        let sql = format!("SET {name} = {}", crate::queries::text_literal(value));
        self.run_batch(&sql).map_err(|source| match name {
            // The spill folder is ours, not a flag: a failure there is a runtime error.
            "temp_directory" => Error::Database {
                path: PathBuf::from(value),
                source,
            },
            "checkpoint_threshold" => Error::Internal(format!("SET {name}: {source}")),
            _ => Error::Usage(format!("--{}: {source}", name.replace('_', "-"))),
        })
    }

    /// Path of the database file, or `:memory:`.
    pub fn display_path(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string())
    }

    /// The connection itself, for the benchmark and tests: a run's statements go through the
    /// methods above, which run them settled (cleanup.rs).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a new metric scope and returns its number; earlier scopes are retired.
    pub fn next_scope(&self) -> u64 {
        let next = self.scope.get() + 1;
        self.scope.set(next);
        next
    }

    /// Whether this session built its own facts (see `facts::ensure`).
    pub fn has_session_facts(&self) -> bool {
        self.session_facts.get()
    }

    /// Records that the load read a lake's rows for `window` only (load/lake_months.rs):
    /// figures of other times would be measured on missing rows.
    pub fn measure_only(&self, window: crate::load::MeasuredWindow) {
        self.measured_only.set(Some(window));
    }

    /// Refuses to measure the period `[from, to)` (`what`: the query or the measure) when the
    /// load read a lake's rows only for a window that does not hold it: a fault of socgauge's
    /// own (the window a command reads, metrics/reach.rs, must cover every period it measures),
    /// never a silently wrong figure.
    pub fn check_measured(&self, from: DateTime<Utc>, to: DateTime<Utc>, what: &str) -> Result<()> {
        self.check_window(from, to, what, |w| (w.from, w.to))
    }

    /// [`Db::check_measured`] for the durations of the incidents created in `[from, to)` only
    /// (the MTTR trend's earlier periods), which the window reads from `incidents_from` on.
    pub fn check_measured_incidents(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        what: &str,
    ) -> Result<()> {
        self.check_window(from, to, what, |w| (w.incidents_from, w.to))
    }

    fn check_window(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        what: &str,
        bounds: impl Fn(crate::load::MeasuredWindow) -> (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()> {
        match self.measured_only.get().map(bounds) {
            Some((lo, hi)) if from < lo || to > hi => Err(Error::Internal(format!(
                "{what} measures {} to {}, but the load read the lake's rows for {} to {} only; \
                 run again on a database (ingest, then --db) and report this",
                crate::time::rfc3339(from),
                crate::time::rfc3339(to),
                crate::time::rfc3339(lo),
                crate::time::rfc3339(hi)
            ))),
            _ => Ok(()),
        }
    }

    /// Records that this session built its own facts.
    pub fn set_session_facts(&self) {
        self.session_facts.set(true);
    }

    /// The number of the metric scope in place.
    pub fn current_scope(&self) -> u64 {
        self.scope.get()
    }

    /// Runs a script of one or more statements without parameters.
    pub fn batch(&self, query: &Query) -> Result<()> {
        self.batch_sql(query.name, query.sql)
    }

    /// Runs a script assembled or chosen at run time (a source's mapping), without parameters.
    pub fn batch_sql(&self, name: &str, sql: &str) -> Result<()> {
        let started = self.start_timing(name);
        let result = self.run_batch(sql).map_err(Error::query(name));
        self.report_timing(name, started);
        result
    }

    /// Every statement DuckDB runs goes through here or runs settled likewise (cleanup.rs): it
    /// may create files (the database's log, a spill, an output), and a signal interrupts it.
    fn run_batch(&self, sql: &str) -> duckdb::Result<()> {
        crate::cleanup::settled(|| self.conn.execute_batch(sql))
    }

    /// Starts timing query `name` when `SOCGAUGE_TIMINGS=1`. With `SOCGAUGE_PROFILE=DIR` as well,
    /// DuckDB writes its profile of the query (operators, rows, time) to
    /// `DIR/<sequence>-<name>.json`: where the time of one query goes.
    fn start_timing(&self, name: &str) -> Option<std::time::Instant> {
        if !self.timings {
            return None;
        }
        if let Some(dir) = std::env::var_os("SOCGAUGE_PROFILE") {
            let seq = self.profiled.get() + 1;
            self.profiled.set(seq);
            let file = std::path::Path::new(&dir)
                .join(format!("{seq:03}-{}.json", name.replace('/', "-")));
            let quoted = crate::queries::text_literal(&file.to_string_lossy());
            // A profile that cannot be written is the developer's problem, not the run's.
            let _ = self.run_batch(&format!(
                "SET enable_profiling = 'json'; SET profiling_output = {quoted};"
            ));
        }
        Some(std::time::Instant::now())
    }

    /// With `SOCGAUGE_TIMINGS=1` in the environment, every query's wall time goes to stderr: the
    /// profile the benchmark and performance work read.
    fn report_timing(&self, name: &str, started: Option<std::time::Instant>) {
        if let Some(t) = started {
            crate::say!(
                "timing: {:>8.1} ms  {name}",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    /// Runs one statement with parameters; returns the number of changed rows.
    pub fn execute(&self, query: &Query, params: &[&dyn ToSql]) -> Result<usize> {
        self.execute_sql(query.name, query.sql, params)
    }

    /// Runs one statement assembled at run time (identifiers and options only; data values always
    /// travel as parameters).
    pub fn execute_sql(&self, name: &str, sql: &str, params: &[&dyn ToSql]) -> Result<usize> {
        let started = self.start_timing(name);
        let result = crate::cleanup::settled(|| {
            let mut stmt = self.conn.prepare(sql)?;
            stmt.execute(params)
        })
        .map_err(Error::query(name));
        self.report_timing(name, started);
        result
    }

    /// Runs a query and deserialises each row (column name → field) into `T`.
    pub fn rows<T: DeserializeOwned>(
        &self,
        query: &Query,
        params: &[&dyn ToSql],
    ) -> Result<Vec<T>> {
        self.rows_sql(query.name, query.sql, params)
    }

    /// Like [`Db::rows`] for a statement assembled at run time.
    pub fn rows_sql<T: DeserializeOwned>(
        &self,
        name: &str,
        sql: &str,
        params: &[&dyn ToSql],
    ) -> Result<Vec<T>> {
        let (_, json) = self.json_rows(name, sql, params)?;
        deserialize_rows(name, json)
    }

    /// Runs a query and returns its column names (known even when no row comes back) and rows.
    pub fn records(&self, query: &Query, params: &[&dyn ToSql]) -> Result<Records> {
        let (columns, rows) = self.json_rows(query.name, query.sql, params)?;
        Ok(Records { columns, rows })
    }

    /// The column names a header query (`$1` = the file's path, `LIMIT 0`) gives for a data
    /// file: a CSV header or a Parquet schema. A file DuckDB cannot read is a query error, for
    /// the caller to turn into an error about the file (`load::read_error`).
    pub fn file_columns(&self, query: &Sql, path_text: &str) -> Result<Vec<String>> {
        crate::cleanup::settled(|| {
            let mut stmt = self.conn.prepare(&query.text)?;
            let rows = stmt.query([path_text])?;
            Ok(rows.as_ref().map(|s| s.column_names()).unwrap_or_default())
        })
        .map_err(Error::query(query.name))
    }

    /// Runs a query expected to return exactly one row.
    pub fn one<T: DeserializeOwned>(&self, query: &Query, params: &[&dyn ToSql]) -> Result<T> {
        let mut rows = self.rows(query, params)?;
        if rows.len() != 1 {
            return Err(Error::Query {
                query: query.name.to_string(),
                source: duckdb::Error::QueryReturnedNoRows,
            });
        }
        Ok(rows.remove(0))
    }

    fn json_rows(
        &self,
        name: &str,
        sql: &str,
        params: &[&dyn ToSql],
    ) -> Result<(Vec<String>, Vec<JsonRow>)> {
        let started = self.start_timing(name);
        let read = crate::cleanup::settled(|| -> duckdb::Result<_> {
            let mut stmt = self.conn.prepare(sql)?;
            let mut rows = stmt.query(params)?;
            let names = rows.as_ref().map(|s| s.column_names()).unwrap_or_default();
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let mut obj = Map::new();
                for (i, col) in names.iter().enumerate() {
                    let v: Value = row.get(i)?;
                    obj.insert(col.clone(), to_json(v));
                }
                out.push(obj);
            }
            Ok((names, out))
        })
        .map_err(Error::query(name));
        self.report_timing(name, started);
        read
    }

    /// Starts a transaction; every load is all-or-nothing.
    pub fn begin(&self) -> Result<()> {
        self.run_batch("BEGIN TRANSACTION")
            .map_err(Error::query("begin transaction"))
    }

    pub fn commit(&self) -> Result<()> {
        // Timed as a query: committing a load's transaction is part of its cost.
        let started = self.start_timing("commit");
        let committed = self.run_batch("COMMIT").map_err(Error::query("commit"));
        self.report_timing("commit", started);
        committed
    }

    pub fn rollback(&self) {
        // A failed rollback leaves nothing to undo: the transaction is already gone.
        let _ = self.run_batch("ROLLBACK");
    }
}

/// The settings every DuckDB instance starts with. socgauge loads nothing from the network:
/// the bundled DuckDB would otherwise download and load an extension the moment a path looks
/// like a URL (`https://…`, `s3://…`) or a statement needs one it lacks, and then read the URL.
/// Without these a path or a setting asks for what is not bundled and fails with DuckDB's
/// "missing extension" message instead.
fn engine_config() -> duckdb::Result<duckdb::Config> {
    duckdb::Config::default()
        .with("autoinstall_known_extensions", "false")?
        .with("autoload_known_extensions", "false")?
        .with("allow_community_extensions", "false")
}

/// Opens a database file. A file another process holds in a conflicting mode (an ingest writing
/// it, or readers while this one wants to write) is "in use": a reader says so at once, a writer
/// tries again until its wait is over.
/// With `created`, a file the open creates is tracked (cleanup.rs) and `created` set.
fn open_file(path: &Path, access: Access, created: Option<&Cell<bool>>) -> Result<Connection> {
    // DuckDB reads `md:…`, `s3://…` or `file:` at the start of a database path as a service to
    // attach or a prefix to strip, and a leading `~` as the home folder: a relative path is
    // handed over absolute, so that it is always the local file named.
    let absolute;
    let local = if path.is_relative() {
        absolute = std::path::absolute(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        absolute.as_path()
    } else {
        path
    };
    refuse_foreign_file(path, local, "--db")?;
    let started = std::time::Instant::now();
    let mut told = false;
    // The first failure of an attempt tried again because the file was being created: reported
    // if no later attempt gets further (a full disk that failed this process's own creation is
    // not then reported as the partial file it left).
    let mut first_failure: Option<duckdb::Error> = None;
    loop {
        // Settled (cleanup.rs): opening creates the file when it does not exist. Each attempt
        // alone, so that a signal is handled while this waits for another process.
        // The file's size before this attempt: none, or empty, when another first load may be
        // creating it (see being_created).
        let size_before = std::fs::metadata(local).ok().map(|m| m.len());
        let opened = crate::cleanup::settled(|| {
            let existed = local.exists();
            let opened = match access {
                Access::ReadOnly => engine_config()
                    .and_then(|config| config.access_mode(duckdb::AccessMode::ReadOnly))
                    .and_then(|config| Connection::open_with_flags(local, config)),
                Access::ReadWrite { .. } => {
                    engine_config().and_then(|config| Connection::open_with_flags(local, config))
                }
            };
            // Created by this open, which now holds it: tracked, as the caller names it, before
            // a signal can be handled.
            if let Some(created) = created.filter(|_| !existed && opened.is_ok()) {
                for file in database_files(path) {
                    crate::cleanup::track(&file);
                }
                created.set(true);
            }
            opened
        });
        let source = match opened {
            Ok(conn) => return Ok(conn),
            Err(source) => source,
        };
        if !is_lock_conflict(&source) {
            if being_created(local, access, started, size_before) {
                first_failure.get_or_insert(source);
                std::thread::sleep(std::time::Duration::from_millis(50));
                continue;
            }
            // An empty file that no other process is making a database of (a writer waited
            // for that above): DuckDB says "not a valid DuckDB database file" and never takes
            // it as a new database. Removing it here could remove the database another writer
            // has just created in its place, so the user is told.
            if std::fs::metadata(local).is_ok_and(|m| m.is_file() && m.len() == 0) {
                return Err(Error::Usage(format!(
                    "the database `{}` is an empty file, not a socgauge database: remove it (a \
                     load, `socgauge ingest --db FILE PATH...` or `publish`, then creates the \
                     database there) or name another file",
                    path.display()
                )));
            }
            return Err(Error::Database {
                path: path.to_path_buf(),
                source: first_failure.unwrap_or(source),
            });
        }
        let wait = match access {
            Access::ReadOnly => std::time::Duration::ZERO,
            Access::ReadWrite { wait } => wait,
        };
        let waited = started.elapsed();
        if waited >= wait {
            let hint = match access {
                Access::ReadOnly => {
                    "an ingest is writing it; run this again when it has finished".to_string()
                }
                Access::ReadWrite { .. } => format!(
                    "waited {} s for it to be released; --wait SECONDS waits longer",
                    waited.as_secs()
                ),
            };
            return Err(Error::DatabaseInUse {
                path: path.to_path_buf(),
                hint,
            });
        }
        if !told {
            crate::say!(
                "waiting up to {} s for another process to release `{}` (--wait)",
                wait.as_secs(),
                path.display()
            );
            told = true;
        }
        std::thread::sleep(RETRY_EVERY.min(wait - waited));
    }
}

/// How long a writer takes an empty database file for one another process is creating.
const CREATION_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether a writer's failed open met a database file that another process has just created and
/// not yet locked: DuckDB creates the file, then locks it, then writes its header, so a second
/// first load can find the file empty and unlocked for an instant. It is tried again (briefly: an
/// empty file that stays empty is reported as DuckDB reports it). The file may hold the other
/// process's header by the time this looks: an attempt that met no file, or an empty one
/// (`size_before`), and failed, is tried again as well, and then meets the other's lock.
fn being_created(
    path: &Path,
    access: Access,
    started: std::time::Instant,
    size_before: Option<u64>,
) -> bool {
    let Access::ReadWrite { wait } = access else {
        return false;
    };
    let met_empty = size_before.is_none_or(|size| size == 0) && path.is_file();
    // Gone since: the other process's first load failed and removed it; trying again creates it.
    let empty_or_gone = match std::fs::metadata(path) {
        Ok(m) => m.is_file() && m.len() == 0,
        Err(e) => {
            e.kind() == std::io::ErrorKind::NotFound
                && path
                    .parent()
                    .is_none_or(|dir| dir.as_os_str().is_empty() || dir.is_dir())
        }
    };
    started.elapsed() < CREATION_GRACE.min(wait) && (empty_or_gone || met_empty)
}

/// The bytes every DuckDB database file holds at offset 8.
const DUCKDB_MAGIC: &[u8; 4] = b"DUCK";

/// Refuses an existing, non-empty file that is not a DuckDB database: DuckDB would open a CSV,
/// JSON or Parquet file named as the database as an empty database over it (and a load, finding
/// it empty, would then remove it on failure), and a SQLite file by loading an extension. An
/// empty file is left to the creation rules of [`being_created`].
/// `setting` names where the path was given (`--db`, or a publish configuration's key).
pub fn refuse_foreign_file(named: &Path, local: &Path, setting: &str) -> Result<()> {
    use std::io::Read;
    // A device or pipe is never a database (a load refuses it too, in load_copy.rs).
    if std::fs::metadata(local).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Err(Error::Usage(format!(
            "{setting} `{}` is not a regular file (a device or a pipe): name a database file",
            named.display()
        )));
    }
    if !local.is_file() {
        return Ok(());
    }
    let Ok(mut file) = std::fs::File::open(local) else {
        return Ok(());
    };
    let mut head = Vec::with_capacity(12);
    file.by_ref()
        .take(12)
        .read_to_end(&mut head)
        .map_err(|source| Error::Io {
            path: named.to_path_buf(),
            source,
        })?;
    if head.is_empty() || head.get(8..12) == Some(DUCKDB_MAGIC.as_slice()) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{setting} `{}` is not a socgauge database (the file does not start like a DuckDB database): \
         {} names the database file socgauge keeps (a new name creates one); give exports as {}",
        named.display(),
        if setting == "--db" { "--db" } else { "`database`" },
        if setting == "--db" { "PATH" } else { "[[input]] paths" }
    )))
}

/// DuckDB reports a file locked by another process only in its message (an IO error like any
/// other), so the message is the one way to tell it apart.
fn is_lock_conflict(err: &duckdb::Error) -> bool {
    err.to_string().contains("Could not set lock on file")
}

fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Boolean(b) => Json::Bool(b),
        Value::TinyInt(i) => Json::from(i),
        Value::SmallInt(i) => Json::from(i),
        Value::Int(i) => Json::from(i),
        Value::BigInt(i) => Json::from(i),
        Value::HugeInt(i) => i64::try_from(i).map_or_else(|_| float(i as f64), Json::from),
        Value::UHugeInt(i) => u64::try_from(i).map_or_else(|_| float(i as f64), Json::from),
        Value::UTinyInt(i) => Json::from(i),
        Value::USmallInt(i) => Json::from(i),
        Value::UInt(i) => Json::from(i),
        Value::UBigInt(i) => Json::from(i),
        Value::Float(f) => float(f64::from(f)),
        Value::Double(f) => float(f),
        Value::Decimal(d) => d.to_string().parse::<f64>().map_or(Json::Null, float),
        Value::Text(s) | Value::Enum(s) => Json::String(s),
        Value::List(items) | Value::Array(items) => {
            Json::Array(items.into_iter().map(to_json).collect())
        }
        Value::Struct(fields) => Json::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v.clone())))
                .collect(),
        ),
        // Queries return timestamps as text (strftime) so that no time zone logic lives here.
        other => Json::String(format!("{other:?}")),
    }
}

fn float(f: f64) -> Json {
    Number::from_f64(f).map_or(Json::Null, Json::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_duckdb_units() {
        assert_eq!(parse_size("2GB"), Some(2_000_000_000));
        assert_eq!(parse_size("512 mb"), Some(512_000_000));
        assert_eq!(parse_size("1GiB"), Some(1 << 30));
        assert_eq!(parse_size("1.5GB"), Some(1_500_000_000));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("12"), None);
        assert_eq!(parse_size("12 parsecs"), None);
    }

    #[test]
    fn engine_bounds() {
        assert!(EngineOptions::checked(Some(1), Some("64MB")).is_ok());
        assert!(EngineOptions::checked(Some(0), None).is_err());
        assert!(EngineOptions::checked(Some(100_000), None).is_err());
        assert!(EngineOptions::checked(None, Some("1KB")).is_err());
        assert!(EngineOptions::checked(None, Some("63MB")).is_err());
    }

    #[test]
    fn default_memory_limit_is_a_quarter_capped_at_1_25gb() {
        // 24 GiB machine: capped.
        assert_eq!(default_memory_limit(24 << 30), 1_250_000_000);
        // 2 GB container: a quarter.
        assert_eq!(default_memory_limit(2_000_000_000), 500_000_000);
        // Tiny machine: the accepted minimum.
        assert_eq!(default_memory_limit(100_000_000), MIN_MEMORY_LIMIT_BYTES);
    }

    fn memory_limit_bytes(db: &Db) -> u64 {
        let text: String = db
            .conn()
            .query_row("SELECT current_setting('memory_limit')", [], |r| r.get(0))
            .unwrap();
        parse_size(&text).unwrap()
    }

    #[test]
    fn without_flag_the_default_limit_applies_and_the_flag_overrides() {
        let db = Db::open_in_memory(&EngineOptions::default()).unwrap();
        let limit = memory_limit_bytes(&db);
        // DuckDB shows the limit rounded to its display unit.
        assert!(
            (MIN_MEMORY_LIMIT_BYTES..=DEFAULT_MEMORY_CAP_BYTES).contains(&limit),
            "{limit}"
        );
        let given = EngineOptions::checked(None, Some("3GB")).unwrap();
        let db = Db::open_in_memory(&given).unwrap();
        let limit = memory_limit_bytes(&db);
        assert!((2_700_000_000..=3_000_000_000).contains(&limit), "{limit}");
    }

    #[test]
    fn no_database_installs_or_loads_an_extension_on_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.db");
        let options = EngineOptions::default();
        let write = Access::ReadWrite {
            wait: std::time::Duration::ZERO,
        };
        drop(Db::open(Some(&file), &options, write).unwrap());
        for db in [
            Db::open_in_memory(&options).unwrap(),
            Db::open(Some(&file), &options, write).unwrap(),
        ] {
            for setting in [
                "autoinstall_known_extensions",
                "autoload_known_extensions",
                "allow_community_extensions",
            ] {
                let on: bool = db
                    .conn()
                    .query_row(&format!("SELECT current_setting('{setting}')"), [], |r| {
                        r.get(0)
                    })
                    .unwrap();
                assert!(!on, "{setting}");
            }
            // A URL is refused by DuckDB itself rather than fetched.
            let url = db
                .conn()
                .execute_batch("SELECT * FROM read_csv('https://socgauge.invalid/alerts.csv')");
            let message = url.unwrap_err().to_string();
            assert!(message.contains("httpfs"), "{message}");
        }
        let reader = Db::open(Some(&file), &options, Access::ReadOnly).unwrap();
        let on: bool = reader
            .conn()
            .query_row(
                "SELECT current_setting('autoload_known_extensions')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!on);
    }
}
