//! The path DuckDB's file readers are handed for an input file.
//!
//! DuckDB does not take every path literally: `*`, `?` and `[` make it a pattern (a file named
//! `alerts[1].csv` would read `alerts1.csv` when one exists, and `a*.csv` every file it
//! matches), a leading `~` is the home folder, `scheme://` at the start is a URL and a leading
//! `file:` is dropped. Its Parquet reader also takes every `key=value` folder of the path as a
//! column when it reads a lake's partition (`/srv/tenant=acme/lake/alerts/tenant=…` would give
//! every row the tenant `acme`), and a path that is not UTF-8 cannot be handed over at all.
//! Such a file is read through a symbolic link with a plain name in a private temporary
//! folder, removed when the [`ReaderPath`] is dropped; a lake's file keeps only its own
//! `tenant=`/`month=` folders there. Every other path is handed over as it is, so that
//! DuckDB's messages name the file the user gave.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What DuckDB reads for one input file.
pub struct ReaderPath {
    text: String,
    /// The private folder holding the link, when one was needed.
    _link_dir: Option<crate::cleanup::Tracked<tempfile::TempDir>>,
}

impl ReaderPath {
    /// The path DuckDB reads `path` by.
    pub fn of(path: &Path) -> Result<ReaderPath> {
        let literal = path.to_str().filter(|text| {
            taken_literally(text, path.is_relative()) && !super::lake::in_partition(path)
        });
        if let Some(text) = literal {
            return Ok(ReaderPath {
                text: text.to_string(),
                _link_dir: None,
            });
        }
        let io_error = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let target = std::path::absolute(path).map_err(io_error)?;
        // Created, tracked and filled settled (cleanup.rs): an interrupting signal finds the
        // folder tracked, and nothing is made in it once the signal removed it.
        let (dir, link) = crate::cleanup::settled(|| -> std::io::Result<_> {
            let dir = crate::cleanup::Tracked::new(
                tempfile::Builder::new()
                    .prefix(&link_folder_prefix())
                    .tempdir()?,
            );
            let link = dir.path().join(link_name(path));
            if let Some(parent) = link.parent() {
                std::fs::create_dir_all(parent)?;
            }
            make_link(&target, &link)?;
            Ok((dir, link))
        })
        .map_err(io_error)?;
        Ok(ReaderPath {
            text: link.to_string_lossy().to_string(),
            _link_dir: Some(dir),
        })
    }

    /// The text to bind as the reader's path.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Whether DuckDB reads `text` as the plain path it is: no pattern character, and, when
/// relative, no leading `~` and no colon (`https://`, `s3://`, `file:`).
fn taken_literally(text: &str, relative: bool) -> bool {
    !text.contains(GLOB) && !(relative && (text.starts_with('~') || text.contains(':')))
}

/// The characters that make a path a pattern to DuckDB.
const GLOB: [char; 3] = ['*', '?', '['];

/// The start of the name of this run's private folders of links (cleanup/abandoned.rs tells
/// the process from it).
fn link_folder_prefix() -> String {
    format!("socgauge-input-{}-", std::process::id())
}

/// `message` (a reader's error) with the private link a file is read by (a lake's file, a name
/// DuckDB would take as a pattern) named as the file the user gave: the link's folder is gone
/// by the time the message is read, and means nothing to them.
pub fn named_as_given(message: &str, path: &Path) -> String {
    let private = std::env::temp_dir()
        .join(link_folder_prefix())
        .to_string_lossy()
        .to_string();
    // The link is `<private><random>/<link name>`: its end is found by its name, which may hold
    // spaces or quotes as the user's file name does.
    let name = link_name(path).to_string_lossy().to_string();
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(&private) {
        out.push_str(&rest[..at]);
        let link = &rest[at..];
        let Some(name_at) = link.find(&name) else {
            // Another file's link (or the message cut short): left as it is.
            rest = link;
            break;
        };
        out.push_str(&path.display().to_string());
        rest = &link[name_at + name.len()..];
    }
    out.push_str(rest);
    out
}

/// The link's path inside its folder: the file's name without pattern characters, inside
/// copies of its `tenant=`/`month=` folders when it sits in a lake's partition (DuckDB reads the
/// tenant from them; pattern characters are percent-encoded, which DuckDB decodes back).
fn link_name(path: &Path) -> PathBuf {
    let name = plain_name(path);
    if !super::lake::in_partition(path) {
        return PathBuf::from(name);
    }
    let folder = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| percent_encoded(&n.to_string_lossy()))
            .unwrap_or_default()
    };
    let month = path.parent();
    let tenant = month.and_then(Path::parent);
    PathBuf::from(folder(tenant)).join(folder(month)).join(name)
}

