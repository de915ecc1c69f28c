//! Which files a load reads, in which order, and in which format.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File formats, recognised by extension. gzip-compressed text formats are read directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// A JSON array of records, an object holding one list of records, or one record per line.
    Json,
    Parquet,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
        })
    }
}

/// Every file extension socgauge reads, with its format: the one list that file discovery and
/// every message about file types read.
pub const EXTENSIONS: &[(&str, Format)] = &[
    ("csv", Format::Csv),
    ("json", Format::Json),
    ("ndjson", Format::Json),
    ("jsonl", Format::Json),
    ("ocsf", Format::Json),
    ("parquet", Format::Parquet),
];

/// The extensions for people: ".csv, .json, .ndjson, .jsonl, .ocsf and .parquet".
pub fn extensions_text() -> String {
    let names: Vec<String> = EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect();
    match names.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => names.join(""),
    }
}

impl Format {
    /// The format of a file name, or `None` for files socgauge does not read. Text formats may
    /// be gzip-compressed (`.csv.gz`); Parquet compresses itself.
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let (name, gzipped) = match name.strip_suffix(".gz") {
            Some(inner) => (inner, true),
            None => (name.as_str(), false),
        };
        let ext = name.rsplit_once('.')?.1;
        EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, format)| *format)
            .filter(|format| !(gzipped && *format == Format::Parquet))
    }
}

/// A file to load, in load order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub format: Format,
    /// The lake this file was read from, when a lake's folder was given.
    pub lake: Option<PathBuf>,
    /// Only the incidents of this lake file still open in the window are read: created before
    /// its end and not closed before its start (load/lake_months.rs decides).
    pub open_in: Option<super::lake_months::MeasuredWindow>,
}

/// The files named by `paths`: a file as given (its format must be known), a folder as every
/// recognised file directly inside it, sorted by name. Returns the files and the names of the
/// files skipped inside folders.
pub fn discover(paths: &[PathBuf]) -> Result<(Vec<InputFile>, Vec<PathBuf>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::reading(path, e))?;
        if meta.is_dir() && super::lake::is_lake(path) {
            // A lake (`export --parquet`): its Parquet files, which sit in sub-folders.
            let (found, others) = super::lake::files(path)?;
            files.extend(found.into_iter().map(|file| InputFile {
                path: file,
                format: Format::Parquet,
                lake: Some(path.clone()),
                open_in: None,
            }));
            skipped.extend(others);
        } else if meta.is_dir() {
            let io = |source| Error::Io {
                path: path.clone(),
                source,
            };
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(path).map_err(io)? {
                let entry = entry.map_err(io)?.path();
                match std::fs::metadata(&entry) {
                    Ok(meta) if meta.is_file() => entries.push(entry),
                    // Sub-folders are not read (a folder argument loads the files directly in it).
                    Ok(meta) if meta.is_dir() => {}
                    // A pipe or a device is no export: skipped, and said so.
                    Ok(_) => skipped.push(entry),
                    // A link to a missing file, or into a loop: an export that cannot be read is
                    // an error, never skipped without a word.
                    Err(source) if Format::of(&entry).is_some() => {
                        return Err(Error::ReadFile {
                            message: format!(
                                "it is a link that leads to no readable file ({}); fix or remove the link",
                                crate::error::io_text(&source)
                            ),
                            path: entry,
                        })
                    }
                    Err(_) => skipped.push(entry),
                }
            }
            entries.sort();
            for entry in entries {
                match Format::of(&entry) {
                    // An empty file or API page among a folder's exports (the last page of a
                    // paged download): skipped, and said so, as the others still load.
                    Some(format) if holds_no_records(&entry, format) => skipped.push(entry),
                    Some(format) => files.push(InputFile {
                        path: entry,
                        format,
                        lake: None,
                        open_in: None,
                    }),
                    None if is_companion(&entry) => {}
                    None => skipped.push(entry),
                }
            }
        } else {
            // A `.log` file named on the command line is read as NDJSON (Event Hub and
            // integration exports); in a folder it is skipped like any other log.
            let is_log = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("log"));
            let format = Format::of(path)
                .or(is_log.then_some(Format::Json))
                .ok_or_else(|| Error::UnknownFormat { path: path.clone() })?;
            files.push(InputFile {
                path: path.clone(),
                format,
                lake: None,
                open_in: None,
            });
        }
    }
    // A file named twice (`a.csv ./a.csv`, or inside a folder also given) is read once: read twice
    // in one load, its rows and rejects would count twice, unlike two loads of it.
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    // A lake's file named on its own too is still the lake's: its rows are in the record the
    // lake's manifest carries (load/lake.rs), and must not count on top of it.
    let mut lakes: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
    for f in &files {
        if let Some(lake) = &f.lake {
            lakes.insert(canonical(&f.path), lake.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(canonical(&f.path)));
    for f in &mut files {
        if f.lake.is_none() {
            f.lake = lakes.get(&canonical(&f.path)).cloned();
        }
    }
    // A file of a folder skipped there (a `.log`) but also named on its own is read: not skipped.
    skipped.retain(|s| !seen.contains(&canonical(s)));
    Ok((files, skipped))
}

/// Whether a file holds nothing to load: no text, only empty CSV fields, or an empty JSON page
/// (see super::encoding). Named on its own, such a file is an error when read; in a folder it is
/// skipped.
pub fn holds_no_records(path: &Path, format: Format) -> bool {
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return true;
    }
    match format {
        Format::Parquet => false,
        Format::Csv => {
            super::encoding::holds_no_text(path) || super::encoding::holds_only_empty_fields(path)
        }
        Format::Json => {
            super::encoding::holds_no_text(path) || super::encoding::is_empty_json_page(path)
        }
    }
}

