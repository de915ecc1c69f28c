//! `socgauge export --parquet DIR`: the canonical data as a hive-partitioned Parquet lake
//! (`<kind>/tenant=…/month=…/data_0.parquet`), the one table layout that Spark, Trino, BigQuery,
//! Athena and socgauge itself read. The lake is written into a hidden folder beside DIR and swapped
//! in whole: a failed or killed run leaves the previous lake (or none) as it was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cli::ExportArgs;
use crate::error::{Error, Result};
use crate::input::InputSettings;
use crate::queries::export as q;

use crate::load::lake::{LAKE_VERSION, MANIFEST};
use crate::output::Exchanged;

/// The manifest beside the kinds: what wrote the lake and how it is partitioned.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    schema_version: u64,
    partitioning: Vec<String>,
    rows: Counts,
    /// The database's data-quality record (see [`LoadRecord`]).
    loads: Vec<LoadRecord>,
    /// The kinds whose partitions `month_links` name (a lake of an earlier socgauge names
    /// alerts and automation only, and its incidents are read whole).
    month_links_kinds: Vec<String>,
    /// The other months each month's incidents and alerts need rows of
    /// (export/lake_month_links.sql): what a run measuring some months reads beside them.
    month_links: Vec<MonthLink>,
}

/// The partitions of other months that one tenant's rows of `month` need: the alerts and
/// automation counted for its incidents, the incidents of their merge chains and those its
/// alerts count for (see load/lake_months.rs).
#[derive(Debug, Serialize, Deserialize)]
pub struct MonthLink {
    pub tenant: String,
    pub month: String,
    pub alerts: Vec<String>,
    pub automation: Vec<String>,
    pub incidents: Vec<String>,
}

/// One file's load as the database recorded it (export/lake_loads.sql): the rows the lake does
/// not hold (rejected, or an automation export without runs) still count when it is read.
#[derive(Debug, Serialize, Deserialize)]
struct LoadRecord {
    file: String,
    format: String,
    kind: String,
    rows_read: i64,
    rows_loaded: i64,
    rows_rejected: i64,
    source: Option<String>,
    file_key: Option<String>,
    tenant_rows: Option<Vec<TenantRows>>,
}

#[derive(Debug, Serialize, Deserialize)]
struct TenantRows {
    tenant: String,
    loaded: i64,
    rejected: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Counts {
    incidents: i64,
    alerts: i64,
    automation: i64,
    tenants: i64,
}

pub fn run(args: &ExportArgs, now: DateTime<Utc>) -> Result<()> {
    let input = InputSettings::from_args(&args.input, now)?;
    if input.files.is_empty() && input.db_path.is_none() {
        return Err(Error::Usage(
            "export: give the data to export: --db FILE, export files or folders (PATH...), or both"
                .into(),
        ));
    }
    // A lake reached through a symbolic link is replaced where it lives, the link kept.
    let resolved = std::fs::symlink_metadata(&args.parquet)
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| std::fs::canonicalize(&args.parquet).ok())
        .flatten();
    let target = resolved.as_ref().unwrap_or(&args.parquet);
    let (parent, name) = parent_and_name(target)?;
    remove_stale_builds(&parent, &name, target);
    if target.exists() && !target.is_dir() {
        return Err(Error::Usage(format!(
            "--parquet `{}` is a file: the lake is a folder",
            target.display()
        )));
    }
    crate::output::refuse_overwrite(std::slice::from_ref(target), args.force)?;
    refuse_foreign_folder(target)?;
    let existed = target.exists();
    refuse_inputs_inside(target, &input)?;

    let (opened, summary) = input.open()?;
    super::print_warnings(&summary.warnings);
    super::print_rejects(opened.db(), &summary.files, input.db_path.as_deref())?;
    let db = opened.db();
    let counts: Counts = db.one(&q::LAKE_COUNTS, &[])?;
    let loads: Vec<LoadRecord> = db.rows(&q::LAKE_LOADS, &[])?;
    crate::facts::ensure(db)?;
    let month_links: Vec<MonthLink> = db.rows(&q::LAKE_MONTH_LINKS, &[])?;

