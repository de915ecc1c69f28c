//! The inputs every data-reading command shares: files to load and/or a database, checked before
//! any work starts, then opened and loaded.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::cli::InputArgs;
use crate::db::{Access, Db, EngineOptions};
use crate::error::{Error, Result};
use crate::load::{self, InputFile, LoadOptions, LoadSummary};
use crate::load_copy::LoadCopy;
use crate::setting_names::Setting;
use crate::sources::{mapped::Mapping, SourceChoice};
use crate::time::Zone;

/// Checked input settings.
#[derive(Debug, Clone)]
pub struct InputSettings {
    pub files: Vec<InputFile>,
    /// Files inside folders that socgauge does not read.
    pub skipped: Vec<PathBuf>,
    pub db_path: Option<PathBuf>,
    pub load: LoadOptions,
    pub engine: EngineOptions,
    /// No progress line.
    pub quiet: bool,
    /// How long loading into a database file waits for other processes to release it.
    pub wait: std::time::Duration,
}

/// `--db` naming a folder is a usage error said plainly, not the database engine's read error.
pub fn refuse_folder_as_database(db: &Path) -> Result<()> {
    if db.is_dir() {
        return Err(Error::Usage(format!(
            "--db: `{}` is a folder; give the database file (socgauge ingest --db FILE creates \
             one)",
            db.display()
        )));
    }
    Ok(())
}

/// How long a load waits for a database other processes hold (`ingest --wait`).
pub const DEFAULT_WAIT_SECONDS: u64 = 60;

