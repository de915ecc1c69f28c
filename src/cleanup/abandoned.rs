//! Temporaries that runs killed outright (SIGKILL, a power cut) left in the system's temporary
//! folder: the spill folder of a run without a database (`socgauge-<pid>`), the UTF-8 or
//! byte-order-mark-free copies of its inputs and the folders of its readers' links
//! (`socgauge-<kind>-<pid>-…`). Each name carries the process that made it; what a process
//! that no longer runs left, untouched for an hour, is removed by the next run, whatever it
//! does. A run knows the process is gone only where `/proc` tells it (Linux); elsewhere nothing
//! is removed. The hour spares a run of another container that shares the temporary folder but
//! not the processes (its process is gone to this one's `/proc`).

use std::path::Path;

/// The process that made a temporary of ours, from its name.
fn owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("socgauge-")?;
    let mut parts = rest.split('-');
    let first = parts.next()?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let pid = if digits(first) {
        first
    } else {
        parts.next().filter(|p| digits(p))?
    };
    pid.parse().ok()
}

/// The process that wrote a temporary file beside an output, from its name: `prefix` (the
/// output's, output.rs: `.<name>.socgauge-`), the process id, `.tmp`.
fn output_owner(name: &str, prefix: &str) -> Option<u32> {
    let pid = name.strip_prefix(prefix)?.strip_suffix(".tmp")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// How long what a gone process left stays untouched before it is removed.
const UNTOUCHED: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporaries of processes that no longer run (best effort: one that cannot be
/// removed stays, and says nothing).
pub fn remove_abandoned() {
    remove_abandoned_in(
        &std::env::temp_dir(),
        Path::new("/proc"),
        UNTOUCHED,
        owner,
        Entries::FilesAndFolders,
    );
}

/// What may be removed: an output's temporary is a file (or a link a user put there), never a
/// folder, which would be someone's own under a name like ours.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entries {
    FilesAndFolders,
    Files,
}

/// Removes the temporary files a killed run left beside an output in `folder` (named
/// `prefix<pid>.tmp`, output.rs), by the same rules: its process gone, untouched for an hour.
/// Called by every run writing that output, so that a scheduled job killed again and again
/// leaves no pile of them.
pub fn remove_abandoned_beside(folder: &Path, prefix: &str) {
    remove_abandoned_in(
        folder,
        Path::new("/proc"),
        UNTOUCHED,
        |name| output_owner(name, prefix),
        Entries::Files,
    );
}

fn remove_abandoned_in(
    temp: &Path,
    proc: &Path,
    untouched: std::time::Duration,
    owner: impl Fn(&str) -> Option<u32>,
    entries_removed: Entries,
) {
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = owner(&name) else {
            continue;
        };
        if pid == me || proc.join(pid.to_string()).exists() {
            continue;
        }
        let path = entry.path();
        // Not followed: a link is removed, never what it leads to.
        let meta = std::fs::symlink_metadata(&path);
        let recent = meta
            .as_ref()
            .ok()
            .and_then(|m| m.modified().ok())
            .is_none_or(|at| at.elapsed().unwrap_or_default() < untouched);
        if recent {
            continue;
        }
        match meta {
            Ok(meta) if meta.is_dir() => {
                if entries_removed == Entries::FilesAndFolders {
                    let _ = std::fs::remove_dir_all(&path);
                }
            }
            Ok(_) => {
                let _ = std::fs::remove_file(&path);
            }
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tell_their_process() {
        assert_eq!(owner("socgauge-4242"), Some(4242));
        assert_eq!(owner("socgauge-text-4242-aB3x.csv"), Some(4242));
        assert_eq!(owner("socgauge-input-17-x"), Some(17));
        assert_eq!(owner("socgauge-text-aB3x.csv"), None);
        assert_eq!(owner("socgauge-signals"), None);
        assert_eq!(owner("other-4242"), None);
    }

    #[test]
    fn only_what_gone_processes_left_is_removed() {
        let temp = tempfile::tempdir().unwrap();
        let proc = tempfile::tempdir().unwrap();
        std::fs::create_dir(proc.path().join("self")).unwrap();
        std::fs::create_dir(proc.path().join("100")).unwrap();
        for name in [
            "socgauge-100",
            "socgauge-200",
            "socgauge-text-200-x.csv",
            "keep-200",
        ] {
            std::fs::create_dir(temp.path().join(name)).unwrap();
        }
        std::fs::write(temp.path().join("socgauge-nobom-300-y.json"), b"{}").unwrap();
        // Left untouched for an hour, all but the live process's and the other name go.
        remove_abandoned_in(
            temp.path(),
            proc.path(),
            UNTOUCHED,
            owner,
            Entries::FilesAndFolders,
        );
        assert_eq!(
            std::fs::read_dir(temp.path()).unwrap().count(),
            5,
            "all recent"
        );
        remove_abandoned_in(
            temp.path(),
            proc.path(),
            std::time::Duration::ZERO,
            owner,
            Entries::FilesAndFolders,
        );
        let mut left: Vec<String> = std::fs::read_dir(temp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left, ["keep-200", "socgauge-100"]);
    }

    #[test]
    fn beside_an_output_only_its_own_temporaries_of_gone_processes_go() {
        let prefix = ".r.html.socgauge-";
        assert_eq!(
            output_owner(".r.html.socgauge-4242.tmp", prefix),
            Some(4242)
        );
        assert_eq!(output_owner(".r.html.socgauge-.tmp", prefix), None);
        assert_eq!(output_owner(".r.html.socgauge-42x.tmp", prefix), None);
        assert_eq!(output_owner(".r.htm.socgauge-4242.tmp", prefix), None);
        assert_eq!(output_owner(".r.html.socgauge-4242", prefix), None);
        let folder = tempfile::tempdir().unwrap();
        let proc = tempfile::tempdir().unwrap();
        std::fs::create_dir(proc.path().join("self")).unwrap();
        std::fs::create_dir(proc.path().join("100")).unwrap();
        for name in [
            ".r.html.socgauge-100.tmp",
            ".r.html.socgauge-200.tmp",
            ".other.html.socgauge-200.tmp",
            "r.html",
        ] {
            std::fs::write(folder.path().join(name), b"x").unwrap();
        }
        // A folder under such a name is someone's own: never removed.
        std::fs::create_dir(folder.path().join(".r.html.socgauge-300.tmp")).unwrap();
        remove_abandoned_in(
            folder.path(),
            proc.path(),
            std::time::Duration::ZERO,
            |n| output_owner(n, prefix),
            Entries::Files,
        );
        let mut left: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.html.socgauge-200.tmp",
                ".r.html.socgauge-100.tmp",
                ".r.html.socgauge-300.tmp",
                "r.html"
            ]
        );
    }
}