/// Files that sit beside exports without being data (notes, hidden files): skipped quietly.
fn is_companion(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.starts_with('.')
        || name.starts_with("readme")
        || [".md", ".txt", ".pdf", ".html", ".toml"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_named_beside_its_folder_is_read_not_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("events.log");
        std::fs::write(&log, "{}\n").unwrap();
        std::fs::write(dir.path().join("alerts.csv"), "a\n").unwrap();
        let (files, skipped) = discover(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(skipped, vec![log.clone()]);
        let (files, skipped) = discover(&[dir.path().to_path_buf(), log]).unwrap();
        assert_eq!(files.len(), 2);
        assert!(skipped.is_empty(), "{skipped:?}");
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a/incidents.CSV")), Some(Format::Csv));
        assert_eq!(Format::of(Path::new("alerts.csv.gz")), Some(Format::Csv));
        assert_eq!(
            Format::of(Path::new("alerts.ndjson.gz")),
            Some(Format::Json)
        );
        assert_eq!(Format::of(Path::new("alerts.jsonl")), Some(Format::Json));
        assert_eq!(Format::of(Path::new("f.ocsf.gz")), Some(Format::Json));
        assert_eq!(Format::of(Path::new("f.parquet.gz")), None);
        assert_eq!(
            extensions_text(),
            ".csv, .json, .ndjson, .jsonl, .ocsf and .parquet"
        );
        assert_eq!(
            Format::of(Path::new("alerts.parquet")),
            Some(Format::Parquet)
        );
        assert_eq!(Format::of(Path::new("alerts.parquet.gz")), None);
        assert_eq!(Format::of(Path::new("README.md")), None);
        assert_eq!(Format::of(Path::new("csv")), None);
    }

    #[test]
    fn notes_beside_exports_are_skipped_quietly() {
        assert!(is_companion(Path::new("data/README.md")));
        assert!(is_companion(Path::new("data/.DS_Store")));
        assert!(!is_companion(Path::new("data/export.xlsx")));
    }
}