impl InputSettings {
    /// Checks the input flags: paths exist and have known formats, time zone and tenant are valid.
    pub fn from_args(args: &InputArgs, now: DateTime<Utc>) -> Result<InputSettings> {
        if args.paths.is_empty() && args.db.is_none() {
            return Err(Error::Usage(
                "nothing to read: give export files or folders (PATH...), or --db FILE".into(),
            ));
        }
        if let Some(db) = &args.db {
            refuse_folder_as_database(db)?;
            if args.paths.is_empty() && !db.exists() {
                return Err(Error::MissingDatabase { path: db.clone() });
            }
        }
        let mapping = match &args.mapping {
            Some(path) => Some(Mapping::from_file(path)?),
            None => None,
        };
        // A mapping's zone applies unless --input-timezone names one (UTC too: given, it is
        // the user's word over the mapping's).
        let zone_text = match (&args.input_timezone, mapping.as_ref()) {
            (Some(given), _) => given.as_str(),
            (None, Some(m)) => m.timezone.as_deref().unwrap_or("UTC"),
            (None, None) => "UTC",
        };
        let names = args.names;
        let input_zone = Zone::parse(zone_text)
            .map_err(|m| Error::Usage(format!("{}: {m}", names.of(Setting::InputTimezone))))?;
        let default_tenant = match &args.tenant {
            Some(t) if t.trim().is_empty() => {
                return Err(Error::Usage(format!(
                    "{}: the name is empty",
                    names.of(Setting::Tenant)
                )))
            }
            Some(t) => t.trim().to_string(),
            None => "default".to_string(),
        };
        let engine = EngineOptions::checked(args.threads, args.memory_limit.as_deref())?;
        let source = SourceChoice::parse(&args.source, names.of(Setting::Source))?;
        if mapping.is_none() && source == SourceChoice::Named(crate::sources::mapped::NAME.into()) {
            return Err(Error::Usage(names.mapped_needs_mapping()));
        }
        let date_format = match &args.date_format {
            Some(f) => {
                crate::load::check_date_format(
                    f,
                    names.of(Setting::DateFormat),
                    names.of(Setting::InputTimezone),
                )?;
                Some(f.clone())
            }
            None => None,
        };
        let max_rejects = match args.max_rejects.trim().parse::<f64>() {
            Ok(share) if (0.0..=1.0).contains(&share) => share,
            _ => {
                return Err(Error::Usage(format!(
                    "{}: `{}` is not a share from 0 to 1 (0.05 = 5 %, 1 = no limit)",
                    names.of(Setting::MaxRejects),
                    args.max_rejects
                )))
            }
        };
        let (files, skipped) = load::discover(&args.paths)?;
        if !args.paths.is_empty() && files.is_empty() {
            // Logs in a folder are skipped (a folder of exports often holds the tool's own logs);
            // one named on its own is read as NDJSON: say how, when that is all there is.
            let logs = skipped
                .iter()
                .any(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("log")));
            return Err(Error::Usage(format!(
                "no readable export in {}: socgauge reads {} files (text formats also gzip-compressed){}",
                args.paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", "),
                crate::load::files::extensions_text(),
                if logs {
                    "; a `.log` file is read (as NDJSON) only when named on its own: name it, e.g. `FOLDER/*.log`"
                } else {
                    ""
                }
            )));
        }
        Ok(InputSettings {
            files,
            skipped,
            db_path: args.db.clone(),
            load: LoadOptions {
                default_tenant,
                tenant_override: false,
                input_zone,
                strict: args.strict,
                loaded_at: now,
                source,
                mapping,
                date_format,
                max_rejects,
                names,
                measured_tenant: None,
                measured_window: None,
            },
            engine,
            quiet: args.quiet,
            wait: std::time::Duration::from_secs(DEFAULT_WAIT_SECONDS),
        })
    }

    /// A run that measures one tenant (`--tenant`) straight from its inputs, keeping nothing:
    /// a lake's partitions of other tenants are left unread (load/lake_scope.rs). Loads into a
    /// database file keep every row, so read everything.
    pub fn measuring(mut self, tenant: Option<&str>) -> InputSettings {
        if self.db_path.is_none() {
            self.load.measured_tenant = tenant.map(|t| t.trim().to_string());
        }
        self
    }

    /// A run that measures a window of months known before the load (see
    /// `metrics::reach`) straight from its inputs: a lake's alerts and automation of months the
    /// window's figures cannot reach are left unread (load/lake_months.rs). Loads into a
    /// database file keep every row, so read everything.
    pub fn measuring_window(
        mut self,
        window: Option<crate::load::MeasuredWindow>,
    ) -> InputSettings {
        if self.db_path.is_none() {
            self.load.measured_window = window;
        }
        self
    }

    /// The files this run reads, each with what it is: an output must not replace any of them.
    pub fn read_paths(&self) -> Vec<(&'static str, PathBuf)> {
        let mut paths = Vec::new();
        if let Some(db) = &self.db_path {
            paths.push(("the database (--db)", db.clone()));
            paths.push(("the database's log (--db)", crate::db::wal_path(db)));
        }
        if let Some(mapping) = &self.load.mapping {
            paths.push(("the mapping file (--mapping)", mapping.path.clone()));
        }
        paths.extend(
            self.files
                .iter()
                .map(|f| ("an input export", f.path.clone())),
        );
        paths
    }

    /// Refuses (exit 2) an output flag's path that names a file this run reads, or one of
    /// `others` (rubric, answers, another output).
    pub fn refuse_output_onto_inputs(
        &self,
        flag: &str,
        target: Option<&Path>,
        others: &[(&'static str, Option<&Path>)],
    ) -> Result<()> {
        let mut paths = self.read_paths();
        paths.extend(
            others
                .iter()
                .filter_map(|(what, p)| p.map(|p| (*what, p.to_path_buf()))),
        );
        let protected: Vec<(&str, &Path)> = paths.iter().map(|(w, p)| (*w, p.as_path())).collect();
        crate::output::refuse_inputs(flag, target, &protected)
    }

    /// Opens the database and loads the files. A database file is loaded through a copy
    /// (`load_copy`), which the database keeps only at [`Opened::keep`]: a failed run leaves it,
    /// or its absence, as it was.
    pub fn open(&self) -> Result<(Opened, LoadSummary)> {
        self.open_checked(|_, _| Ok(()))
            .map(|(opened, summary, ())| (opened, summary))
    }

    /// [`open`](Self::open), with `check` run on the loaded data: a command whose scope the data
    /// refuses (an unknown tenant, an empty period) fails before the database could keep the
    /// load. `check` is given the load's summary too, so that the load's warnings and rejected
    /// rows can be shown before a refusal. Returns what `check` found, which the command then
    /// uses.
    pub fn open_checked<T>(
        &self,
        check: impl FnOnce(&Db, &LoadSummary) -> Result<T>,
    ) -> Result<(Opened, LoadSummary, T)> {
        if self.files.is_empty() {
            // Without files to load the database is only read: read-only, so that any number of
            // readers run at once.
            let db = Db::open(self.db_path.as_deref(), &self.engine, Access::ReadOnly)?;
            load::require_schema(&db)?;
            let summary = LoadSummary {
                warnings: self.skipped_warnings(),
                ..LoadSummary::default()
            };
            let checked = check(&db, &summary)?;
            return Ok((Opened::read(db), summary, checked));
        }
        let Some(path) = self.db_path.as_deref() else {
            let db = Db::open_in_memory(&self.engine)?;
            let summary = self.load_into(&db)?;
            let checked = check(&db, &summary)?;
            return Ok((Opened::read(db), summary, checked));
        };
        // A database file is loaded through a copy, swapped in once the run's outputs are
        // ready: a failed or killed run leaves the file as it was.
        let (copy, db) = LoadCopy::begin(path, &self.engine, self.wait)?;
        let opened = Opened {
            db,
            pending: Some(copy),
        };
        let summary = self.load_into(&opened.db)?;
        let checked = check(&opened.db, &summary)?;
        Ok((opened, summary, checked))
    }

    /// Stores the facts of this version in the database file (`ingest --refresh-facts`), through
    /// a copy like a load, so that an interrupted refresh leaves the file as it was. Returns
    /// whether they had to be built (false: already current, the file untouched).
    pub fn refresh_facts(&self) -> Result<bool> {
        let Some(path) = self.db_path.as_deref() else {
            return Err(crate::error::Error::Usage(
                "--refresh-facts: name the database with --db".into(),
            ));
        };
        // Never a new database: there would be nothing to build facts of.
        if !path.exists() {
            return Err(crate::error::Error::Usage(format!(
                "--refresh-facts: `{}` does not exist; name a socgauge database",
                path.display()
            )));
        }
        // Read-only first: a database whose facts and kept month results are current is not
        // copied at all; one whose facts are current but whose month results another version
        // computed (a month would run its queries again) has only those computed anew.
        let facts_current = {
            let db = Db::open(Some(path), &self.engine, Access::ReadOnly)?;
            load::require_schema(&db)?;
            let facts_current = crate::facts::stored_current(&db)?;
            if facts_current && !crate::metrics::store::stale(&db)? {
                return Ok(false);
            }
            facts_current
        };
        let (copy, db) = LoadCopy::begin(path, &self.engine, self.wait)?;
        let _progress = crate::progress::Progress::start("building facts".into(), self.quiet);
        let built = db.begin().and_then(|()| {
            load::ensure_schema(&db)
                .and_then(|()| {
                    if facts_current {
                        crate::facts::definitions(&db)
                    } else {
                        crate::facts::build(&db)
                    }
                })
                .and_then(|()| crate::metrics::store::refresh(&db))
                .and_then(|()| db.commit())
                .inspect_err(|_| db.rollback())
        });
        match built {
            Ok(()) => copy.commit(db).map(|_| true),
            Err(err) => {
                copy.abandon(db);
                Err(err)
            }
        }
    }

    fn load_into(&self, db: &Db) -> Result<LoadSummary> {
        let what = format!(
            "loading {} file{}",
            self.files.len(),
            if self.files.len() == 1 { "" } else { "s" }
        );
        let _progress = crate::progress::Progress::start(what, self.quiet);
        let mut summary = load::load(db, &self.files, &self.load)?;
        // The latest months' results, read by the monthly runs that follow (a database file).
        crate::metrics::store::keep(db)?;
        summary.warnings.extend(self.skipped_warnings());
        Ok(summary)
    }

    fn skipped_warnings(&self) -> Vec<String> {
        self.skipped
            .iter()
            .map(|p| {
                // A pipe or a device with an export's name is skipped for what it is.
                let special = std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir());
                let parquet = p
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
                if special {
                    format!(
                        "`{}`: skipped (not a regular file: a pipe or a device)",
                        p.display()
                    )
                } else if crate::load::files::Format::of(p)
                    .is_some_and(|format| crate::load::files::holds_no_records(p, format))
                {
                    format!(
                        "`{}`: skipped (it holds no records: an empty file, or an empty page of an \
                         export)",
                        p.display()
                    )
                } else if parquet {
                    // Only a lake skips a Parquet file: one outside its partitions.
                    format!(
                        "`{}`: skipped (a Parquet file outside the lake's \
                         <kind>/tenant=…/month=… folders is not part of the lake)",
                        p.display()
                    )
                } else {
                    format!(
                        "`{}`: skipped (not a {} file)",
                        p.display(),
                        crate::load::files::extensions_text().replace(" and ", " or ")
                    )
                }
            })
            .collect()
    }
}

