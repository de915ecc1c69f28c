//! Writing results: to standard output or to a file (`-o FILE`, `-` meaning standard output).
//!
//! A file is written atomically: into a temporary file beside the target, flushed to disk, then
//! renamed over it. A failed or killed run (a full disk, an error half-way) leaves the previous
//! file as it was and no partial file behind. A target that is not a regular file (`/dev/null`, a
//! pipe, a terminal) is written into as it is: renaming over it would replace the device with a
//! file. Nor is a name of one of the process's own descriptors (`/dev/stdout`, `/dev/fd/3`,
//! `/proc/self/fd/1`): those are links the system gives each process, and a rename over one
//! would replace the link itself (for every later process) while the redirect behind it got
//! nothing; standard output and error are written through the descriptors the process holds,
//! so a `>>` redirect appends. A target reached through another symbolic link is replaced where
//! the link leads.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `target`, or to standard output when it is `None` or `-`.
pub fn write(target: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match target {
        Some(path) if path != Path::new("-") => write_file(path, bytes),
        _ => write_stream(std::io::stdout().lock(), "<stdout>", bytes),
    }
}

fn write_stream(mut out: impl Write, name: &str, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| Error::Io {
            path: PathBuf::from(name),
            source,
        })
}

/// One of the process's own descriptors, as an output path can name it.
#[derive(Debug, PartialEq, Eq)]
enum Descriptor {
    Stdout,
    Stderr,
    /// Another one (`/dev/fd/3`, a shell's `>(…)`): opened through its name and written into.
    Other,
}

/// The descriptor `path` names, if it names one: `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
/// `/proc/self/fd/N` or `/proc/<this process>/fd/N`.
fn descriptor(path: &Path) -> Option<Descriptor> {
    let text = path.to_str()?;
    let own = format!("/proc/{}/fd/", std::process::id());
    let number = ["/dev/fd/", "/proc/self/fd/", own.as_str()]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix));
    match (text, number) {
        ("/dev/stdout", _) | (_, Some("1")) => Some(Descriptor::Stdout),
        ("/dev/stderr", _) | (_, Some("2")) => Some(Descriptor::Stderr),
        (_, Some(_)) => Some(Descriptor::Other),
        _ => None,
    }
}

/// Writes `bytes` to the file `path` atomically (see the module documentation).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    match descriptor(path) {
        Some(Descriptor::Stdout) => {
            return write_stream(std::io::stdout().lock(), "<stdout>", bytes)
        }
        Some(Descriptor::Stderr) => {
            return write_stream(std::io::stderr().lock(), "<stderr>", bytes)
        }
        Some(Descriptor::Other) => return write_in_place(path, bytes),
        None => {}
    }
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => return write_in_place(path, bytes),
        _ => {}
    }
    // A link is replaced where it leads; `new/../x` is `x` (see identity).
    let resolved = identity(path);
    write_regular(resolved.as_deref().unwrap_or(path), bytes)
}

/// A device, pipe or socket: opened and written, never replaced.
fn write_in_place(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut out| out.write_all(bytes).and_then(|()| out.flush()))
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
}

fn write_regular(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_long_name(path)?;
    let temp = write_temporary(path, bytes)?;
    commit(&temp, path)
}

/// The longest file name (in bytes) the usual file systems take (ext4, XFS, APFS, NTFS in
/// UTF-16 units: 255).
const NAME_MAX: usize = 255;

/// Refuses an output whose file name no usual file system takes, before anything is written
/// (the system's "File name too long" alone, after some outputs of a run are in place, says
/// neither which name nor what to do).
fn refuse_long_name(target: &Path) -> Result<()> {
    match target.file_name() {
        Some(name) if name.as_encoded_bytes().len() > NAME_MAX => Err(Error::Usage(format!(
            "`{}`: the file name is {} bytes long, more than the {NAME_MAX} a file system takes: \
             choose a shorter output name (a portfolio's pages are named after it)",
            target.display(),
            name.as_encoded_bytes().len()
        ))),
        _ => Ok(()),
    }
}

