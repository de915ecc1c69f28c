//! The months of a lake a run reads: a run that measures a known window of months straight from
//! its inputs (`metrics --month`, `report --month`, `assess --month`, or `--from/--to`, with no
//! `--db`) reads only the partitions its figures can reach. A month's figures read rows of other
//! months in these ways only:
//!
//! - the facts of an incident count the alerts (and automation) of every incident resolved to
//!   it, whenever they were created, and resolve its merge chain; the facts of an alert read the
//!   incident it counts for: the manifest's `month_links` (export/lake_month_links.sql) names,
//!   per tenant and month, the other months of such alerts, automation and incidents, and their
//!   partitions are read;
//! - the backlog, the workload and the service levels count the incidents still open in the
//!   window whenever they were created: of an incident partition not read whole, only the
//!   incidents created before the window's end and not closed before its start are read
//!   (load/parquet_open_rows.sql), the others counted (load/lake_incidents_rest.sql);
//! - the data's span and latest time (a partial period, the report's "data up to") and the
//!   months with data (history_months) read every row's times: those of the rows left unread
//!   come from the Parquet footers, or for incidents from the count above, kept in
//!   `lake_unread_extents` for metrics/data_span.sql, latest_timestamp.sql,
//!   history_months.sql and tenants/summary.sql.
//!
//! Each tenant keeps at least one partition of each kind it has (its latest) read whole, so
//! that it is still a tenant of the data with incidents, alerts or automation (tenants.sql,
//! availability.sql). The figures measured outside the window would be wrong, so a database read
//! this way refuses them (`Db::check_measured`): the window is the run's own reach
//! (metrics/reach.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::Deserialize;

use crate::error::Result;

/// What a run measures: alerts created, automation started and incidents created in
/// `[from, to)`, the incidents open in it, and the durations of the incidents created from
/// `incidents_from` (≤ `from`: the MTTR trend's earlier periods) on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasuredWindow {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub incidents_from: DateTime<Utc>,
}

/// One entry of the manifest's `month_links` (see cmd/export.rs); `incidents` is missing from
/// a lake of an earlier socgauge.
#[derive(Debug, Deserialize)]
struct MonthLink {
    tenant: String,
    month: String,
    alerts: Vec<String>,
    automation: Vec<String>,
    #[serde(default)]
    incidents: Vec<String>,
}

/// The partitions a window needs whole, per kind and tenant, from a lake's manifest; `None`
/// for a lake without `month_links` (an earlier socgauge's, another writer's), which is read
/// whole.
pub(super) struct NeededMonths {
    /// The window itself.
    measured: MeasuredWindow,
    /// The UTC months the window overlaps (the partitions' months).
    window: BTreeSet<String>,
    /// (kind, tenant) → the other months its rows in the window need rows of.
    linked: BTreeMap<(String, String), BTreeSet<String>>,
    /// Whether the links name the incidents' months (`month_links_kinds`): a lake of an earlier
    /// socgauge names alerts and automation only, and its incidents are read whole.
    incidents_linked: bool,
}

impl NeededMonths {
    pub(super) fn of(lake: &Path, window: MeasuredWindow) -> Option<NeededMonths> {
        let text = std::fs::read_to_string(lake.join(super::lake::MANIFEST)).ok()?;
        let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
        let links: Vec<MonthLink> =
            serde_json::from_value(manifest.get("month_links")?.clone()).ok()?;
        let incidents_linked = manifest
            .get("month_links_kinds")
            .and_then(serde_json::Value::as_array)
            .is_some_and(|kinds| kinds.iter().any(|k| k.as_str() == Some("incidents")));
        let window_months = utc_months(window)?;
        let mut linked: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for link in links
            .into_iter()
            .filter(|l| window_months.contains(&l.month))
        {
            for (kind, months) in [
                ("alerts", link.alerts),
                ("automation", link.automation),
                ("incidents", link.incidents),
            ] {
                linked
                    .entry((kind.to_string(), link.tenant.clone()))
                    .or_default()
                    .extend(months);
            }
        }
        Some(NeededMonths {
            measured: window,
            window: window_months,
            linked,
            incidents_linked,
        })
    }

    /// The window measured.
    pub(super) fn window(&self) -> MeasuredWindow {
        self.measured
    }

