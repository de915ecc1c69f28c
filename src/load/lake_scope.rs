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
//!
//! A run that measures a window of months known before the load leaves, the same way, the
//! partitions of the months its figures cannot reach (load/lake_months.rs decides which), and
//! keeps their times; of the incidents of those months it reads the ones still open in the
//! window.

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

/// What a load reads of its files: the files in their order (a lake's incidents of months not
/// needed whole marked to be read for those open in the window), the rows of those left unread
/// (per lake, kind and tenant), and the times of the rows left unread because of their months
/// (load/lake_months.rs).
#[derive(Default)]
pub(super) struct Scoped {
    pub read: Vec<InputFile>,
    pub unread: Vec<Unread>,
    pub extents: Vec<super::lake_months::Extent>,
    /// Whether partitions were left unread (or read for their open incidents) for their
    /// months.
    for_month: bool,
}

impl Scoped {
    /// Whether partitions were left unread for their months: the run may then measure only
    /// its window.
    pub fn by_month(&self) -> bool {
        self.for_month
    }
}

/// The files to read. Every file is read unless `partitions_only` holds and the run measures
/// from canonical files (a mapping or a vendor source could read a lake's file with tenants of
/// its own) one tenant (other tenants' partitions are left) or a known window of months (the
/// partitions it cannot reach are left, of incidents all but those open in the window:
/// load/lake_months.rs), from a
/// lake with a record of loads to carry (a lake without one, another writer's, is read whole;
/// see load/mod.rs).
pub(super) fn files_to_read(
    db: &Db,
    files: &[InputFile],
    options: &LoadOptions,
    partitions_only: bool,
) -> Result<Scoped> {
    let canonical = options.mapping.is_none()
        && matches!(options.source, SourceChoice::Auto | SourceChoice::Canonical);
    let tenant = options
        .measured_tenant
        .as_deref()
        .filter(|_| !options.tenant_override);
    let whole = Scoped {
        read: files.to_vec(),
        ..Scoped::default()
    };
    if !partitions_only || !canonical || (tenant.is_none() && options.measured_window.is_none()) {
        return Ok(whole);
    }
    let mut lakes: Vec<&Path> = Vec::new();
    for file in files {
        if let Some(lake) = file.lake.as_deref() {
            if !lakes.contains(&lake) {
                lakes.push(lake);
            }
        }
    }
    lakes.retain(|lake| super::lake::has_loads_record(lake));
    // A lake's links between months are those of its own rows: with other inputs beside it (a
    // file, another lake) an incident of one could count alerts of the other, so every month
    // is read.
    let one_lake = files
        .first()
        .and_then(|f| f.lake.as_deref())
        .is_some_and(|lake| files.iter().all(|f| f.lake.as_deref() == Some(lake)));
    // (`--tenant-override` renames the tenants the links and the record name.)
    let window = options
        .measured_window
        .filter(|_| one_lake && !options.tenant_override);
    let mut unread_files: HashSet<&Path> = HashSet::new();
    let mut open_files: HashSet<&Path> = HashSet::new();
    let mut unread = Vec::new();
    let mut extents = Vec::new();
    let mut for_month = false;
    for lake in lakes {
        let in_lake: Vec<&InputFile> = files
            .iter()
            .filter(|f| f.lake.as_deref() == Some(lake))
            .collect();
        // Only a lake with a plain partition of the tenant leaves the others' (a lake without
        // the tenant is read whole, so that the tenant is refused as before).
        let other_tenants = tenant.filter(|t| {
            in_lake
                .iter()
                .any(|f| partition_tenant(&f.path) == Some(*t))
        });
        let months = window.and_then(|window| super::lake_months::NeededMonths::of(lake, window));
        let Some(left) = left_unread(&in_lake, other_tenants, months.as_ref()) else {
            continue;
        };
        // A lake whose footers cannot all be read, or whose times are not instants, is read
        // whole: the load then names the file at fault as it always does.
        let Some((outcomes, lake_extents)) = leave(db, &left, months.as_ref()) else {
            continue;
        };
        extents.extend(lake_extents);
        for (group, outcome) in left.into_iter().zip(outcomes) {
            for_month |= group.for_month;
            unread_files.extend(outcome.unread);
            open_files.extend(outcome.open);
            unread.push(Unread {
                lake: lake.to_path_buf(),
                kind: group.kind,
                tenant: group.tenant,
                rows: outcome.rows,
            });
        }
    }
    let open_in = window.filter(|_| !open_files.is_empty());
    let read = files
        .iter()
        .filter(|f| !unread_files.contains(&f.path.as_path()))
        .map(|f| InputFile {
            open_in: open_in.filter(|_| open_files.contains(&f.path.as_path())),
            ..f.clone()
        })
        .collect();
    Ok(Scoped {
        read,
        unread,
        extents,
        for_month,
    })
}