/// Creates `folder` (and the folders above it) to write `target` into. A file standing where a
/// folder is needed is named: the system's "File exists" or "Not a directory" alone does not
/// say which.
pub fn create_folder(folder: &Path, target: &Path) -> Result<()> {
    // Settled (cleanup.rs): each folder made is tracked before it exists (an interrupted run
    // removes it if it is empty), and none is made again after an interrupting signal.
    crate::cleanup::settled(|| {
        for made in folder
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_err())
        {
            crate::cleanup::track_made_folder(made);
        }
        std::fs::create_dir_all(folder)
    })
    .map_err(|source| match folder.ancestors().find(|a| a.is_file()) {
        Some(file) => Error::Output {
            what: "there",
            message: format!(
                "`{}` needs the folder `{}`, which is a file",
                target.display(),
                file.display()
            ),
        },
        None => Error::Io {
            path: folder.to_path_buf(),
            source,
        },
    })
}

/// Writes `bytes` into a new temporary file beside `path` (its folder created if need be),
/// flushed to disk; the temporary file's path, for [`commit`].
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let parent = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => {
            create_folder(parent, path)?;
            parent.to_path_buf()
        }
        None => PathBuf::from("."),
    };
    let temp = temporary_beside(path, &parent);
    crate::cleanup::remove_abandoned_beside(&parent, &temporary_prefix(path));
    crate::cleanup::track(&temp);
    // A file of this name was left by a killed run that had this process's id (ids are reused,
    // and in a container every run is process 1): it is no one's now.
    let _ = std::fs::remove_file(&temp);
    // The file replaced keeps its permissions and owner: a report kept private stays private.
    let replaced = std::fs::metadata(path).ok().filter(|m| m.is_file());
    let written = (|| -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Created with the replaced file's mode: a private report is never readable by others,
        // not even while it is written.
        #[cfg(unix)]
        if let Some(meta) = &replaced {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(meta.permissions().mode() & 0o777);
        }
        // Settled (cleanup.rs): not created after an interrupting signal removed it.
        let mut file = crate::cleanup::settled(|| options.open(&temp))?;
        file.write_all(bytes)?;
        if let Some(meta) = &replaced {
            keep_owner(&file, meta);
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(source) => {
            discard(&temp);
            Err(Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    }
}

/// The outputs of a run that loads a database file, written in two steps around the moment the
/// database keeps the load: [`Outputs::add`] writes each file's bytes to a temporary file beside
/// it (the step that fails: a folder that cannot be created, a full disk), [`Outputs::finish`]
/// renames them into place once the database has kept the load. A run that fails before that
/// leaves the database and every output as they were: dropped unfinished, the temporary files
/// are removed.
#[derive(Default)]
pub struct Outputs {
    staged: Vec<Staged>,
}

enum Staged {
    /// A regular file (or a new one): its finished temporary file, renamed over it at the end.
    File { temp: PathBuf, target: PathBuf },
    /// Standard output, a device or a pipe: nothing to stage, written at the end.
    Stream {
        target: Option<PathBuf>,
        bytes: Vec<u8>,
    },
}

impl Outputs {
    pub fn new() -> Outputs {
        Outputs::default()
    }

    /// Stages `bytes` for `target` (standard output when `None` or `-`), as [`write`] would
    /// write them.
    pub fn add(&mut self, target: Option<&Path>, bytes: Vec<u8>) -> Result<()> {
        let path = match target {
            Some(path) if path != Path::new("-") => path,
            _ => {
                self.staged.push(Staged::Stream {
                    target: None,
                    bytes,
                });
                return Ok(());
            }
        };
        // Standard output named as a file (`-o /dev/stdout`), or another descriptor: written
        // into at the end, never replaced (see the module documentation).
        if descriptor(path).is_some() {
            self.staged.push(Staged::Stream {
                target: Some(path.to_path_buf()),
                bytes,
            });
            return Ok(());
        }
        match std::fs::metadata(path) {
            // Refused before the database keeps anything: the rename at the end would fail.
            Ok(meta) if meta.is_dir() => {
                return Err(Error::Usage(format!(
                    "`{}` is a folder: name the output file (e.g. {}/report.html)",
                    path.display(),
                    path.display()
                )));
            }
            // A device or pipe is written into at the end, never replaced.
            Ok(meta) if !meta.is_file() => {
                self.staged.push(Staged::Stream {
                    target: Some(path.to_path_buf()),
                    bytes,
                });
                return Ok(());
            }
            _ => {}
        }
        // A link is replaced where it leads; `new/../x` is `x` (see identity).
        let target = identity(path).unwrap_or_else(|| path.to_path_buf());
        // Two outputs of one run on one file (a context dump named like a portfolio's page):
        // the second would replace the first, and share its temporary file.
        let staged_before = self
            .staged
            .iter()
            .any(|s| matches!(s, Staged::File { target: t, .. } if same_file(t, &target)));
        if staged_before {
            return Err(Error::Usage(format!(
                "`{}` is named for two outputs of this run: give each its own file",
                path.display()
            )));
        }
        // Checked before any file is staged: a rename that fails for its name after others of
        // the run are in place would leave the run half written.
        refuse_long_name(&target)?;
        let temp = write_temporary(&target, &bytes)?;
        self.staged.push(Staged::File { temp, target });
        Ok(())
    }

    /// Puts every staged output in its place, in the order they were added.
    pub fn finish(mut self) -> Result<()> {
        // The files first, renamed together while settled (cleanup.rs): an interrupting signal
        // finds all of them in place or none. One at a time from the front: on a failure the
        // ones not yet in place are left to `drop`, which removes their temporary files. The
        // streams after, outside: a signal must never wait on a full pipe.
        let (files, streams): (Vec<Staged>, Vec<Staged>) = std::mem::take(&mut self.staged)
            .into_iter()
            .partition(|s| matches!(s, Staged::File { .. }));
        self.staged = files;
        crate::cleanup::settled(|| -> Result<()> {
            while !self.staged.is_empty() {
                if let Staged::File { temp, target } = self.staged.remove(0) {
                    rename_into_place(&temp, &target)?;
                }
            }
            Ok(())
        })?;
        for stream in streams {
            if let Staged::Stream { target, bytes } = stream {
                write(target.as_deref(), &bytes)?;
            }
        }
        Ok(())
    }
}

impl Outputs {
    /// The files the outputs will replace or create (not standard output, a device or a pipe).
    pub fn file_targets(&self) -> impl Iterator<Item = &Path> {
        self.staged.iter().filter_map(|staged| match staged {
            Staged::File { target, .. } => Some(target.as_path()),
            Staged::Stream { .. } => None,
        })
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        for staged in &self.staged {
            if let Staged::File { temp, .. } = staged {
                discard(temp);
            }
        }
    }
}

/// A temporary name in `dir` for a file on its way to becoming `target`: hidden, and unique to
/// this process and target. A target name near the 255-byte limit of a file name gives its
/// first bytes and a hash of the whole name instead, so that a name the file system takes does
/// not fail at the end of the run on its temporary's longer one.
pub fn temporary_beside(target: &Path, dir: &Path) -> PathBuf {
    dir.join(format!(
        "{}{}.tmp",
        temporary_prefix(target),
        std::process::id()
    ))
}

/// What the temporary names of `target` start with, the process id following.
fn temporary_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    format!(".{}.socgauge-", shortened(&name))
}

/// Bytes of a file name kept whole in its temporary's name (255, less the hidden prefix, the
/// process id and the suffix).
const TEMPORARY_NAME_KEPT: usize = 200;

/// `name`, or its first bytes (on a character boundary) with `~` and a hash of the whole name
/// when it is longer than [`TEMPORARY_NAME_KEPT`] bytes.
fn shortened(name: &str) -> String {
    if name.len() <= TEMPORARY_NAME_KEPT {
        return name.to_string();
    }
    let mut end = TEMPORARY_NAME_KEPT - 20;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    format!("{}~{:016x}", &name[..end], hasher.finish())
}

/// Gives a replacing file the owner and group of the file it replaces where this process may;
/// otherwise it keeps this user's, as any file it writes.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, replaced: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(replaced.uid()), Some(replaced.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(replaced.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _replaced: &std::fs::Metadata) {}

/// Renames a finished temporary file over its target; removes it if that fails.
pub fn commit(temp: &Path, target: &Path) -> Result<()> {
    crate::cleanup::settled(|| rename_into_place(temp, target))
}

/// Renames finished temporary files over their targets, in order and settled together (an
/// interrupting signal finds all or none in place); on a failure the temporary files not yet in
/// place are removed.
pub fn commit_all(pairs: &[(&Path, &Path)]) -> Result<()> {
    crate::cleanup::settled(|| {
        for (at, (temp, target)) in pairs.iter().enumerate() {
            if let Err(err) = rename_into_place(temp, target) {
                for (left, _) in &pairs[at + 1..] {
                    discard(left);
                }
                return Err(err);
            }
        }
        Ok(())
    })
}

/// [`commit`] without settling: for a caller that settles several renames at once.
fn rename_into_place(temp: &Path, target: &Path) -> Result<()> {
    match std::fs::rename(temp, target) {
        Ok(()) => {
            crate::cleanup::untrack(temp);
            crate::cleanup::keep_folders_of(target);
            Ok(())
        }
        Err(source) => {
            discard(temp);
            Err(Error::Io {
                path: target.to_path_buf(),
                source,
            })
        }
    }
}

/// Removes a temporary file that will not be put in place.
fn discard(temp: &Path) {
    let _ = std::fs::remove_file(temp);
    crate::cleanup::untrack(temp);
}

/// Refuses (a usage error, exit 2) an output path that names one of the files the run reads:
/// the database, an input export, a rubric or answers file. `flag` names the output option.
pub fn refuse_inputs(flag: &str, target: Option<&Path>, protected: &[(&str, &Path)]) -> Result<()> {
    let Some(target) = target.filter(|t| *t != Path::new("-")) else {
        return Ok(());
    };
    let Some(target_id) = identity(target) else {
        return Ok(());
    };
    for (what, path) in protected {
        if identity(path).is_some_and(|id| id == target_id) {
            return Err(Error::Usage(format!(
                "{flag}: `{}` is {what}; writing there would destroy it: choose another output file",
                target.display()
            )));
        }
    }
    Ok(())
}

/// How [`exchange_checked`] ended.
#[derive(Debug, PartialEq)]
pub enum Exchanged {
    /// The system cannot exchange two paths in one step: nothing was done.
    Unsupported,
    /// The new folder is in the target's place; what was there is at the new folder's path.
    InPlace,
    /// What was at the target failed the check: it is back, the new folder at its own path.
    PutBack,
    /// What was at the target failed the check and could not be put back: it is at the new
    /// folder's path (which its caller must then never remove).
    Stuck,
}

/// Puts the folder `new` in `target`'s place by [`exchange`], then checks what it swapped out
/// with `replaceable` (a lake, a site, an empty folder). Checked there, nothing can change it any
/// more: a folder someone made at `target` after the run's first check is found, and put back.
pub fn exchange_checked(
    new: &Path,
    target: &Path,
    replaceable: impl Fn(&Path) -> bool,
) -> Exchanged {
    if !crate::cleanup::settled(|| exchange(new, target)) {
        return Exchanged::Unsupported;
    }
    if replaceable(new) {
        return Exchanged::InPlace;
    }
    if crate::cleanup::settled(|| exchange(new, target)) {
        Exchanged::PutBack
    } else {
        Exchanged::Stuck
    }
}

/// Refuses (exit 2) an output that would land inside a folder the run reads (`--templates`: it
/// would replace a template the report renders from), through a link as well: the output is
/// resolved as [`write_file`] resolves it.
pub fn refuse_inside(
    flag: &str,
    output: &Path,
    (folder_flag, folder): (&str, &Path),
) -> Result<()> {
    if output == Path::new("-") {
        return Ok(());
    }
    let is_link = std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink());
    let resolved = if is_link {
        std::fs::canonicalize(output).ok()
    } else {
        identity(output)
    };
    let inside = match (resolved, std::fs::canonicalize(folder).ok()) {
        (Some(resolved), Some(folder)) => resolved.starts_with(folder),
        _ => false,
    };
    if inside {
        return Err(Error::Usage(format!(
            "{flag}: `{}` is inside the folder {folder_flag} `{}` names, which this run reads; \
             writing there would replace one of its files: choose another output file",
            output.display(),
            folder.display()
        )));
    }
    Ok(())
}