    /// Whether the partition of `kind`, `tenant` and `month` (a folder value) is read whole:
    /// it is one of the window's months or one its rows link. A month folder that is not a
    /// plain `YYYY-MM` (whose rows' months are unknown), and the incidents of a lake whose links
    /// do not name incidents, are always read whole. (Of an incident partition not read whole,
    /// the incidents open in the window are still read.)
    pub(super) fn needs(&self, kind: &str, tenant: &str, month: &str) -> bool {
        let linked_kind = match kind {
            "alerts" | "automation" => true,
            "incidents" => self.incidents_linked,
            _ => false,
        };
        if !linked_kind || !is_month(month) {
            return true;
        }
        self.window.contains(month)
            || self
                .linked
                .get(&(kind.to_string(), tenant.to_string()))
                .is_some_and(|months| months.contains(month))
    }
}

/// The UTC months (`YYYY-MM`) that `[from, to)` overlaps; `None` for an empty window.
fn utc_months(window: MeasuredWindow) -> Option<BTreeSet<String>> {
    if window.to <= window.from {
        return None;
    }
    let mut month = NaiveDate::from_ymd_opt(window.from.year(), window.from.month(), 1)?;
    let last = window.to - chrono::Duration::microseconds(1);
    let last = NaiveDate::from_ymd_opt(last.year(), last.month(), 1)?;
    let mut out = BTreeSet::new();
    while month <= last {
        out.insert(month.format("%Y-%m").to_string());
        month = month.checked_add_months(Months::new(1))?;
    }
    Some(out)
}

/// A partition folder's month as export writes it: four digits, `-`, two digits.
fn is_month(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
        && matches!(value[5..].parse::<u32>(), Ok(1..=12))
}

/// The month folder value of a lake file's partition (`…/month=2026-10/file.parquet`).
pub(super) fn partition_month(path: &Path) -> Option<&str> {
    path.parent()?.file_name()?.to_str()?.strip_prefix("month=")
}

/// The times and the number of the rows of one kind, tenant and month left unread, from their
/// footers.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct Extent {
    pub kind: &'static str,
    pub tenant: String,
    pub first_us: i64,
    pub last_us: i64,
    pub latest_us: i64,
    pub rows: i64,
}

/// The times of the rows of `kind` in `paths` (lake files), one extent per tenant and month
/// partition: a month's own, so that history_months.sql finds the months with data as it
/// does from the rows (the first and the last time of a partition fall in the first and the
/// last local month it holds rows of, and a UTC month overlaps at most two). `None` when a
/// footer cannot be read, or the files are not what a lake written by socgauge holds (see
/// load/lake_unread_times.sql: reading them could reject a row or warn): the lake is then read
/// whole.
pub(super) fn extents_of(
    db: &crate::db::Db,
    kind: &'static str,
    paths: &[&Path],
) -> Option<Vec<Extent>> {
    let (created, closed) = match kind {
        "incidents" | "alerts" => ("created_at", "closed_at"),
        "automation" => ("started_at", "finished_at"),
        _ => return None,
    };
    // The links live until the query has read them.
    let (readers, list) = super::lake_scope::reader_list(paths)?;
    let partitions = partitions_json(&readers, paths)?;
    let sql = crate::queries::load::LAKE_UNREAD_TIMES
        .fill("/*files*/", &list)
        .ok()?;
    #[derive(Deserialize)]
    struct Times {
        tenant: String,
        trusted: bool,
        first_us: Option<i64>,
        last_us: Option<i64>,
        latest_us: Option<i64>,
        rows: Option<i64>,
    }
    let times: Vec<Times> = db
        .rows_sql(
            sql.name,
            &sql.text,
            &[&created, &closed, &partitions, &kind],
        )
        .ok()?;
    times
        .into_iter()
        .map(|t| match t {
            Times {
                tenant,
                trusted: true,
                first_us: Some(first_us),
                last_us: Some(last_us),
                latest_us: Some(latest_us),
                rows: Some(rows),
            } => Some(Extent {
                kind,
                tenant,
                first_us,
                last_us,
                latest_us,
                rows,
            }),
            _ => None,
        })
        .collect()
}

/// Each file's private link with the tenant and month of its partition, as the JSON list
/// load/lake_unread_times.sql and lake_incidents_rest.sql read (`[{file, tenant, month}]`).
fn partitions_json(readers: &[super::reader_path::ReaderPath], paths: &[&Path]) -> Option<String> {
    let partitions: Vec<serde_json::Value> = readers
        .iter()
        .zip(paths)
        .map(|(reader, path)| {
            Some(serde_json::json!({
                "file": reader.as_str(),
                "tenant": super::lake_scope::partition_tenant(path)?,
                "month": partition_month(path)?,
            }))
        })
        .collect::<Option<_>>()?;
    Some(serde_json::Value::Array(partitions).to_string())
}