/// Refuses outputs that would replace an export the database has loaded (in this run or an
/// earlier one): `report --db soc.db -o exports/alerts.csv` would otherwise destroy the export
/// the figures came from. Files named as inputs of this run are refused earlier, by name.
pub fn refuse_outputs_onto_loaded<'a>(
    db: &Db,
    targets: impl Iterator<Item = &'a Path>,
) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Loaded {
        file_key: String,
    }
    let existing: Vec<PathBuf> = targets
        .filter_map(|target| std::fs::canonicalize(target).ok())
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    let loaded: Vec<Loaded> = db.rows(&crate::queries::load::LOADED_FILES, &[])?;
    match existing.iter().find(|target| {
        loaded
            .iter()
            .any(|l| Path::new(&l.file_key) == target.as_path())
    }) {
        Some(target) => Err(Error::Usage(format!(
            "`{}` is an export the database has loaded: an output never replaces one; write the \
             output elsewhere",
            target.display()
        ))),
        None => Ok(()),
    }
}

/// The inputs of a run, open: the database, and the load it has not kept yet when files were
/// loaded into a database file. Dropped without [`Opened::keep`], the database is closed and the
/// load given up: the file stays as it was.
pub struct Opened {
    // Declared before `pending`, so dropped first: the copy is removed only once it is closed.
    db: Db,
    pending: Option<LoadCopy>,
}

impl Opened {
    /// A database with nothing to keep (read-only, or in memory).
    fn read(db: Db) -> Opened {
        Opened { db, pending: None }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The database keeps the load (a no-op without one); the same connection, still open.
    pub fn keep(self) -> Result<Db> {
        let Opened { db, pending } = self;
        match pending {
            Some(copy) => copy.commit(db),
            None => Ok(db),
        }
    }

    /// The end of a run that writes files: every output staged beside its target, then the
    /// database keeps the load, then the outputs take their places. A run that fails before
    /// the database keeps the load leaves the database and every output as they were.
    pub fn deliver(self, outputs: crate::output::Outputs) -> Result<()> {
        refuse_outputs_onto_loaded(&self.db, outputs.file_targets())?;
        self.keep()?;
        outputs.finish()
    }

    /// [`deliver`](Self::deliver) of one output (standard output when `None` or `-`).
    pub fn deliver_one(self, target: Option<&Path>, bytes: Vec<u8>) -> Result<()> {
        let mut outputs = crate::output::Outputs::new();
        outputs.add(target, bytes)?;
        self.deliver(outputs)
    }
}