/// Exchanges two folders atomically where the system can (a site's or a lake's swap); false
/// where it cannot.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// Whether two paths name the same file (as far as can be told before it exists).
fn same_file(a: &Path, b: &Path) -> bool {
    match (identity(a), identity(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// A path's identity for comparison, and the file a write reaches: the file it names once the
/// folders above it are made (a write makes the missing ones). Walked part by part from a
/// canonical start: a part that exists is resolved (links followed), one that does not is taken
/// as written (it will be made as a plain folder), and `..` goes back up from there as the system
/// will, so `new/../soc.db` is `soc.db` and `new/../link/soc.db` is where `link` leads. `None`
/// when the start cannot be resolved.
fn identity(path: &Path) -> Option<PathBuf> {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return Some(canonical);
    }
    let mut resolved = std::fs::canonicalize(".").ok()?;
    for part in path.components() {
        match part {
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(canonical) = std::fs::canonicalize(&resolved) {
                    resolved = canonical;
                }
            }
            // `resolved` is canonical wherever it exists: its parent is the real one.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            Component::RootDir => resolved = PathBuf::from(part.as_os_str()),
            Component::Prefix(_) => return None,
        }
    }
    Some(resolved)
}

/// Whether a file or folder is at `path` once the folders above it are made (see [`identity`]):
/// `new/../data.csv` names `data.csv`, which `Path::exists` does not see while `new` is missing.
pub fn exists(path: &Path) -> bool {
    // A descriptor (standard output, …) is written into, never replaced: nothing to protect.
    descriptor(path).is_none() && (path.exists() || identity(path).is_some_and(|p| p.exists()))
}

/// Refuses to replace existing files without --force (`sample --out`, the `init` commands).
pub fn refuse_overwrite(paths: &[PathBuf], force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let existing: Vec<String> = paths
        .iter()
        .filter(|p| exists(p))
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if existing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} already exist{}: add --force to replace {}",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" },
            if existing.len() == 1 { "it" } else { "them" },
        )))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_names_of_the_process_descriptors_are_recognised() {
        use super::{descriptor, Descriptor};
        use std::path::Path;
        let own = format!("/proc/{}/fd/1", std::process::id());
        for (path, expected) in [
            ("/dev/stdout", Some(Descriptor::Stdout)),
            ("/dev/fd/1", Some(Descriptor::Stdout)),
            ("/proc/self/fd/1", Some(Descriptor::Stdout)),
            (own.as_str(), Some(Descriptor::Stdout)),
            ("/dev/stderr", Some(Descriptor::Stderr)),
            ("/proc/self/fd/2", Some(Descriptor::Stderr)),
            ("/dev/fd/63", Some(Descriptor::Other)),
            ("/dev/null", None),
            ("/proc/0/fd/1", None),
            ("report.html", None),
            ("/tmp/dev/stdout", None),
        ] {
            assert_eq!(descriptor(Path::new(path)), expected, "{path}");
        }
        assert!(!super::exists(Path::new("/dev/stdout")));
    }

    #[test]
    fn a_long_name_keeps_a_temporary_name_the_file_system_takes() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["r".repeat(250) + ".html", "é".repeat(120) + ".html"] {
            let target = dir.path().join(&name);
            let temp = super::temporary_beside(&target, dir.path());
            let temp_name = temp.file_name().unwrap().len();
            assert!(temp_name <= 255, "{temp_name}");
            std::fs::write(&temp, b"x").unwrap();
            std::fs::rename(&temp, &target).unwrap();
            assert!(target.is_file());
        }
        // Two long names that differ only at the end keep different temporaries.
        let a = super::temporary_beside(&dir.path().join("x".repeat(240) + "-a.html"), dir.path());
        let b = super::temporary_beside(&dir.path().join("x".repeat(240) + "-b.html"), dir.path());
        assert_ne!(a, b);
        // A usual name is kept whole.
        let usual = super::temporary_beside(&dir.path().join("report.html"), dir.path());
        assert!(usual
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".report.html.socgauge-"));
    }

    use super::*;

    #[test]
    fn a_device_is_written_into_never_replaced() {
        let null = Path::new("/dev/null");
        write(Some(null), b"discarded").unwrap();
        let meta = std::fs::symlink_metadata(null).unwrap();
        assert!(!meta.is_file(), "/dev/null is still a device");
        assert_eq!(std::fs::read(null).unwrap(), b"");
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("afile");
        std::fs::write(&file, "x").unwrap();
        let err = write(Some(&file.join("sub/out.json")), b"{}").unwrap_err();
        assert_eq!(err.exit_code(), 1, "{err}");
        assert!(
            err.to_string()
                .contains(&format!("the folder `{}`, which is a file", file.display())),
            "{err}"
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"x");
    }

    #[test]
    fn a_linked_file_is_replaced_where_the_link_leads() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(Some(&link), b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // The same link named through a folder not made yet: the same file, and no folder made.
        let around = dir.path().join("new").join("..").join("link.json");
        write(Some(&around), b"newer").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"newer");
        assert!(!dir.path().join("new").exists());
    }

    #[test]
    fn staged_outputs_take_their_places_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.html");
        let context = dir.path().join("sub/context.json");
        std::fs::write(&report, "old report").unwrap();
        let mut outputs = Outputs::new();
        outputs.add(Some(&report), b"new report".to_vec()).unwrap();
        outputs.add(Some(&context), b"{}".to_vec()).unwrap();
        drop(outputs);
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "old report");
        assert!(!context.exists());
        let hidden = |d: &Path| {
            std::fs::read_dir(d)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with('.')
                })
                .count()
        };
        assert_eq!(hidden(dir.path()) + hidden(&dir.path().join("sub")), 0);

        let mut outputs = Outputs::new();
        outputs.add(Some(&report), b"new report".to_vec()).unwrap();
        outputs.add(Some(&context), b"{}".to_vec()).unwrap();
        outputs.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "new report");
        assert_eq!(std::fs::read_to_string(&context).unwrap(), "{}");
        assert_eq!(hidden(dir.path()) + hidden(&dir.path().join("sub")), 0);
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_stays() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        std::fs::write(&target, "good old report").unwrap();
        write(Some(&target), b"new report").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new report");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the report is left");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the way of the rename: the write fails after the temporary is complete.
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        assert!(write(Some(&target), b"data").is_err());
        assert_eq!(std::fs::read_to_string(target.join("keep")).unwrap(), "x");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary left behind");
    }

    #[test]
    fn outputs_onto_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("o.db");
        std::fs::write(&db, "db").unwrap();
        let same = dir.path().join(".").join("o.db");
        let err = refuse_inputs("-o", Some(&same), &[("the database (--db)", &db)]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("the database (--db)"), "{err}");
        assert!(refuse_inputs("-o", Some(Path::new("-")), &[("x", &db)]).is_ok());
        let other = dir.path().join("o.json");
        assert!(refuse_inputs("-o", Some(&other), &[("x", &db)]).is_ok());
        // A database not created yet is still protected.
        let new_db = dir.path().join("new.db");
        assert!(refuse_inputs("-o", Some(&new_db), &[("x", &new_db)]).is_err());
        // Through folders that do not exist yet, which a write would make.
        let around = dir
            .path()
            .join("new")
            .join("deeper")
            .join("..")
            .join("..")
            .join("o.db");
        assert!(refuse_inputs("-o", Some(&around), &[("x", &db)]).is_err());
        let elsewhere = dir.path().join("new").join("..").join("other.db");
        assert!(refuse_inputs("-o", Some(&elsewhere), &[("x", &db)]).is_ok());
        // Back up into a link to the database's folder.
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("soc.db"), "db").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
            let through = dir
                .path()
                .join("new")
                .join("..")
                .join("link")
                .join("soc.db");
            assert!(refuse_inputs("-o", Some(&through), &[("x", &real.join("soc.db"))]).is_err());
        }
        assert!(refuse_overwrite(std::slice::from_ref(&around), false).is_err());
        assert!(refuse_overwrite(&[around], true).is_ok());
        assert!(refuse_overwrite(&[elsewhere], false).is_ok());
        assert!(!dir.path().join("new").exists(), "checking made a folder");
    }
}