/// What a run measuring `window` reads of incident partitions it does not need whole: per file,
/// whether it holds incidents open in the window (read for those only) and the number of the
/// others, left unread; and their times.
pub(super) struct IncidentsRest<'a> {
    pub files: Vec<RestFile<'a>>,
    pub extents: Vec<Extent>,
}

/// One file of [`IncidentsRest`].
pub(super) struct RestFile<'a> {
    pub path: &'a Path,
    pub open: bool,
    pub rows_left: i64,
}

/// Counts the incidents of `paths` (lake files of incidents) open in `window` and the rest
/// (load/lake_incidents_rest.sql). `None` when the files are not what a lake written by
/// socgauge holds (their footers, as [`extents_of`] checks them), or a row of the rest would
/// not load as it is: the lake is then read whole.
pub(super) fn incidents_rest<'a>(
    db: &crate::db::Db,
    paths: &[&'a Path],
    window: MeasuredWindow,
) -> Option<IncidentsRest<'a>> {
    extents_of(db, "incidents", paths)?;
    // The links live until the query has read them.
    let (readers, list) = super::lake_scope::reader_list(paths)?;
    let partitions = partitions_json(&readers, paths)?;
    let sql = crate::queries::load::LAKE_INCIDENTS_REST
        .fill("/*files*/", &list)
        .ok()?;
    #[derive(Deserialize)]
    struct Rest {
        file: String,
        tenant: String,
        open_rows: i64,
        clean: bool,
        rest_rows: i64,
        rest_merged_rows: i64,
        first_us: Option<i64>,
        last_us: Option<i64>,
        latest_us: Option<i64>,
        merged_first_us: Option<i64>,
        merged_last_us: Option<i64>,
        merged_latest_us: Option<i64>,
    }
    let instant = crate::metrics::scope::rfc3339_micros;
    let counted: Vec<Rest> = db
        .rows_sql(
            sql.name,
            &sql.text,
            &[
                &partitions,
                &instant(window.from),
                &instant(window.to),
                &instant(window.incidents_from),
            ],
        )
        .ok()?;
    let mut out = IncidentsRest {
        files: Vec::new(),
        extents: Vec::new(),
    };
    for rest in counted {
        if !rest.clean {
            return None;
        }
        let index = readers.iter().position(|r| r.as_str() == rest.file)?;
        let path = *paths.get(index)?;
        out.files.push(RestFile {
            path,
            open: rest.open_rows > 0,
            rows_left: rest.rest_rows + rest.rest_merged_rows,
        });
        for (kind, rows, first, last, latest) in [
            (
                "incidents",
                rest.rest_rows,
                rest.first_us,
                rest.last_us,
                rest.latest_us,
            ),
            (
                "incidents_merged",
                rest.rest_merged_rows,
                rest.merged_first_us,
                rest.merged_last_us,
                rest.merged_latest_us,
            ),
        ] {
            if rows == 0 {
                continue;
            }
            out.extents.push(Extent {
                kind,
                tenant: rest.tenant.clone(),
                first_us: first?,
                last_us: last?,
                latest_us: latest?,
                rows,
            });
        }
    }
    Some(out)
}

