//! Reading a lake written by `export --parquet` (or by anything that writes the same layout):
//! a folder with `incidents/`, `alerts/` or `automation/` inside, each holding
//! `tenant=<name>/month=<YYYY-MM>/*.parquet`. Each Parquet file loads like a canonical Parquet
//! export; DuckDB reads the tenant (and the month) from the folder names of its path.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The kinds of the canonical model, as the lake names its folders.
pub const KINDS: [&str; 3] = ["incidents", "alerts", "automation"];

/// The partition column that is not part of the canonical model: read from the folder name,
/// then dropped without a warning.
pub const PARTITION_ONLY: &str = "month";

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
/// then by tenant and month folder name.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for kind in KINDS {
        let mut found = Vec::new();
        for tenant in partitions(&dir.join(kind), "tenant=")? {
            for month in partitions(&tenant, "month=")? {
                for file in entries(&month)? {
                    let is_parquet = file
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
                    if is_parquet && std::fs::metadata(&file).is_ok_and(|m| m.is_file()) {
                        found.push(file);
                    }
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
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
        assert!(is_lake(root));
        let names: Vec<String> = files(root)
            .unwrap()
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
    }
}
