//! Reading a lake written by `export --parquet` (or by anything that writes the same layout):
//! a folder with `incidents/`, `alerts/` or `automation/` inside, each holding
//! `tenant=<name>/month=<YYYY-MM>/*.parquet`. Each Parquet file loads like a canonical Parquet
//! export; DuckDB reads the tenant (and the month) from the folder names of its path.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The kinds of the canonical model, as the lake names its folders.
pub const KINDS: [&str; 3] = ["incidents", "alerts", "automation"];

/// The manifest `export --parquet` writes beside the kinds; a leading `_` keeps it out of what
/// Spark and Trino read as data.
pub const MANIFEST: &str = "_socgauge_lake.json";

/// The version of the lake's layout this socgauge writes and reads.
pub const LAKE_VERSION: u64 = 1;

/// The partition column that is not part of the canonical model: read from the folder name,
/// then dropped without a warning.
pub const PARTITION_ONLY: &str = "month";

/// The hive options of DuckDB's Parquet reader for `path`: in a lake's partition
/// (`…/tenant=…/month=…/file.parquet`) the folder values are the tenant and month columns, read
/// as text (DuckDB would otherwise guess types, and turn a tenant named `0x1F` into `31`);
/// anywhere else folder names never become data (a file under `status=new/` keeps its own
/// statuses).
pub fn hive_options(path: &Path) -> &'static str {
    if in_partition(path) {
        "hive_partitioning = true, hive_types_autocast = false"
    } else {
        "hive_partitioning = false"
    }
}

/// Whether a file sits in a lake's partition: in a `month=` folder inside a `tenant=` folder.
pub fn in_partition(path: &Path) -> bool {
    let month = path.parent();
    let tenant = month.and_then(Path::parent);
    let named = |p: Option<&Path>, key: &str| {
        p.and_then(Path::file_name)
            .is_some_and(|n| n.to_string_lossy().starts_with(key))
    };
    named(month, "month=") && named(tenant, "tenant=")
}

/// Whether `dir` is a lake: one of the kind folders holds a `tenant=` folder.
pub fn is_lake(dir: &Path) -> bool {
    KINDS.iter().any(|kind| {
        std::fs::read_dir(dir.join(kind)).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("tenant="))
        })
    })
}

/// Every Parquet file of a lake, kind by kind in model order (incidents, alerts, automation),
/// then by tenant and month folder name; and the other files of its partitions, which are
/// skipped (and said so). A lake whose manifest names another layout version is refused.
pub fn files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    check_manifest(dir)?;
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for kind in KINDS {
        let mut found = Vec::new();
        for tenant in partitions(&dir.join(kind), "tenant=")? {
            for month in partitions(&tenant, "month=")? {
                for file in entries(&month)? {
                    let is_parquet = file
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
                    match std::fs::metadata(&file) {
                        Ok(meta) if meta.is_file() && is_parquet => found.push(file),
                        Ok(meta) if meta.is_dir() => {}
                        Ok(_) => skipped.push(file),
                        // A link to nothing where a partition's data should be: an error, as in
                        // any folder, never a silent gap.
                        Err(source) => {
                            return Err(Error::ReadFile {
                                message: format!(
                                    "it is a link that leads to no readable file ({}); fix or \
                                     remove the link",
                                    crate::error::io_text(&source)
                                ),
                                path: file,
                            })
                        }
                    }
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    skipped.extend(parquet_outside_partitions(dir, &out)?);
    skipped.sort();
    Ok((out, skipped))
}

/// The Parquet files of a lake that lie outside its `kind/tenant=…/month=…` partitions (a file
/// at the top, in a kind's folder, in an unpartitioned folder or one of no kind): data the
/// lake's readers do not read, so skipped, and said so, rather than ignored without a word. Folders whose names start
/// with `_` or `.` (a writer's temporary or marker folders) are not looked into.
fn parquet_outside_partitions(dir: &Path, read: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut stray = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in entries(&folder)? {
            let hidden = entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(['_', '.']));
            // symlink_metadata: a link to a folder is not followed (no loop can be walked).
            let Ok(meta) = std::fs::symlink_metadata(&entry) else {
                continue;
            };
            if meta.is_dir() {
                if !hidden {
                    folders.push(entry);
                }
            } else if entry
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
                && !read.contains(&entry)
            {
                stray.push(entry);
            }
        }
    }
    Ok(stray)
}

/// Refuses a lake whose manifest (when there is one) names a layout this socgauge does not read.
fn check_manifest(dir: &Path) -> Result<()> {
    let path = dir.join(MANIFEST);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("schema_version").and_then(serde_json::Value::as_u64));
    match version {
        Some(LAKE_VERSION) => Ok(()),
        Some(other) => Err(Error::ReadFile {
            path,
            message: format!(
                "a lake of layout version {other}; this socgauge reads version {LAKE_VERSION}: \
                 read it with the socgauge that wrote it"
            ),
        }),
        None => Err(Error::ReadFile {
            path,
            message: "not a lake manifest (JSON with a whole-number schema_version expected)"
                .into(),
        }),
    }
}