/// What a group of partitions leaves: the files left unread, those read for their open
/// incidents only, and the rows left unread.
struct Left<'a> {
    unread: Vec<&'a Path>,
    open: Vec<&'a Path>,
    rows: i64,
}

/// What each of `groups` (one lake's) leaves, in their order, and the times of the rows left
/// (per tenant and month): another tenant's partitions and alerts or automation of months not
/// needed are left whole (their rows and times from the footers); incidents of months not
/// needed are read for those open in the window (load/lake_months.rs). One query per kind for
/// every group, not one per group: an MSSP's lake has a group per client. `None` when a footer
/// cannot be read or the files are not what a lake written by socgauge holds.
fn leave<'a>(
    db: &Db,
    groups: &[Group<'a>],
    months: Option<&super::lake_months::NeededMonths>,
) -> Option<(Vec<Left<'a>>, Vec<super::lake_months::Extent>)> {
    let month_of_incidents = |g: &Group| g.for_month && g.kind == "incidents";
    let mut group_of: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for (i, group) in groups.iter().enumerate() {
        group_of.extend(group.paths.iter().map(|path| (*path, i)));
    }
    let mut left: Vec<Left<'a>> = groups
        .iter()
        .map(|g| Left {
            unread: if month_of_incidents(g) {
                Vec::new()
            } else {
                g.paths.clone()
            },
            open: Vec::new(),
            rows: 0,
        })
        .collect();
    // The files of the groups `which` picks, for one query over all of them.
    let paths_of = |which: &dyn Fn(&Group) -> bool| -> Vec<&'a Path> {
        groups
            .iter()
            .filter(|g| which(g))
            .flat_map(|g| g.paths.iter().copied())
            .collect()
    };
    for (path, rows) in rows_per_file(db, &paths_of(&|g| !month_of_incidents(g)))? {
        left.get_mut(*group_of.get(path)?)?.rows += rows;
    }
    let mut extents = Vec::new();
    for kind in ["alerts", "automation"] {
        let paths = paths_of(&|g| g.for_month && g.kind == kind);
        if !paths.is_empty() {
            extents.extend(super::lake_months::extents_of(db, kind, &paths)?);
        }
    }
    let incidents = paths_of(&month_of_incidents);
    if !incidents.is_empty() {
        let rest = super::lake_months::incidents_rest(db, &incidents, months?.window())?;
        for file in rest.files {
            let group = left.get_mut(*group_of.get(file.path)?)?;
            if file.open {
                group.open.push(file.path);
            } else {
                group.unread.push(file.path);
            }
            group.rows += file.rows_left;
        }
        extents.extend(rest.extents);
    }
    Some((left, extents))
}

/// The files of one kind and tenant of a lake left unread, and whether for their months (the
/// tenant is measured) rather than their tenant (it is not).
struct Group<'a> {
    kind: &'static str,
    tenant: String,
    paths: Vec<&'a Path>,
    for_month: bool,
}