/// A file name DuckDB takes literally that keeps its extensions (DuckDB picks the
/// decompression from them): each pattern character and `~` made `_`.
pub fn plain_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "input".to_string());
    name.chars()
        .map(|c| {
            if GLOB.contains(&c) || c == '~' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn percent_encoded(text: &str) -> String {
    text.replace('*', "%2A")
        .replace('?', "%3F")
        .replace('[', "%5B")
}

#[cfg(unix)]
fn make_link(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn make_link(target: &Path, link: &Path) -> std::io::Result<()> {
    std::fs::hard_link(target, link).or_else(|_| std::fs::copy(target, link).map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_the_file_given_not_its_private_link() {
        let link = std::env::temp_dir().join(format!(
            "socgauge-input-{}-Ab12/alerts/tenant=a/month=2026-10/data_0.parquet",
            std::process::id()
        ));
        let message = format!("No magic bytes found at end of file \"{}\"", link.display());
        let given = Path::new("lake/alerts/tenant=a/month=2026-10/data_0.parquet");
        assert_eq!(
            named_as_given(&message, given),
            "No magic bytes found at end of file \"lake/alerts/tenant=a/month=2026-10/data_0.parquet\""
        );
        // A name with a space and a pattern character (read by a link named `my alerts_1].parquet`).
        let given = Path::new("in/my alerts[1].parquet");
        let link = std::env::temp_dir().join(format!(
            "socgauge-input-{}-Xy/my alerts_1].parquet",
            std::process::id()
        ));
        let message = format!("No magic bytes found at end of file '{}'", link.display());
        assert_eq!(
            named_as_given(&message, given),
            "No magic bytes found at end of file 'in/my alerts[1].parquet'"
        );
        assert_eq!(named_as_given("no path here", given), "no path here");
        // A link that is not this file's stays as it is, once.
        let other = format!(
            "cannot read {}",
            std::env::temp_dir()
                .join(format!(
                    "socgauge-input-{}-Zz/other.parquet",
                    std::process::id()
                ))
                .display()
        );
        assert_eq!(named_as_given(&other, given), other);
    }

    #[test]
    fn plain_paths_are_handed_over_as_they_are() {
        for text in [
            "alerts.csv",
            "exports/alerts (1).csv",
            "/data/x~y/a.csv",
            "./a.csv",
        ] {
            let reader = ReaderPath::of(Path::new(text)).unwrap();
            assert_eq!(reader.as_str(), text);
        }
    }

    #[test]
    fn patterns_urls_and_home_folders_are_read_through_a_link_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a*[1]?.csv.gz");
        std::fs::write(&file, "x").unwrap();
        let reader = ReaderPath::of(&file).unwrap();
        assert!(
            reader.as_str().ends_with("/a__1]_.csv.gz"),
            "{}",
            reader.as_str()
        );
        assert!(!reader.as_str().contains(GLOB));
        assert_eq!(std::fs::read_to_string(reader.as_str()).unwrap(), "x");
        let link = PathBuf::from(reader.as_str());
        drop(reader);
        assert!(!link.exists(), "the link goes with its reader");

        for relative in ["https://example.com/a.csv", "~x/a.csv", "file:/etc/a.csv"] {
            assert!(!taken_literally(relative, true), "{relative}");
            assert!(
                taken_literally(&format!("/{relative}"), false),
                "{relative}"
            );
        }
    }

    #[test]
    fn a_lake_file_and_a_path_that_is_not_utf8_are_read_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let partition = dir
            .path()
            .join("tenant=x/lake/alerts/tenant=acme/month=2026-10");
        std::fs::create_dir_all(&partition).unwrap();
        let file = partition.join("data_0.parquet");
        std::fs::write(&file, "x").unwrap();
        let reader = ReaderPath::of(&file).unwrap();
        assert!(
            reader
                .as_str()
                .ends_with("/tenant=acme/month=2026-10/data_0.parquet"),
            "{}",
            reader.as_str()
        );
        assert_eq!(reader.as_str().matches("tenant=").count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = dir.path().join(std::ffi::OsStr::from_bytes(b"a\xff.csv"));
            std::fs::write(&odd, "odd").unwrap();
            let reader = ReaderPath::of(&odd).unwrap();
            assert_eq!(std::fs::read_to_string(reader.as_str()).unwrap(), "odd");
        }
    }

    #[test]
    fn a_lake_file_keeps_its_partition_folders() {
        let name = link_name(Path::new(
            "lake/alerts/tenant=a*b/month=2026-10/data[0].parquet",
        ));
        assert_eq!(
            name,
            PathBuf::from("tenant=a%2Ab/month=2026-10/data_0].parquet")
        );
    }
}
