//! A load never writes the database file in place. It loads into a copy beside it, which replaces
//! the file (a rename) only once the load has committed and been checkpointed. A load that fails
//! (bad rows, a full disk) or is killed (by a signal, a file-size limit's included) leaves the database byte for byte as it
//! was: a transaction's rollback alone would keep the data but leave the file grown by whatever the
//! load wrote before it failed, up to a full disk.
//!
//! While the copy is loaded, the database file stays open with DuckDB's exclusive lock, so that the
//! waiting rules do not change: readers say the database is in use, another load waits. The copy
//! is read through a descriptor opened after DuckDB's and closed after it: on Unix, closing any
//! descriptor of a file drops every lock the process holds on it, so reading the file by path
//! (open, copy, close) would silently hand the database to the next writer mid-load.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::db::{
    database_files, discard_database, wal_path, with_suffix, Access, Db, EngineOptions,
};
use crate::error::{Error, Result};
use crate::queries::load_copy::DATABASE_CONTENTS;

/// The copy of a database that a load writes; dropped without [`LoadCopy::commit`], it is removed
/// and the database stays as it was.
pub struct LoadCopy {
    target: PathBuf,
    work: PathBuf,
    /// The database file, open read-write: DuckDB's exclusive lock while the copy is loaded.
    /// `None` once closed.
    guard: Option<Db>,
    /// The descriptor the copy was read from, kept open until the guard is closed (see above).
    original: Option<File>,
    /// The database held nothing (no table, view, sequence, macro or type) when the load took it:
    /// removed if the load fails.
    remove_on_failure: bool,
}

impl LoadCopy {
    /// Takes the database for a load (waiting up to `wait` for other processes), copies it (an
    /// empty new database when `target` does not exist yet) and opens the copy for the load.
    /// The returned database names the path as given (`named`) in its messages.
    pub fn begin(named: &Path, options: &EngineOptions, wait: Duration) -> Result<(LoadCopy, Db)> {
        // A database reached through a symbolic link is replaced where it lives: renaming the
        // copy over the link would leave the linked file behind, unchanged. Any other path is
        // kept as given, so that messages name it as the user did.
        let is_link = std::fs::symlink_metadata(named).is_ok_and(|m| m.file_type().is_symlink());
        let resolved = if is_link {
            Some(std::fs::canonicalize(named).map_err(|_| {
                Error::Usage(format!(
                    "--db `{}` is a link to a file that does not exist: fix the link or name \
                     the database file itself",
                    named.display()
                ))
            })?)
        } else {
            None
        };
        let target = resolved.as_deref().unwrap_or(named);
        if target.is_dir() {
            return Err(Error::Usage(format!(
                "--db `{}` is a folder: name the database file (e.g. {}/soc.db)",
                named.display(),
                named.display()
            )));
        }
        // A device or pipe is never a database, and the swap would replace it with a file.
        if target.exists() && !target.is_file() {
            return Err(Error::Usage(format!(
                "--db `{}` is not a regular file (a device or a pipe): name a database file",
                named.display()
            )));
        }
        let work = work_path(target, std::process::id())?;
        // The database, created empty if need be, held with DuckDB's exclusive lock: another load
        // of the same database, even a first one, waits for this one as for any writer. One this
        // open creates is tracked from then on (cleanup.rs), and removed if anything below fails.
        let (guard, created) = Db::open_for_load(target, options, wait)?;
        let mut copy = LoadCopy {
            target: target.to_path_buf(),
            work: PathBuf::new(),
            guard: Some(guard),
            original: None,
            remove_on_failure: created,
        };
        // Removed if the load fails: a database holding nothing (one this open created, or one
        // a killed first load left). Were the open to have met a database another process had
        // just created and loaded, it is not this load's to remove.
        let ours = copy.check_contents(named)?;
        if created && !ours {
            for file in database_files(target) {
                crate::cleanup::untrack(&file);
            }
        }
        remove_stale_copies(target);
        copy.original = Some(File::open(target).map_err(|source| Error::Io {
            path: target.to_path_buf(),
            source,
        })?);
        // Tracked before the copy is created (cleanup.rs); the database too when a failed load
        // removes it.
        track_load(&work, ours.then_some(target), true);
        copy.work = work;
        copy.remove_on_failure = ours;
        copy.fill()?;
        let db = Db::open(Some(&copy.work), options, Access::ReadWrite { wait })?.shown_as(named);
        Ok((copy, db))
    }