/// The partitions of a lake's files left unread: every partition of a tenant other than
/// `other_tenants_of` (when set), and the partitions of the measured tenants that `months` does
/// not need whole, each tenant keeping its latest partition of a kind it has (so it stays a
/// tenant with incidents, alerts or automation). `None` when nothing is left.
fn left_unread<'a>(
    in_lake: &[&'a InputFile],
    other_tenants_of: Option<&str>,
    months: Option<&super::lake_months::NeededMonths>,
) -> Option<Vec<Group<'a>>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    // (kind, tenant) → its latest month folder and whether any of its partitions is read.
    let mut kept: std::collections::BTreeMap<(&'static str, &str), (&str, bool)> =
        std::collections::BTreeMap::new();
    let mut month_left: Vec<(&'static str, &str, &str, &'a Path)> = Vec::new();
    for file in in_lake {
        let (Some(named), Some(kind)) = (partition_tenant(&file.path), partition_kind(&file.path))
        else {
            continue;
        };
        if other_tenants_of.is_some_and(|t| t != named) {
            push(&mut groups, kind, named, &file.path, false);
            continue;
        }
        let Some(months) = months else { continue };
        let Some(month) = super::lake_months::partition_month(&file.path) else {
            continue;
        };
        let needed = months.needs(kind, named, month);
        let entry = kept.entry((kind, named)).or_insert((month, false));
        entry.0 = entry.0.max(month);
        entry.1 |= needed;
        if !needed {
            month_left.push((kind, named, month, &file.path));
        }
    }
    for (kind, named, month, path) in month_left {
        // A tenant none of whose partitions of a kind is needed keeps its latest one.
        let keep = kept
            .get(&(kind, named))
            .is_some_and(|(latest, any_read)| !any_read && *latest == month);
        if !keep {
            push(&mut groups, kind, named, path, true);
        }
    }
    (!groups.is_empty()).then_some(groups)
}

fn push<'a>(
    groups: &mut Vec<Group<'a>>,
    kind: &'static str,
    tenant: &str,
    path: &'a Path,
    for_month: bool,
) {
    match groups
        .iter_mut()
        .find(|g| g.kind == kind && g.tenant == tenant && g.for_month == for_month)
    {
        Some(group) => group.paths.push(path),
        None => groups.push(Group {
            kind,
            tenant: tenant.to_string(),
            paths: vec![path],
            for_month,
        }),
    }
}

/// The rows each Parquet file holds, from the footers (each read by its private link, as the
/// load reads it: no folder value becomes a column, no name a pattern); `None` when a footer
/// cannot be read.
fn rows_per_file<'a>(db: &Db, paths: &[&'a Path]) -> Option<Vec<(&'a Path, i64)>> {
    if paths.is_empty() {
        return Some(Vec::new());
    }
    // The links live until the query has read them.
    let (readers, list) = reader_list(paths)?;
    let sql = q::LAKE_UNREAD_ROWS.fill("/*files*/", &list).ok()?;
    #[derive(serde::Deserialize)]
    struct Rows {
        file: String,
        rows: i64,
    }
    let counted: Vec<Rows> = db.rows_sql(sql.name, &sql.text, &[]).ok()?;
    counted
        .into_iter()
        .map(|c| {
            let index = readers.iter().position(|r| r.as_str() == c.file)?;
            Some((*paths.get(index)?, c.rows))
        })
        .collect()
}

/// The files' private links (as the load reads them), and the list of them as quoted SQL
/// text: the links are removed when the first is dropped, so it must outlive the query.
pub(super) fn reader_list(paths: &[&Path]) -> Option<(Vec<ReaderPath>, String)> {
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
    Some((readers, list))
}

/// The tenant a lake file's partition folder names, when the rows certainly carry it as
/// written: letters, digits, `-`, `_`, `.` and `@` only (DuckDB's reader decodes `%` and `+`,
/// splits paths at `\` and takes no value from a folder with a second `=`), and not a name
/// the reader takes for no value.
pub(super) fn partition_tenant(path: &Path) -> Option<&str> {
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
