//! What a run interrupted by a signal removes before it ends. Outputs, databases and sites only
//! change by a rename at the end of a run, so an interrupted run has changed nothing but the
//! temporary files and folders it was filling: a load's copy of the database, an output's
//! temporary file, a site's build folder, the private folders of its readers and spills. Those are
//! tracked here while they exist, and removed when SIGINT, SIGTERM or SIGHUP arrives (Ctrl-C, a
//! scheduler's timeout, a closed terminal); then the signal ends the process as it would have.
//! A run killed outright (SIGKILL, a power cut) leaves them behind, and the next run that uses the
//! same database, site or lake removes them; the next run of any kind removes what it left in the
//! system's temporary folder (abandoned.rs).
//!
//! The handler runs on its own thread while the run goes on, so a file the run creates after the
//! handler removed the tracked ones would outlive it: a database opened on a copy just removed is
//! created again, DuckDB writes its log or spills beside the copy. So every step that may create
//! or rename such a file runs [`settled`]: every DuckDB call (which is interrupted, so that it
//! ends soon), every creation of a temporary file or folder, every rename that puts a run's work
//! in place. The handler waits until no such step is under way, and none starts after it began:
//! the step waits for the end of the process instead, as does the run's own ending (an
//! interrupted query returns an error that must not be reported in the signal's place).

mod abandoned;
mod gate;

pub use abandoned::{remove_abandoned, remove_abandoned_beside};

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError, Weak};

/// The temporary files and folders of this run that exist (or are about to).
static TRACKED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Between the settled steps and the handler, which closes it before it removes anything.
static GATE: gate::Gate = gate::Gate::new();

/// The open DuckDB connections, interrupted by the handler so that their query ends soon.
static CONNECTIONS: Mutex<Vec<Weak<duckdb::InterruptHandle>>> = Mutex::new(Vec::new());

/// A lock, even if a thread panicked while holding it: the lists are left whole (each change is
/// one push or retain).
fn held<T>(lock: &'static Mutex<T>) -> MutexGuard<'static, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

fn tracked() -> MutexGuard<'static, Vec<PathBuf>> {
    held(&TRACKED)
}

/// Tracks `path`, a file or folder this run is about to create and remove (or rename) itself.
/// Tracked before it is created, so that no moment exists where it is on disk but unknown here.
pub fn track(path: &Path) {
    tracked().push(path.to_path_buf());
}

/// Stops tracking `path`: it was removed, or renamed into its place.
pub fn untrack(path: &Path) {
    tracked().retain(|p| p != path);
}

/// Folders this run made for its outputs, until an output is put in them. An interrupted run
/// removes them only if they are empty once its own files are gone: another process may have
/// written into a folder this run made (a month's folder shared by several scheduled jobs).
static MADE_FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Tracks `folder`, about to be made for an output (see [`MADE_FOLDERS`]).
pub fn track_made_folder(folder: &Path) {
    held(&MADE_FOLDERS).push(folder.to_path_buf());
}

/// Keeps the folders this run made above `output`, now in its place: no longer removed.
pub fn keep_folders_of(output: &Path) {
    held(&MADE_FOLDERS).retain(|folder| !output.starts_with(folder));
}

/// Removes `folders` that are empty, the deepest first, so that a folder emptied by the removal
/// of the one below it goes too. A folder holding anything stays.
fn remove_empty_folders(folders: &[PathBuf]) {
    let mut deepest_first = folders.to_vec();
    deepest_first.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for folder in deepest_first {
        let _ = std::fs::remove_dir(folder);
    }
}

/// Lets the handler interrupt the queries of `conn` (see the module).
pub fn interruptible(conn: &duckdb::Connection) {
    let mut connections = held(&CONNECTIONS);
    connections.retain(|handle| handle.strong_count() > 0);
    connections.push(std::sync::Arc::downgrade(&conn.interrupt_handle()));
}

/// Runs `step` (a DuckDB call, the creation of a temporary file or folder, a rename that puts a
/// run's work in place) so that an interrupting signal is handled before it or after it, never
/// in its middle; once a signal is being handled, `step` does not start and the thread waits for
/// the end of the process. A step may run other settled steps; it must be short or a DuckDB call
/// (which the handler interrupts), never a wait for another process.
pub fn settled<T>(step: impl FnOnce() -> T) -> T {
    GATE.step(step)
}

/// Called by the run as it ends: when a signal is being handled, the signal ends the process
/// (with its status), not the run's own result, which may be the error of an interrupted query.
pub fn ending() {
    if GATE.is_closing() {
        gate::wait_for_ever();
    }
}

/// Interrupts the query of every open connection.
fn interrupt_queries() {
    for handle in held(&CONNECTIONS).iter().filter_map(Weak::upgrade) {
        handle.interrupt();
    }
}

/// A temporary file or folder that removes itself when dropped (a `tempfile` type), tracked while
/// it lives.
pub struct Tracked<T: AsRef<Path>> {
    inner: T,
}

impl<T: AsRef<Path>> Tracked<T> {
    pub fn new(inner: T) -> Tracked<T> {
        track(inner.as_ref());
        Tracked { inner }
    }

    pub fn path(&self) -> &Path {
        self.inner.as_ref()
    }
}

impl<T: AsRef<Path>> Drop for Tracked<T> {
    fn drop(&mut self) {
        // `inner` removes itself right after this.
        untrack(self.inner.as_ref());
    }
}

