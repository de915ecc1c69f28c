//! Workload and backlog ageing: who handles the incidents (per owner, with automation and AI as
//! their own rows) and how old the open queue is at the period's end. The numbers come from
//! `queries/metrics/workload.sql` and `backlog.sql`; this module maps their rows into the contract
//! shapes, and replaces owner names by stable pseudonyms for reports that leave the SOC.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::scope::Scope;
use super::{Metrics, MetricsReport};
use crate::db::Db;
use crate::error::Result;
use crate::queries::metrics as q;

/// What a workload row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerKind {
    // In name order, as workload.sql orders the kinds.
    /// Incidents AI closed.
    Ai,
    /// Incidents automation closed.
    Automation,
    /// An analyst or a queue, as the export names the incident's owner.
    Owner,
    /// Incidents without an owner.
    Unassigned,
}

/// One row of the workload: an owner, automation, AI or the unassigned incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerLoad {
    /// The owner's name (a pseudonym with --pseudonymise-owners); `automation`, `ai` or
    /// `unassigned` for the rows of those kinds.
    pub owner: String,
    pub kind: OwnerKind,
    /// In-scope incidents counting for the row.
    pub assigned: i64,
    /// Incidents counting for the row closed in the period (any creation date).
    pub closed: i64,
    pub mtta_n: i64,
    pub mtta_median_minutes: Option<f64>,
    pub mttr_n: i64,
    pub mttr_median_minutes: Option<f64>,
    /// Incidents counting for the row open at the period's end.
    pub open_at_end: i64,
}

/// The `workload` metric: `{"rows": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Workload {
    pub rows: Vec<OwnerLoad>,
    /// Set when the loaded exports cannot give this metric at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// One age bucket of the backlog at the period's end: `[lower_days, upper_days)` days of 24 h.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeBucket {
    pub label: String,
    pub lower_days: i64,
    /// `null` for the last, open-ended bucket.
    pub upper_days: Option<i64>,
    pub incidents: i64,
}

/// The `backlog_ageing` metric: `{"rows": [...]}`, the five buckets in age order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogAgeing {
    pub rows: Vec<AgeBucket>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// The bucket edges in days: (label, lower, upper).
const AGE_BUCKETS: [(&str, i64, Option<i64>); 5] = [
    ("< 1 d", 0, Some(1)),
    ("1–3 d", 1, Some(3)),
    ("3–7 d", 3, Some(7)),
    ("7–30 d", 7, Some(30)),
    ("≥ 30 d", 30, None),
];

impl BacklogAgeing {
    /// The five buckets with these counts (in bucket order).
    pub fn new(counts: [i64; 5]) -> BacklogAgeing {
        BacklogAgeing {
            rows: AGE_BUCKETS
                .iter()
                .zip(counts)
                .map(|((label, lower, upper), incidents)| AgeBucket {
                    label: (*label).to_string(),
                    lower_days: *lower,
                    upper_days: *upper,
                    incidents,
                })
                .collect(),
            unavailable: None,
        }
    }
}

impl Default for BacklogAgeing {
    fn default() -> Self {
        BacklogAgeing::new([0; 5])
    }
}

/// The backlog and its age buckets of one scope key (queries/metrics/backlog.sql).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BacklogRow {
    pub scope_key: String,
    pub backlog: i64,
    pub age_1d: i64,
    pub age_3d: i64,
    pub age_7d: i64,
    pub age_30d: i64,
    pub age_over_30d: i64,
}

impl BacklogRow {
    pub fn ageing(&self) -> BacklogAgeing {
        BacklogAgeing::new([
            self.age_1d,
            self.age_3d,
            self.age_7d,
            self.age_30d,
            self.age_over_30d,
        ])
    }
}

/// The workload rows of every scope key of the scope in place.
pub fn workload_by_key(scope: &Scope) -> Result<BTreeMap<String, Workload>> {
    #[derive(Deserialize)]
    struct Row {
        scope_key: String,
        #[serde(flatten)]
        load: OwnerLoad,
    }
    let mut out: BTreeMap<String, Workload> = BTreeMap::new();
    for r in scope.rows::<Row>(&q::WORKLOAD)? {
        out.entry(r.scope_key).or_default().rows.push(r.load);
    }
    Ok(out)
}