    /// Refuses another application's database and makes the file complete (a log left by a
    /// killed process written into it). Returns whether the database holds nothing yet.
    fn check_contents(&self, named: &Path) -> Result<bool> {
        let Some(guard) = self.guard.as_ref() else {
            return Err(Error::Internal(
                "the load's database was closed before its copy was made".into(),
            ));
        };
        #[derive(serde::Deserialize)]
        struct Tables {
            empty: bool,
            socgauge: bool,
        }
        let Tables { empty, socgauge } = guard.one::<Tables>(&DATABASE_CONTENTS, &[])?;
        if !empty && !socgauge {
            // Another application's DuckDB file: socgauge's tables would be added to it.
            return Err(Error::Usage(format!(
                "--db `{}` is a DuckDB database of another application (it holds tables, views \
                 or other objects, but not socgauge's incidents table): name a new file for \
                 socgauge's database",
                named.display()
            )));
        }
        // A log left by a killed process was replayed on opening; writing it into the file now
        // makes the copy complete. Without a log the file is not touched.
        if wal_path(&self.target).exists() {
            guard.batch_sql("recover_database_log", "CHECKPOINT")?;
        }
        Ok(empty)
    }

    /// Writes the copy: the database's bytes.
    fn fill(&mut self) -> Result<()> {
        let Some(original) = self.original.as_mut() else {
            return Ok(());
        };
        let io = |source: std::io::Error| Error::Io {
            path: self.target.clone(),
            source: copy_hint(space_hint(source)),
        };
        // Settled (cleanup.rs): not created after an interrupting signal removed the copy.
        let mut out = crate::cleanup::settled(|| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&self.work)
        })
        .map_err(io)?;
        // The same permissions, owner and group as the database, so that whoever could use it
        // before still can once the copy is in its place (a root cron job loading a service's
        // database must not take it from the service).
        let meta = original.metadata().map_err(io)?;
        std::io::copy(original, &mut out).map_err(io)?;
        keep_owner(&out, &meta);
        out.set_permissions(meta.permissions()).map_err(io)?;
        out.sync_all().map_err(io)
    }

    /// Checkpoints the loaded copy and puts it in the database's place. The returned database is
    /// the same connection, now on the swapped-in file, which it holds as the guard held the old
    /// one: no other process gets the database between the swap and the end of this run.
    pub fn commit(mut self, db: Db) -> Result<Db> {
        let swapped = db
            .batch_sql("checkpoint_loaded_copy", "CHECKPOINT")
            .and_then(|()| self.swap());
        match swapped {
            Ok(()) => Ok(db),
            Err(err) => {
                drop(db);
                Err(err)
            }
        }
    }

    fn swap(&mut self) -> Result<()> {
        let io = |path: &Path, source: std::io::Error| Error::Io {
            path: path.to_path_buf(),
            source: space_hint(source),
        };
        // Untracked inside the settled step: a signal waiting on it must find the database (a
        // first load's included) no longer one to remove.
        crate::cleanup::settled(|| -> std::io::Result<()> {
            std::fs::rename(&self.work, &self.target)?;
            track_load(&self.work, Some(&self.target), false);
            Ok(())
        })
        .map_err(|e| io(&self.target, e))?;
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Best effort: makes the rename durable on file systems that need it.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        // Swapped: nothing of the copy is left to remove, and the database is kept.
        self.work = PathBuf::new();
        self.remove_on_failure = false;
        Ok(())
    }

    /// Gives up the load: the database (`db`, on the copy) is closed, then the copy removed.
    pub fn abandon(self, db: Db) {
        drop(db);
        drop(self);
    }
}

impl Drop for LoadCopy {
    fn drop(&mut self) {
        // The guard is closed before the descriptor the copy was read from (see the module).
        self.guard = None;
        self.original = None;
        if !self.work.as_os_str().is_empty() {
            remove_copy_files(&self.work);
            track_load(&self.work, Some(&self.target), false);
        }
        if self.remove_on_failure {
            // A database without a table (this load created it): a failed first load leaves no
            // file behind.
            discard_database(&self.target);
        }
    }
}

/// `.NAME.load-PID` beside the database: hidden, and named after it and the process.
fn work_path(target: &Path, pid: u32) -> Result<PathBuf> {
    let name = target.file_name().ok_or_else(|| {
        Error::Usage(format!(
            "--db `{}` names a folder, not a database file",
            target.display()
        ))
    })?;
    let mut work = std::ffi::OsString::from(".");
    work.push(name);
    work.push(format!(".load-{pid}"));
    Ok(target.with_file_name(work))
}