    refuse_long_tenants(&crate::tenants::names(db)?)?;
    // One thread writes the lake: DuckDB's parallel partitioned writer orders the rows of a file
    // by which thread got there first, and the same data must give the same files. On a 1M-alert
    // database this is no slower (the writer's parallel overhead is most of its gain).
    db.batch_sql("export_threads", "SET threads = 1")?;
    let building = Building::create(parent.join(format!(".{name}.tmp-{}", std::process::id())))?;
    for (kind, query) in [
        ("incidents", &q::LAKE_INCIDENTS),
        ("alerts", &q::LAKE_ALERTS),
        ("automation", &q::LAKE_AUTOMATION),
    ] {
        let sql = query.fill_path("/*path*/", &building.path.join(kind))?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    let manifest = Manifest {
        schema_version: LAKE_VERSION,
        partitioning: vec!["tenant".into(), "month".into()],
        rows: counts,
        loads,
        // The kinds export/lake_month_links.sql links, named here rather than taken from the
        // kinds a lake holds: a kind added to the lake is not linked until the query links it.
        month_links_kinds: ["incidents", "alerts", "automation"]
            .map(String::from)
            .to_vec(),
        month_links,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Output {
        what: "the lake's manifest",
        message: e.to_string(),
    })?;
    json.push(b'\n');
    crate::output::write_file(&building.path.join(MANIFEST), &json)?;
    // The lake is complete beside its place. DIR is checked again (a folder made there while the
    // lake was written is not this run's to replace), the database keeps the load, then the lake
    // moves in.
    if target.exists() && !existed && !args.force {
        return Err(Error::Usage(format!(
            "--parquet `{}` appeared while the lake was written: add --force to replace it",
            target.display()
        )));
    }
    refuse_foreign_folder(target)?;
    opened.keep()?;
    building.swap_into(target, &parent, &name)?;

    let c = &manifest.rows;
    crate::say!(
        "wrote {} incidents, {} alerts and {} automation runs of {} tenant{} to `{}`",
        c.incidents,
        c.alerts,
        c.automation,
        c.tenants,
        if c.tenants == 1 { "" } else { "s" },
        target.display()
    );
    Ok(())
}

/// The folder that holds DIR, and DIR's own name.
fn parent_and_name(target: &Path) -> Result<(PathBuf, String)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| {
            Error::Usage(format!(
                "--parquet `{}` names no folder of its own: give a folder such as lake/",
                target.display()
            ))
        })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(Error::Usage(format!(
            "--parquet `{}`: the folder `{}` that would hold it does not exist",
            target.display(),
            parent.display()
        )));
    }
    Ok((parent, name))
}

/// `--force` replaces a lake, never another folder: an existing DIR must be empty or hold the
/// manifest of a lake.
fn refuse_foreign_folder(target: &Path) -> Result<()> {
    if std::fs::read_dir(target).is_err() || replaceable(target) {
        return Ok(());
    }
    Err(foreign_folder(target))
}

fn foreign_folder(target: &Path) -> Error {
    Error::Usage(format!(
        "--parquet `{}` is a folder that is not a lake written by socgauge (no {MANIFEST}): \
         export replaces its folder whole, so it only replaces a lake; choose another folder",
        target.display()
    ))
}

/// Whether the folder `dir` may be replaced by a lake: empty, or a lake socgauge wrote.
fn replaceable(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|mut entries| entries.next().is_none() || dir.join(MANIFEST).is_file())
}