/// How owner names are shown: as they are, or as pseudonyms under a key (`--pseudonymise-owners`,
/// `--pseudonym-key-file`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OwnerNames {
    #[default]
    Real,
    Pseudonyms {
        key: String,
    },
}

impl OwnerNames {
    /// Checks the flags before any work: a key file must be readable and hold a key.
    pub fn from_args(args: &crate::cli::OwnerArgs) -> Result<OwnerNames> {
        if !args.pseudonymise_owners {
            return Ok(OwnerNames::Real);
        }
        let Some(path) = args.pseudonym_key_file.as_deref() else {
            return Ok(OwnerNames::Pseudonyms { key: String::new() });
        };
        let text = crate::settings_file::read_or_say(
            path,
            "create a key file for --pseudonym-key-file with a random first line (e.g. `head -c \
             32 /dev/urandom | base64 > soc.key`) and keep it private: the same key gives the \
             same pseudonyms every month",
        )?;
        let key = text.lines().next().unwrap_or("").trim().to_string();
        if key.is_empty() {
            return Err(crate::error::Error::Config {
                path: path.to_path_buf(),
                message: "--pseudonym-key-file: the first line (the key) is empty".into(),
            });
        }
        Ok(OwnerNames::Pseudonyms { key })
    }

    /// Applies these names to a report (see [`pseudonymise`]).
    pub fn apply(&self, db: &Db, report: &mut MetricsReport) -> Result<()> {
        match self {
            OwnerNames::Real => Ok(()),
            OwnerNames::Pseudonyms { key } => pseudonymise(db, report, key),
        }
    }

    /// Applies these names to any set of metric blocks (the months of a history).
    pub fn apply_blocks(&self, db: &Db, blocks: Vec<&mut Metrics>) -> Result<()> {
        match self {
            OwnerNames::Real => Ok(()),
            OwnerNames::Pseudonyms { key } => pseudonymise_blocks(db, blocks, key),
        }
    }
}

/// Replaces every owner name of the report (the main block, the previous period and each tenant)
/// by its pseudonym under `key`, and orders the rows again as workload.sql does (assigned, most
/// first, then name, then kind), so that the order does not give the names away. The rows of
/// automation, AI and the unassigned are not names and stay as they are.
pub fn pseudonymise(db: &Db, report: &mut MetricsReport, key: &str) -> Result<()> {
    let mut blocks: Vec<&mut Metrics> = vec![&mut report.metrics];
    if let Some(p) = report.previous.as_mut() {
        blocks.push(&mut p.metrics);
    }
    if let Some(tenants) = report.tenants.as_mut() {
        blocks.extend(tenants.values_mut().map(|b| &mut b.metrics));
    }
    pseudonymise_blocks(db, blocks, key)
}

/// [`pseudonymise`] over any set of metric blocks (the months of a history, too).
pub fn pseudonymise_blocks(db: &Db, mut blocks: Vec<&mut Metrics>, key: &str) -> Result<()> {
    let names: Vec<&str> = blocks
        .iter()
        .flat_map(|m| m.workload.rows.iter())
        .filter(|r| r.kind == OwnerKind::Owner)
        .map(|r| r.owner.as_str())
        .collect();
    let json = serde_json::to_string(&names)
        .map_err(|e| crate::error::Error::Internal(format!("owner names as JSON: {e}")))?;
    #[derive(Deserialize)]
    struct Pseudonym {
        name: String,
        pseudonym: String,
    }
    let map: BTreeMap<String, String> = db
        .rows::<Pseudonym>(&q::PSEUDONYMS, &[&json, &key])?
        .into_iter()
        .map(|p| (p.name, p.pseudonym))
        .collect();
    for metrics in blocks.iter_mut() {
        for row in metrics.workload.rows.iter_mut() {
            if row.kind == OwnerKind::Owner {
                if let Some(p) = map.get(&row.owner) {
                    row.owner = p.clone();
                }
            }
        }
        metrics.workload.rows.sort_by(|a, b| {
            b.assigned
                .cmp(&a.assigned)
                .then_with(|| a.owner.cmp(&b.owner))
                .then_with(|| a.kind.cmp(&b.kind))
        });
    }
    Ok(())
}
