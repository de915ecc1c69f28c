//! One tenant's partitions of a lake: a run that measures one tenant straight from its inputs
//! (`metrics`, `report` or `assess` with `--tenant` and no `--db`) reads only the lake files of
//! that tenant. Every figure of a tenant is computed from its own rows (links, merges and loads
//! are matched within a tenant), so the other tenants' partitions cannot change one; an MSSP's
//! lake of many clients is then read one client at a time.
//!
//! A partition is left unread only when its folder certainly names another tenant (see
//! [`partition_tenant`]). The rows of the files left unread are still counted (from the Parquet
//! footers) and their kinds and tenants taken as held, so that the manifest's record of loads is
//! checked against the whole lake. The figures of loads (rejected rows, what the automation
//! exports speak for) come from that record; a lake whose record is not carried would measure
//! its own files' loads, the unread ones among them, so the load is then done again reading
//! every file (load/mod.rs); one without a record is read whole from the start. A lake with no
//! such partition of the tenant is read whole, so that a tenant it does not hold is refused
//! with the same message as before.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::db::Db;
use crate::error::Result;
use crate::queries::load as q;
use crate::sources::SourceChoice;

use super::files::InputFile;
use super::reader_path::ReaderPath;
use super::LoadOptions;

/// The rows of one kind and tenant in the files of one lake that the run left unread.
#[derive(serde::Serialize)]
pub(super) struct Unread {
    #[serde(skip)]
    pub lake: PathBuf,
    pub kind: &'static str,
    pub tenant: String,
    pub rows: i64,
}

/// The files to read, in their order, and the rows of those left unread, per lake, kind and
/// tenant. Every file is read unless `tenant_partitions_only` holds and the run measures one
/// tenant from canonical files (a mapping or a vendor source could read a lake's file with
/// tenants of its own).
pub(super) fn files_to_read(
    db: &Db,
    files: &[InputFile],
    options: &LoadOptions,
    tenant_partitions_only: bool,
) -> Result<(Vec<InputFile>, Vec<Unread>)> {
    let canonical = options.mapping.is_none()
        && matches!(options.source, SourceChoice::Auto | SourceChoice::Canonical);
    let tenant = match options.measured_tenant.as_deref() {
        Some(tenant) if tenant_partitions_only && canonical && !options.tenant_override => tenant,
        _ => return Ok((files.to_vec(), Vec::new())),
    };
    // The lakes that hold a partition of the tenant and a record of loads to carry: only they
    // can leave files unread (a lake without a record, another writer's, would be read again
    // whole; see load/mod.rs).
    let mut lakes: Vec<&Path> = Vec::new();
    for file in files {
        if let Some(lake) = file.lake.as_deref() {
            if partition_tenant(&file.path) == Some(tenant) && !lakes.contains(&lake) {
                lakes.push(lake);
            }
        }
    }
    lakes.retain(|lake| super::lake::has_loads_record(lake));
    let mut unread_files: HashSet<&Path> = HashSet::new();
    let mut unread = Vec::new();
    for lake in lakes {
        // Each kind and tenant of the lake's other partitions, with its files.
        let mut groups: Vec<(&'static str, &str, Vec<&Path>)> = Vec::new();
        for file in files.iter().filter(|f| f.lake.as_deref() == Some(lake)) {
            let (Some(named), Some(kind)) =
                (partition_tenant(&file.path), partition_kind(&file.path))
            else {
                continue;
            };
            if named == tenant {
                continue;
            }
            match groups
                .iter_mut()
                .find(|(k, t, _)| *k == kind && *t == named)
            {
                Some((_, _, paths)) => paths.push(&file.path),
                None => groups.push((kind, named, vec![&file.path])),
            }
        }
        // A lake whose footers cannot all be read is read whole: the load then names the file
        // at fault as it always does.
        let counted: Option<Vec<i64>> = groups
            .iter()
            .map(|(_, _, paths)| rows_in(db, paths))
            .collect();
        let Some(counted) = counted else { continue };
        for ((kind, named, paths), rows) in groups.into_iter().zip(counted) {
            unread_files.extend(paths);
            unread.push(Unread {
                lake: lake.to_path_buf(),
                kind,
                tenant: named.to_string(),
                rows,
            });
        }
    }
    let read = files
        .iter()
        .filter(|f| !unread_files.contains(&f.path.as_path()))
        .cloned()
        .collect();
    Ok((read, unread))
}

/// The rows the Parquet files hold, from their footers (each read by its private link, as the
/// load reads it: no folder value becomes a column, no name a pattern); `None` when a footer
/// cannot be read.
fn rows_in(db: &Db, paths: &[&Path]) -> Option<i64> {
    let readers = paths
        .iter()
        .map(|path| ReaderPath::of(path))
        .collect::<Result<Vec<_>>>()
        .ok()?;
    let list = readers
        .iter()
        .map(|reader| crate::queries::text_literal(reader.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = q::LAKE_UNREAD_ROWS.fill("/*files*/", &list).ok()?;
    #[derive(serde::Deserialize)]
    struct Rows {
        rows: i64,
    }
    let counted: Vec<Rows> = db.rows_sql(sql.name, &sql.text, &[]).ok()?;
    Some(counted.iter().map(|c| c.rows).sum())
}

/// The tenant a lake file's partition folder names, when the rows certainly carry it as
/// written: letters, digits, `-`, `_`, `.` and `@` only (DuckDB's reader decodes `%` and `+`,
/// splits paths at `\` and takes no value from a folder with a second `=`), and not a name
/// the reader takes for no value.
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
            .all(|b| b.is_ascii_alphanumeric() || b"-_.@".contains(&b))
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
            "tenant=acme\\eu",
            "tenant=acme=eu",
            "tenant=a?b",
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
