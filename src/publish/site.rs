//! The site's folder on disk: one publisher at a time (`.<site>.lock`), a hidden build folder
//! beside it (`.<site>.tmp-<pid>`), and the swap that puts a finished build in place.
//!
//! The swap. The site is a real folder (web servers and warehouse readers need nothing special).
//! On Linux the finished build and the old site are exchanged in one `renameat2(RENAME_EXCHANGE)`
//! call: at every instant `<site>` is a complete site, old or new; the old one is then in the
//! build folder's place and is deleted. Where that call is not available (other systems, or a
//! file system without it), the old site is renamed aside to `.<site>.old-<pid>` and the build
//! renamed in: between those two renames `<site>` does not exist for a moment. A crash in that
//! moment leaves the complete old site in `.<site>.old-<pid>`; the next run (under the lock)
//! puts it back before anything else. Leftover build folders of killed runs are removed by the
//! next run, also under the lock. The previous site is never modified in place: unchanged pages
//! are copied from it into the build.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::output::Exchanged;

/// How often a publisher waiting for the lock tries again.
const RETRY_EVERY: Duration = Duration::from_millis(200);

/// The site's paths: the folder and its hidden companions beside it.
#[derive(Debug, Clone)]
pub struct SitePaths {
    pub site: PathBuf,
    parent: PathBuf,
    name: String,
}

impl SitePaths {
    /// The paths of the site `site`, whose parent folder must exist.
    pub fn new(site: &Path) -> Result<SitePaths> {
        // `site/.` names `site` to the file system, but Rust's path methods read its parent as
        // `site`'s own: the checks below would look at the wrong folder.
        let written = site.to_string_lossy();
        let last = written
            .trim_end_matches(std::path::is_separator)
            .rsplit(std::path::is_separator)
            .next()
            .unwrap_or("");
        let name = site
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .filter(|n| n != "." && n != ".." && last != "." && last != "..")
            .ok_or_else(|| {
                Error::Usage(format!(
                    "output: `{}` does not name a folder (give e.g. `site` or `/var/www/soc`)",
                    site.display()
                ))
            })?;
        let parent = site
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if !parent.is_dir() {
            return Err(Error::Usage(format!(
                "output: the folder `{}` that should hold the site does not exist",
                parent.display()
            )));
        }
        // The swap replaces the entry `site` itself: a symbolic link would be replaced by a
        // folder, and the folder it points to (the one a web server serves) would stay old.
        if let Ok(target) = std::fs::read_link(site) {
            return Err(Error::Usage(format!(
                "output: `{}` is a symbolic link (to `{}`), and each publish replaces the site \
                 folder whole: give the folder itself as `output`",
                site.display(),
                target.display()
            )));
        }
        if site.exists() && !site.is_dir() {
            return Err(Error::Usage(format!(
                "output: `{}` exists and is not a folder",
                site.display()
            )));
        }
        Ok(SitePaths {
            site: site.to_path_buf(),
            parent,
            name,
        })
    }