/// The copy's spill folder.
fn spill_folder(work: &Path) -> PathBuf {
    with_suffix(work, ".tmp")
}

/// Removes the copy and what DuckDB keeps beside it.
fn remove_copy_files(work: &Path) {
    for file in database_files(work) {
        let _ = std::fs::remove_file(file);
    }
    let _ = std::fs::remove_dir_all(spill_folder(work));
}

/// Tracks (or stops tracking) what an interrupted load removes (cleanup.rs): the copy, and the
/// database itself when this load created it.
fn track_load(work: &Path, created: Option<&Path>, track: bool) {
    let copy = database_files(work).into_iter().chain([spill_folder(work)]);
    for path in copy.chain(created.into_iter().flat_map(database_files)) {
        if track {
            crate::cleanup::track(&path);
        } else {
            crate::cleanup::untrack(&path);
        }
    }
}

/// Removes copies left by killed loads of this database: called holding the database's lock and
/// before this load makes its copy, so every copy there is stale.
fn remove_stale_copies(target: &Path) {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = format!(".{name}.load-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        // The copy itself, or its log or spill folder left alone (`….load-PID.wal`).
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .map(|rest| rest.split('.').next().unwrap_or(rest))
            .and_then(|digits| digits.parse::<u32>().ok())
        else {
            continue;
        };
        // This process's own id too: its copy is not made yet, so one of that name was left by
        // a killed run that had the same id (ids are reused; in a container every run is 1).
        remove_copy_files(&work_path(target, pid).unwrap_or_else(|_| entry.path()));
    }
}

/// Gives the copy the database's owner and group where this process may (root may; an owner may
/// set a group it belongs to); otherwise the copy keeps this user's, as any file it writes.
#[cfg(unix)]
fn keep_owner(copy: &File, database: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(copy, Some(database.uid()), Some(database.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(copy, None, Some(database.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_copy: &File, _database: &std::fs::Metadata) {}

/// Says why a copy cannot be created beside a database the user may write: the load needs the
/// folder too.
fn copy_hint(error: std::io::Error) -> std::io::Error {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    ) {
        std::io::Error::new(
            error.kind(),
            format!(
                "{}: a load writes a copy of the database beside it, so it needs to create files \
                 in the database's folder; the database was left as it was",
                crate::error::io_text(&error)
            ),
        )
    } else {
        error
    }
}

/// Says what a full disk means for a load, which needs room for a copy of the database.
fn space_hint(error: std::io::Error) -> std::io::Error {
    if error.raw_os_error() == Some(28) || error.kind() == std::io::ErrorKind::StorageFull {
        std::io::Error::new(
            error.kind(),
            "no space left on the device: a load needs free space for a copy of the database \
             and what it adds; the database was left as it was",
        )
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_hidden_beside_the_database_and_named_after_it() {
        let work = work_path(Path::new("/data/soc.db"), 42).unwrap();
        assert_eq!(work, PathBuf::from("/data/.soc.db.load-42"));
        assert_eq!(
            work_path(Path::new("soc.db"), 7).unwrap(),
            PathBuf::from(".soc.db.load-7")
        );
    }

    #[test]
    fn stale_copies_go_with_their_logs_and_spills_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("soc.db");
        std::fs::write(&target, "db").unwrap();
        let stale = [
            ".soc.db.load-41",
            ".soc.db.load-41.wal",
            ".soc.db.load-41.wal.checkpoint",
            ".soc.db.load-41.wal.recovery",
            ".soc.db.load-7.wal.recovery",
        ];
        for name in stale {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir_all(dir.path().join(".soc.db.load-41.tmp/spill")).unwrap();
        let kept = [
            "soc.db",
            "soc.db.wal",
            ".other.db.load-41",
            ".soc.db.load-x",
        ];
        for name in &kept[1..] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_stale_copies(&target);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        let mut expected = kept.map(String::from).to_vec();
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn a_full_disk_is_said_plainly() {
        let err = space_hint(std::io::Error::from_raw_os_error(28));
        assert!(err
            .to_string()
            .contains("free space for a copy of the database"));
        let other = space_hint(std::io::Error::from_raw_os_error(13));
        assert_eq!(other.raw_os_error(), Some(13));
    }
}