/// The data-quality record of the database a lake was exported from, from its manifest: the
/// `loads` list `export --parquet` writes, and the `rows` the lake held when written (per kind,
/// which tell partitions removed or added since), each as JSON text (`null` when absent);
/// `None` for a lake without `loads` (an earlier socgauge's, or another writer's).
pub fn carried_loads(dir: &Path) -> Result<Option<(String, String)>> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Io { path, source }),
    };
    let manifest: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::ReadFile {
        path: path.clone(),
        message: format!("not a lake manifest: {e}"),
    })?;
    match manifest.get("loads") {
        None => Ok(None),
        Some(loads @ serde_json::Value::Array(_)) => {
            let rows = manifest.get("rows").unwrap_or(&serde_json::Value::Null);
            Ok(Some((loads.to_string(), rows.to_string())))
        }
        Some(_) => Err(Error::ReadFile {
            path,
            message: "`loads` is not a list: the manifest was edited or written by another tool; \
                      export the lake again"
                .into(),
        }),
    }
}

/// Whether the lake's manifest carries a record of loads with an entry: a lake without one
/// (another writer's, or an earlier socgauge's) counts its own files' loads.
pub fn has_loads_record(dir: &Path) -> bool {
    // `carried_loads` gives the record as JSON text: an empty list is `[]`.
    matches!(carried_loads(dir), Ok(Some((loads, _))) if loads != "[]")
}

/// The `key=…` folders of `dir` (none when `dir` does not exist).
fn partitions(dir: &Path, key: &str) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    Ok(entries(dir)?
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(key))
                && p.is_dir()
        })
        .collect())
}

fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()).map_err(io))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lake_is_read_kind_by_kind_and_other_files_are_left() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert!(!is_lake(root));
        for (kind, tenant, month) in [
            ("alerts", "tenant=b", "month=2026-10"),
            ("alerts", "tenant=a", "month=2026-10"),
            ("alerts", "tenant=a", "month=2026-09"),
            ("incidents", "tenant=a", "month=2026-09"),
        ] {
            let folder = root.join(kind).join(tenant).join(month);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("data_0.parquet"), b"").unwrap();
            std::fs::write(folder.join("notes.txt"), b"").unwrap();
        }
        std::fs::create_dir_all(root.join("alerts/other")).unwrap();
        // Parquet outside the partitions: skipped (and so said), except in `_`/`.` folders.
        std::fs::write(root.join("stray.parquet"), b"").unwrap();
        std::fs::write(root.join("alerts/other/old.parquet"), b"").unwrap();
        let unknown = root.join("findings/tenant=a/month=2026-10");
        std::fs::create_dir_all(&unknown).unwrap();
        std::fs::write(unknown.join("data_0.parquet"), b"").unwrap();
        std::fs::create_dir_all(root.join("alerts/_temporary")).unwrap();
        std::fs::write(root.join("alerts/_temporary/part.parquet"), b"").unwrap();
        assert!(is_lake(root));
        let (found, skipped) = files(root).unwrap();
        assert_eq!(
            skipped.len(),
            7,
            "the notes beside the data and the three stray files: {skipped:?}"
        );
        assert!(skipped.contains(&root.join("stray.parquet")), "{skipped:?}");
        assert!(
            skipped.contains(&root.join("alerts/other/old.parquet")),
            "{skipped:?}"
        );
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "incidents/tenant=a/month=2026-09/data_0.parquet",
                "alerts/tenant=a/month=2026-09/data_0.parquet",
                "alerts/tenant=a/month=2026-10/data_0.parquet",
                "alerts/tenant=b/month=2026-10/data_0.parquet",
            ]
        );
        std::fs::write(root.join(MANIFEST), r#"{"schema_version": 2}"#).unwrap();
        let err = files(root).unwrap_err().to_string();
        assert!(err.contains("layout version 2"), "{err}");
        std::fs::write(root.join(MANIFEST), "garbage").unwrap();
        assert!(files(root).is_err());
        std::fs::write(root.join(MANIFEST), r#"{"schema_version": 1}"#).unwrap();
        assert!(files(root).is_ok());
    }
}
