//! One tenant's partitions of a lake: a run that measures one tenant straight from its inputs
//! (`metrics`, `report` or `assess` with `--tenant` and no `--db`) reads only the lake files of
//! that tenant. Every figure of a tenant is computed from its own rows (links, merges and loads
//! are matched within a tenant), so the other tenants' partitions cannot change one; an MSSP's
//! lake of many clients is then read one client at a time.
//!
//! A partition is left unread only when its folder certainly names another tenant: a plain
//! value (visible ASCII without `%` or `+`, which DuckDB's reader would decode, and not the
//! reader's name for a missing value), which the rows then carry as it is. The rows of the
//! files left unread are still counted (from the Parquet footers), so that the manifest's
//! record of loads is checked against the whole lake, as when every file is read. A lake with
//! no plain partition of the tenant is read whole, so that a tenant it does not hold is refused
//! with the same message as before.

use std::path::{Path, PathBuf};

use crate::db::Db;
use crate::error::Result;
use crate::queries::load as q;

use super::files::InputFile;
use super::reader_path::ReaderPath;
use super::LoadOptions;

/// The rows of one kind in the files of one lake that the run left unread.
pub(super) struct Unread {
    pub lake: PathBuf,
    pub kind: &'static str,
    pub rows: i64,
}

/// The files to read, in their order, and the rows of those left unread, per lake and kind.
pub(super) fn files_to_read(
    db: &Db,
    files: &[InputFile],
    options: &LoadOptions,
) -> Result<(Vec<InputFile>, Vec<Unread>)> {
    let tenant = match options.measured_tenant.as_deref() {
        Some(tenant) if !options.tenant_override => tenant,
        _ => return Ok((files.to_vec(), Vec::new())),
    };
    // The lakes that hold a partition of the tenant: only they can leave files unread.
    let mut lakes_of_tenant: Vec<&Path> = Vec::new();
    for file in files {
        if let Some(lake) = file.lake.as_deref() {
            if partition_tenant(&file.path) == Some(tenant) && !lakes_of_tenant.contains(&lake) {
                lakes_of_tenant.push(lake);
            }
        }
    }
    let mut read = Vec::new();
    let mut unread: Vec<(&Path, &'static str, Vec<&Path>)> = Vec::new();
    for file in files {
        let other = file.lake.as_deref().filter(|lake| {
            lakes_of_tenant.contains(lake)
                && partition_tenant(&file.path).is_some_and(|named| named != tenant)
        });
        match (other, partition_kind(&file.path)) {
            (Some(lake), Some(kind)) => {
                match unread.iter_mut().find(|(l, k, _)| *l == lake && *k == kind) {
                    Some((_, _, paths)) => paths.push(&file.path),
                    None => unread.push((lake, kind, vec![&file.path])),
                }
            }
            _ => read.push(file.clone()),
        }
    }
    let mut counted = Vec::new();
    for (lake, kind, paths) in unread {
        counted.push(Unread {
            lake: lake.to_path_buf(),
            kind,
            rows: rows_in(db, &paths)?,
        });
    }
    Ok((read, counted))
}

/// The rows the Parquet files hold, from their footers (each read by its private link, as the
/// load reads it: no folder value becomes a column, no name a pattern).
fn rows_in(db: &Db, paths: &[&Path]) -> Result<i64> {
    let readers = paths
        .iter()
        .map(|path| ReaderPath::of(path))
        .collect::<Result<Vec<_>>>()?;
    let list = readers
        .iter()
        .map(|reader| format!("'{}'", reader.as_str().replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = q::LAKE_UNREAD_ROWS.fill("/*files*/", &list)?;
    #[derive(serde::Deserialize)]
    struct Rows {
        rows: i64,
    }
    let counted: Vec<Rows> = db.rows_sql(sql.name, &sql.text, &[])?;
    Ok(counted.iter().map(|c| c.rows).sum())
}

/// The tenant a lake file's partition folder names, when the rows certainly carry it as
/// written: a value of visible ASCII characters other than `%` and `+` (which DuckDB's reader
/// decodes), and not a name the reader takes for no value.
fn partition_tenant(path: &Path) -> Option<&str> {
    let value = path
        .parent()?
        .parent()?
        .file_name()?
        .to_str()?
        .strip_prefix("tenant=")?;
    let plain = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'%' && b != b'+')
        && !value.eq_ignore_ascii_case("__HIVE_DEFAULT_PARTITION__")
        && !value.eq_ignore_ascii_case("null");
    plain.then_some(value)
}

/// The kind a lake file holds: the folder above its partitions.
fn partition_kind(path: &Path) -> Option<&'static str> {
    let folder = path.parent()?.parent()?.parent()?.file_name()?.to_str()?;
    super::lake::KINDS.into_iter().find(|kind| *kind == folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_folder_value_names_a_tenant_for_certain() {
        let tenant = |folder: &str| {
            partition_tenant(Path::new(&format!(
                "lake/alerts/{folder}/month=2026-10/data_0.parquet"
            )))
            .map(String::from)
        };
        assert_eq!(tenant("tenant=acme"), Some("acme".into()));
        assert_eq!(tenant("tenant=Acme-EU_2"), Some("Acme-EU_2".into()));
        // Decoded, trimmed or read as no value by the reader: not certain, so read.
        for folder in [
            "tenant=a%2Fb",
            "tenant=a+b",
            "tenant=",
            "tenant= acme",
            "tenant=ac me",
            "tenant=__HIVE_DEFAULT_PARTITION__",
            "tenant=NULL",
            "tenant=café",
            "month=acme",
        ] {
            assert_eq!(tenant(folder), None, "{folder}");
        }
        assert_eq!(
            partition_kind(Path::new(
                "lake/automation/tenant=a/month=2026-10/x.parquet"
            )),
            Some("automation")
        );
        assert_eq!(
            partition_kind(Path::new("lake/findings/tenant=a/month=2026-10/x.parquet")),
            None
        );
    }
}