    pub fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }

    /// This run's build folder.
    pub fn build(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.tmp-{}", self.name, std::process::id()))
    }

    /// Where this run sets aside what it saves in the database once the site is in place.
    pub fn stash(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.tmp-{}-rows", self.name, std::process::id()))
    }

    fn aside(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.old-{}", self.name, std::process::id()))
    }

    /// The site's absolute path (its parent's links resolved), whether it exists yet or not.
    pub fn resolved(&self) -> PathBuf {
        let parent = std::fs::canonicalize(&self.parent).unwrap_or_else(|_| self.parent.clone());
        parent.join(&self.name)
    }

    /// A stable identity of the site for the database: its absolute path.
    pub fn key(&self) -> String {
        self.resolved().to_string_lossy().to_string()
    }

    /// Whether `entry` (a name in the site's parent folder) is one of this site's own build
    /// (`.<site>.tmp-<pid>`, `.<site>.tmp-<pid>-rows`) or set-aside (`.<site>.old-<pid>`)
    /// folders. Matched exactly: another site beside it (`site.tmp-x`, whose lock is
    /// `.site.tmp-x.lock`) is never taken for one of ours.
    fn companion(&self, entry: &str) -> Option<Companion> {
        let rest = entry.strip_prefix('.')?.strip_prefix(self.name.as_str())?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(pid) = rest.strip_prefix(".tmp-") {
            let pid = pid.strip_suffix("-rows").unwrap_or(pid);
            return digits(pid).then_some(Companion::Build);
        }
        let pid = rest.strip_prefix(".old-")?;
        digits(pid).then_some(Companion::Aside)
    }

    /// Puts back a site a crash left aside, removes build folders of killed runs. Runs under the
    /// lock, so no other publisher is using them.
    pub fn recover(&self) -> Result<()> {
        let entries = std::fs::read_dir(&self.parent).map_err(|source| Error::Io {
            path: self.parent.clone(),
            source,
        })?;
        let mut aside = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            match self.companion(&name) {
                Some(Companion::Build) if is_dir => {
                    // A leftover only costs space; it never stops a publish.
                    if let Err(err) = remove_dir(&entry.path()) {
                        crate::say!("warning: a build folder left by an interrupted run: {err}");
                    }
                }
                Some(Companion::Aside) if is_dir => aside.push(entry.path()),
                _ => {}
            }
        }
        aside.sort();
        for old in aside {
            if self.site.exists() {
                remove_dir(&old)?;
            } else {
                crate::say!(
                    "warning: `{}` was left aside by an interrupted run: restored as `{}`",
                    old.display(),
                    self.site.display()
                );
                std::fs::rename(&old, &self.site).map_err(|source| Error::Io {
                    path: self.site.clone(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// Puts the finished `build` in the site's place (see the module documentation). What it
    /// replaces must pass `replaceable` (a site or an empty folder), checked on what was swapped
    /// out, when nothing can change it any more: a folder made at the site's place while the site
    /// was built is put back, and the run fails with `refused`'s error.
    pub fn swap_in(
        &self,
        build: &Path,
        replaceable: impl Fn(&Path) -> bool,
        refused: impl Fn() -> Error,
    ) -> Result<()> {
        sync_dir(build);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        // The renames run settled (cleanup.rs): an interrupting signal never finds the site
        // half swapped, nor removes a build just put in place.
        if !self.site.exists() {
            crate::cleanup::settled(|| std::fs::rename(build, &self.site))
                .map_err(io(&self.site))?;
            sync_dir(&self.parent);
            return Ok(());
        }
        match crate::output::exchange_checked(build, &self.site, &replaceable) {
            Exchanged::Unsupported => {}
            Exchanged::PutBack => return Err(refused()),
            Exchanged::Stuck => {
                // Someone's folder, where the build was, which the caller removes: moved aside
                // under a name of its own first, and the user told where.
                let kept = self.parent.join(format!(
                    ".{}.kept-{}",
                    self.site
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().to_string()),
                    std::process::id()
                ));
                let moved = std::fs::rename(build, &kept);
                return Err(Error::Output {
                    what: "the site",
                    message: match moved {
                        Ok(()) => format!(
                            "`{}` was made while the site was built, and could not be put back: \
                             it is now `{}`, and the new site is in its place",
                            self.site.display(),
                            kept.display()
                        ),
                        Err(e) => format!(
                            "`{}` was made while the site was built, and could be neither put \
                             back nor moved aside ({e})",
                            self.site.display()
                        ),
                    },
                });
            }
            Exchanged::InPlace => {
                sync_dir(&self.parent);
                // The old site is now in the build folder's place. The new site is published: a
                // failure to delete the old one is a warning (the next run removes it), not an
                // error.
                if let Err(err) = remove_dir(build) {
                    crate::say!(
                        "warning: the previous site, swapped out, could not be removed: {err}"
                    );
                }
                return Ok(());
            }
        }
        if !replaceable(&self.site) {
            return Err(refused());
        }
        let aside = self.aside();
        crate::cleanup::settled(|| {
            std::fs::rename(&self.site, &aside)?;
            std::fs::rename(build, &self.site).inspect_err(|_| {
                // Put the old site back: the run fails, the site stays as it was.
                let _ = std::fs::rename(&aside, &self.site);
            })?;
            // The old site set aside is what an interrupted run removes now.
            crate::cleanup::track(&aside);
            std::io::Result::Ok(())
        })
        .map_err(io(&self.site))?;
        sync_dir(&self.parent);
        if let Err(err) = remove_dir(&aside) {
            crate::say!("warning: the previous site, set aside, could not be removed: {err}");
        }
        crate::cleanup::untrack(&aside);
        Ok(())
    }
}

/// This site's own folders beside it (see [`SitePaths::companion`]).
#[derive(Debug, PartialEq)]
enum Companion {
    Build,
    Aside,
}

/// Flushes a folder's entries (renames) to disk; best effort, not every system allows it.
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

pub fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// The publisher's hold on a site: an exclusive lock on `.<site>.lock`, released when dropped
/// (and by the system when the process dies, so a killed run never leaves the site locked).
pub struct SiteLock {
    _file: File,
}

impl SiteLock {
    /// Takes the lock, waiting up to `wait` for another publisher of the same site, as a load
    /// waits for the database (`--wait`); then "site in use by another process" (exit 1).
    pub fn acquire(paths: &SitePaths, wait: Duration) -> Result<SiteLock> {
        let path = paths.lock();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        let started = Instant::now();
        let mut told = false;
        loop {
            if try_lock(&file) {
                return Ok(SiteLock { _file: file });
            }
            let waited = started.elapsed();
            if waited >= wait {
                return Err(Error::SiteInUse {
                    path: paths.site.clone(),
                    hint: format!(
                        "`{}` is held; waited {} s, --wait SECONDS waits longer",
                        path.display(),
                        waited.as_secs()
                    ),
                });
            }
            if !told {
                crate::say!(
                    "waiting up to {} s for another publish of `{}` to finish (--wait)",
                    wait.as_secs(),
                    paths.site.display()
                );
                told = true;
            }
            std::thread::sleep(RETRY_EVERY.min(wait - waited));
        }
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> bool {
    use rustix::fs::{flock, FlockOperation};
    flock(file, FlockOperation::NonBlockingLockExclusive).is_ok()
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> bool {
    // Without flock: the lock file's presence is not trusted (a killed run would leave it), so
    // concurrent publishes are not excluded on these systems.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_replaces_the_site_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let paths = SitePaths::new(&dir.path().join("site")).unwrap();
        let build = paths.build();
        std::fs::create_dir(&build).unwrap();
        std::fs::write(build.join("index.html"), "one").unwrap();
        paths
            .swap_in(&build, |_| true, || Error::Internal(String::new()))
            .unwrap();
        std::fs::create_dir(&build).unwrap();
        std::fs::write(build.join("index.html"), "two").unwrap();
        paths
            .swap_in(&build, |_| true, || Error::Internal(String::new()))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site/index.html")).unwrap(),
            "two"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_folder_made_at_the_sites_place_during_the_build_is_put_back() {
        // Someone's folder appears where the site goes after the run's first check: the swap
        // finds it in what it swapped out, puts it back, and fails.
        let dir = tempfile::tempdir().unwrap();
        let paths = SitePaths::new(&dir.path().join("site")).unwrap();
        let build = paths.build();
        std::fs::create_dir(&build).unwrap();
        std::fs::write(build.join("index.html"), "new").unwrap();
        std::fs::create_dir(dir.path().join("site")).unwrap();
        std::fs::write(dir.path().join("site/notes.txt"), "precious").unwrap();
        let only_empty = |d: &Path| std::fs::read_dir(d).unwrap().next().is_none();
        let err = paths
            .swap_in(&build, only_empty, || Error::Usage("refused".into()))
            .unwrap_err();
        assert_eq!(err.to_string(), "refused");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site/notes.txt")).unwrap(),
            "precious"
        );
        assert!(!dir.path().join("site/index.html").exists());
        assert!(
            build.join("index.html").is_file(),
            "the build is left to its owner"
        );
    }

    #[test]
    fn recovery_restores_a_site_left_aside_and_removes_builds() {
        let dir = tempfile::tempdir().unwrap();
        let paths = SitePaths::new(&dir.path().join("site")).unwrap();
        std::fs::create_dir(dir.path().join(".site.old-1")).unwrap();
        std::fs::write(dir.path().join(".site.old-1/index.html"), "old").unwrap();
        std::fs::create_dir(dir.path().join(".site.tmp-2")).unwrap();
        paths.recover().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site/index.html")).unwrap(),
            "old"
        );
        assert!(!dir.path().join(".site.tmp-2").exists());
    }

    #[test]
    fn recovery_touches_only_this_sites_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let paths = SitePaths::new(&dir.path().join("site")).unwrap();
        std::fs::create_dir(dir.path().join("site")).unwrap();
        // Another site beside it, `site.tmp-x`, with its lock and a build of its own running,
        // and a user's folders that merely look alike.
        for name in [
            "site.tmp-x",
            ".site.tmp-x.tmp-7",
            ".site.tmp-",
            ".site.tmp-12-notes",
            ".site.old-x",
            ".site.old-3.bak",
        ] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join(".site.tmp-x.lock"), "").unwrap();
        std::fs::create_dir(dir.path().join(".site.tmp-41")).unwrap();
        std::fs::create_dir(dir.path().join(".site.tmp-41-rows")).unwrap();
        std::fs::create_dir(dir.path().join(".site.old-5")).unwrap();
        paths.recover().unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".site.old-3.bak",
                ".site.old-x",
                ".site.tmp-",
                ".site.tmp-12-notes",
                ".site.tmp-x.lock",
                ".site.tmp-x.tmp-7",
                "site",
                "site.tmp-x"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("site")).unwrap();
        let err = SitePaths::new(&dir.path().join("site")).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("symbolic link"), "{err}");
    }

    #[test]
    fn a_second_publisher_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let paths = SitePaths::new(&dir.path().join("site")).unwrap();
        let _held = SiteLock::acquire(&paths, Duration::ZERO).unwrap();
        let err = SiteLock::acquire(&paths, Duration::from_millis(300))
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("in use by another process"),
            "{err}"
        );
        assert_eq!(err.exit_code(), 1);
    }
}