/// Keeps the extents of the unread rows for the queries that read every row's times.
pub(super) fn keep_extents(db: &crate::db::Db, extents: &[Extent]) -> Result<()> {
    if extents.is_empty() {
        return Ok(());
    }
    let json =
        serde_json::to_string(extents).map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    db.execute(&crate::queries::load::LAKE_UNREAD_EXTENTS, &[&json])
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_window_overlaps_the_utc_months_of_its_instants() {
        let months = |from: &str, to: &str| {
            utc_months(MeasuredWindow {
                from: at(from),
                to: at(to),
                incidents_from: at(from),
            })
            .map(|m| m.into_iter().collect::<Vec<_>>())
        };
        // October in UTC+2 starts on 30 September, 22:00 UTC: September's partition holds it.
        assert_eq!(
            months("2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z").unwrap(),
            ["2026-09", "2026-10"]
        );
        // An end on a month's first instant does not reach into that month.
        assert_eq!(
            months("2026-09-01T00:00:00Z", "2026-11-01T00:00:00Z").unwrap(),
            ["2026-09", "2026-10"]
        );
        assert_eq!(
            months("2026-12-15T00:00:00Z", "2027-01-01T00:00:00.000001Z").unwrap(),
            ["2026-12", "2027-01"]
        );
        assert_eq!(months("2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z"), None);
    }

    #[test]
    fn only_a_plain_month_folder_is_a_month() {
        for good in ["2026-10", "1999-01", "2100-12"] {
            assert!(is_month(good), "{good}");
        }
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "2026_10",
            "2026-10-01",
            "__HIVE_DEFAULT_PARTITION__",
            "",
            "２026-10",
        ] {
            assert!(!is_month(bad), "{bad}");
        }
    }

    #[test]
    fn a_window_needs_its_months_and_the_months_its_incidents_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(super::super::lake::MANIFEST),
            r#"{"schema_version": 1, "month_links": [
                {"tenant": "acme", "month": "2026-10", "alerts": ["2026-08"], "automation": ["2026-12"]},
                {"tenant": "acme", "month": "2026-06", "alerts": ["2026-05"], "automation": []},
                {"tenant": "beta", "month": "2026-10", "alerts": ["2026-07"], "automation": []}
            ]}"#,
        )
        .unwrap();
        let needed = NeededMonths::of(
            dir.path(),
            MeasuredWindow {
                from: at("2026-10-01T00:00:00Z"),
                to: at("2026-11-01T00:00:00Z"),
                incidents_from: at("2026-10-01T00:00:00Z"),
            },
        )
        .unwrap();
        assert!(needed.needs("alerts", "acme", "2026-10"));
        assert!(needed.needs("alerts", "acme", "2026-08"));
        assert!(!needed.needs("alerts", "acme", "2026-07"));
        assert!(needed.needs("alerts", "beta", "2026-07"));
        assert!(!needed.needs("alerts", "acme", "2026-05"));
        assert!(needed.needs("automation", "acme", "2026-12"));
        assert!(!needed.needs("automation", "acme", "2026-08"));
        assert!(!needed.needs("automation", "beta", "2026-11"));
        // Incidents of a lake whose links do not name them (an earlier socgauge's), and rows
        // of an unknown month, are always read whole.
        assert!(needed.needs("incidents", "acme", "2020-01"));
        assert!(needed.needs("alerts", "acme", "__HIVE_DEFAULT_PARTITION__"));
        // Links that name incidents: the window's months and those linked, per tenant.
        std::fs::write(
            dir.path().join(super::super::lake::MANIFEST),
            r#"{"schema_version": 1, "month_links_kinds": ["incidents", "alerts", "automation"],
                "month_links": [
                {"tenant": "acme", "month": "2026-10", "alerts": [], "automation": [], "incidents": ["2026-07"]},
                {"tenant": "acme", "month": "2026-06", "alerts": [], "automation": [], "incidents": ["2026-05"]}
            ]}"#,
        )
        .unwrap();
        let needed = NeededMonths::of(
            dir.path(),
            MeasuredWindow {
                from: at("2026-10-01T00:00:00Z"),
                to: at("2026-11-01T00:00:00Z"),
                incidents_from: at("2026-06-01T00:00:00Z"),
            },
        )
        .unwrap();
        assert!(needed.needs("incidents", "acme", "2026-10"));
        assert!(needed.needs("incidents", "acme", "2026-07"));
        assert!(!needed.needs("incidents", "acme", "2026-05"));
        assert!(!needed.needs("incidents", "acme", "2026-09"));
        assert!(!needed.needs("incidents", "beta", "2026-07"));
        assert!(needed.needs("incidents", "beta", "2026-10"));
        assert!(needed.needs("incidents", "acme", "2026-1"));
        // A manifest without the links (an earlier socgauge's): no pruning.
        std::fs::write(
            dir.path().join(super::super::lake::MANIFEST),
            r#"{"schema_version": 1}"#,
        )
        .unwrap();
        assert!(NeededMonths::of(
            dir.path(),
            MeasuredWindow {
                from: at("2026-10-01T00:00:00Z"),
                to: at("2026-11-01T00:00:00Z"),
                incidents_from: at("2026-10-01T00:00:00Z"),
            }
        )
        .is_none());
    }
}