/// Removes every tracked path (files, and folders with their contents). Errors are ignored: the
/// run is ending, and a leftover is removed by the next run.
fn remove_tracked(paths: &[PathBuf]) {
    for path in paths {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let _ = std::fs::remove_dir_all(path);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(path);
            }
            Err(_) => {}
        }
    }
}

/// Installs the handler: a thread that waits for SIGINT, SIGTERM or SIGHUP, removes the tracked
/// paths, and ends the process with the signal (exit status 128 + the signal's number, as a
/// shell reports it). Without it (if it cannot be installed) a signal ends the run at once, as
/// SIGKILL would.
#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // A signal the run was started ignoring stays ignored: `nohup` ignores SIGHUP, a shell
    // ignores SIGINT for its background jobs, and such a run must not start ending on them.
    let ignored = ignored_at_start();
    let caught: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|signal| !ignored.contains(signal))
        .collect();
    // Registered on the thread that waits for them, and only once it runs: without the thread
    // the signals keep their default action (a signal ends the run at once, the cleanup aside)
    // rather than being caught by no one.
    let (registered, ready) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("socgauge-signals".into())
        .spawn(move || {
            let signals = signal_hook::iterator::Signals::new(&caught);
            let _ = registered.send(());
            let Ok(mut signals) = signals else {
                return;
            };
            let Some(signal) = signals.forever().next() else {
                return;
            };
            // Held to the end: no settled step runs during or after the removal.
            let _closed = GATE.close(|| {
                interrupt_queries();
                // A second signal does not wait for the steps under way.
                if signals.pending().next().is_some() {
                    end_with(signal);
                }
            });
            end_with(signal);
        });
    if spawned.is_ok() {
        let _ = ready.recv();
    }
}

/// Removes the tracked paths and ends the process with `signal`, as its default action would.
#[cfg(unix)]
fn end_with(signal: i32) -> ! {
    remove_tracked(&tracked());
    remove_empty_folders(&held(&MADE_FOLDERS));
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    // Only reached if the default action does not end the process.
    std::process::exit(128 + signal);
}

/// The signals this process was started ignoring, from `SigIgn` in /proc/self/status (a mask,
/// bit n − 1 for signal n). Where that cannot be read (not Linux), SIGINT and SIGHUP are taken
/// as ignored, so that only SIGTERM is caught: never end a run the caller meant to keep going.
#[cfg(unix)]
fn ignored_at_start() -> Vec<i32> {
    use signal_hook::consts::{SIGHUP, SIGINT};
    let mask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("SigIgn:"))
                .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        });
    match mask {
        Some(mask) => (1..64).filter(|n| mask & (1u64 << (n - 1)) != 0).collect(),
        None => vec![SIGINT, SIGHUP],
    }
}

#[cfg(not(unix))]
pub fn install() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_files_and_folders_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".out.html.socgauge-1.tmp");
        let folder = dir.path().join(".site.tmp-1");
        let kept = dir.path().join("out.html");
        std::fs::write(&file, "x").unwrap();
        std::fs::create_dir_all(folder.join("tenant")).unwrap();
        std::fs::write(folder.join("tenant/index.html"), "x").unwrap();
        std::fs::write(&kept, "x").unwrap();
        let missing = dir.path().join("never-created");
        remove_tracked(&[file.clone(), folder.clone(), missing]);
        assert!(!file.exists());
        assert!(!folder.exists());
        assert!(kept.exists());
    }

    #[test]
    fn a_made_folder_is_tracked_until_an_output_is_put_in_it() {
        let made = PathBuf::from("/made-for-this-test/clients");
        let below = made.join("acme");
        let other = PathBuf::from("/made-for-this-test/other");
        for folder in [&made, &below, &other] {
            track_made_folder(folder);
        }
        let is_tracked = |path: &Path| held(&MADE_FOLDERS).iter().any(|p| p == path);
        keep_folders_of(&below.join("report.html"));
        assert!(!is_tracked(&made) && !is_tracked(&below));
        assert!(
            is_tracked(&other),
            "a folder not above the output stays tracked"
        );
        keep_folders_of(&other.join("x"));
        assert!(!is_tracked(&other));
        // Never tracked for removal as a whole.
        assert!(!tracked()
            .iter()
            .any(|p| p.starts_with("/made-for-this-test")));
    }

    #[test]
    fn made_folders_are_removed_only_when_empty_deepest_first() {
        let dir = tempfile::tempdir().unwrap();
        let month = dir.path().join("out/2026-11");
        let acme = month.join("acme");
        let other = dir.path().join("mine");
        std::fs::create_dir_all(&acme).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        // Another job's finished report in a folder this run made.
        std::fs::write(month.join("other-client.html"), "x").unwrap();
        let out = dir.path().join("out");
        remove_empty_folders(&[out.clone(), month.clone(), acme.clone(), other.clone()]);
        assert!(!acme.exists() && !other.exists());
        assert!(month.join("other-client.html").exists());
        let alone = dir.path().join("alone/a/b");
        std::fs::create_dir_all(&alone).unwrap();
        let top = dir.path().join("alone");
        remove_empty_folders(&[top.clone(), top.join("a"), alone]);
        assert!(!top.exists(), "emptied from the deepest up");
    }

    #[test]
    fn a_folder_link_is_removed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("data");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep.csv"), "x").unwrap();
        let link = dir.path().join("link");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &link).unwrap();
        #[cfg(unix)]
        {
            remove_tracked(std::slice::from_ref(&link));
            assert!(!link.exists());
            assert!(target.join("keep.csv").exists());
        }
    }
}