/// Refuses a DIR that holds the database or an input of this run: replacing DIR would delete it.
fn refuse_inputs_inside(target: &Path, input: &InputSettings) -> Result<()> {
    let Ok(dir) = std::fs::canonicalize(target) else {
        return Ok(());
    };
    for (what, path) in input.read_paths() {
        let Ok(path) = std::fs::canonicalize(&path) else {
            continue;
        };
        if path.starts_with(&dir) {
            return Err(Error::Usage(format!(
                "--parquet `{}` holds {what} (`{}`), which replacing it would delete: write the \
                 lake to another folder",
                target.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

/// Removes the build and old folders (`.NAME.tmp-PID`, `.NAME.old-PID`) that exports killed
/// midway left beside DIR, where their process is gone. A run killed between moving the old lake
/// aside and moving the new one in left no DIR: its old lake is put back first.
fn remove_stale_builds(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        for (old, kind) in [(false, ".tmp-"), (true, ".old-")] {
            let pid = file
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok());
            if let Some(pid) = pid {
                let gone = Path::new("/proc/self").exists()
                    && !Path::new("/proc").join(pid.to_string()).exists();
                if gone || pid == std::process::id() {
                    stale.push((old, entry.path()));
                }
            }
        }
    }
    stale.sort();
    if !target.exists() {
        if let Some((_, old)) = stale.iter().rev().find(|(old, _)| *old) {
            let _ = std::fs::rename(old, target);
        }
    }
    for (_, path) in stale {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// The longest folder name most file systems take (ext4, XFS, APFS, NTFS: 255 bytes).
const MAX_FOLDER_NAME: usize = 255;

/// Refuses tenants whose partition folder (`tenant=` and the name, escaped) would be longer than
/// a folder name can be, naming them, before anything is written.
fn refuse_long_tenants(tenants: &[String]) -> Result<()> {
    let too_long: Vec<String> = tenants
        .iter()
        .filter(|t| "tenant=".len() + escaped_len(t) > MAX_FOLDER_NAME)
        .map(|t| crate::tenants::printable(&t.chars().take(40).collect::<String>()) + "…")
        .collect();
    if too_long.is_empty() {
        return Ok(());
    }
    Err(Error::Output {
        what: "the lake",
        message: format!(
            "{} tenant name{} too long for a partition folder (at most {} bytes once escaped): \
             {}; load those rows again with a shorter --tenant and --tenant-override",
            too_long.len(),
            if too_long.len() == 1 { " is" } else { "s are" },
            MAX_FOLDER_NAME - "tenant=".len(),
            too_long.join(", ")
        ),
    })
}

/// The length of a partition value as DuckDB writes it in a folder name: letters, digits and
/// `-._~` as they are, every other byte as `%XX`.
fn escaped_len(value: &str) -> usize {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                1
            } else {
                3
            }
        })
        .sum()
}

/// The hidden folder a lake is written into; removed unless swapped in.
struct Building {
    path: PathBuf,
}

impl Building {
    fn create(path: PathBuf) -> Result<Building> {
        // A folder of this name is left by a killed run of this same process id: not a lake.
        let _ = std::fs::remove_dir_all(&path);
        // Removed by an interrupted run too (cleanup.rs).
        crate::cleanup::track(&path);
        if let Err(source) = crate::cleanup::settled(|| std::fs::create_dir(&path)) {
            crate::cleanup::untrack(&path);
            return Err(Error::Io { path, source });
        }
        Ok(Building { path })
    }

    /// Puts the lake in `target`'s place: exchanged with an older lake there where the system
    /// can; else the older lake is moved aside first and removed once the new one is in place
    /// (put back if that fails).
    fn swap_into(mut self, target: &Path, parent: &Path, name: &str) -> Result<()> {
        let io = |path: &Path, source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        // Where the system can, the old lake and the new one change places in one step (no
        // moment without a lake, even under SIGKILL); the old one is then in the build folder,
        // removed on drop.
        if target.exists() {
            match crate::output::exchange_checked(&self.path, target, replaceable) {
                Exchanged::InPlace => return Ok(()),
                Exchanged::PutBack => return Err(foreign_folder(target)),
                Exchanged::Stuck => {
                    // Someone's folder, where the build was: never removed; the user is told
                    // where it is.
                    let kept = std::mem::take(&mut self.path);
                    crate::cleanup::untrack(&kept);
                    return Err(Error::Output {
                        what: "the lake",
                        message: format!(
                            "`{}` was made while the lake was written, and could not be put \
                             back: it is now `{}`, and the lake is in its place",
                            target.display(),
                            kept.display()
                        ),
                    });
                }
                Exchanged::Unsupported => {}
            }
        }
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = target.exists();
        if had_old && !replaceable(target) {
            return Err(foreign_folder(target));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        // Settled (cleanup.rs): an interrupting signal never finds the old lake set aside and
        // the new one not yet in place.
        crate::cleanup::settled(|| -> Result<()> {
            if had_old {
                std::fs::rename(target, &old).map_err(|e| io(target, e))?;
            }
            if let Err(e) = std::fs::rename(&self.path, target) {
                if had_old {
                    let _ = std::fs::rename(&old, target);
                }
                return Err(io(target, e));
            }
            // In place; the old lake set aside is what an interrupted run removes now.
            crate::cleanup::untrack(&self.path);
            if had_old {
                crate::cleanup::track(&old);
            }
            Ok(())
        })?;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
            crate::cleanup::untrack(&old);
        }
        // In place: nothing left to remove.
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.path);
            crate::cleanup::untrack(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_folder_names_are_measured_escaped() {
        assert_eq!(escaped_len("acme-1.eu"), 9);
        assert_eq!(escaped_len("a/b c"), 9);
        assert_eq!(escaped_len("ü"), 6);
        assert!(refuse_long_tenants(&["x".repeat(248)]).is_ok());
        let err = refuse_long_tenants(&["x".repeat(249), "ok".into()]).unwrap_err();
        assert!(
            err.to_string().contains("1 tenant name is too long"),
            "{err}"
        );
        assert!(refuse_long_tenants(&["é".repeat(42)]).is_err());
    }

    #[test]
    fn a_folder_made_at_the_lakes_place_during_the_export_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("lake");
        let building = Building::create(dir.path().join(".lake.tmp-1")).unwrap();
        std::fs::write(building.path.join(MANIFEST), "{}").unwrap();
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("notes.txt"), "precious").unwrap();
        let err = building.swap_into(&target, dir.path(), "lake").unwrap_err();
        assert!(err.to_string().contains("not a lake"), "{err}");
        assert_eq!(
            std::fs::read_to_string(target.join("notes.txt")).unwrap(),
            "precious"
        );
        assert!(!target.join(MANIFEST).exists());
        // The build folder went with the failed run.
        assert!(!dir.path().join(".lake.tmp-1").exists());
        // An empty folder, or a lake, is replaced.
        std::fs::remove_file(target.join("notes.txt")).unwrap();
        let building = Building::create(dir.path().join(".lake.tmp-1")).unwrap();
        std::fs::write(building.path.join(MANIFEST), "{}").unwrap();
        building.swap_into(&target, dir.path(), "lake").unwrap();
        assert!(target.join(MANIFEST).is_file());
    }
}
