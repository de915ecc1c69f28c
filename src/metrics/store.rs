//! Month results: the rows of the metric queries for the latest calendar months (UTC) of a
//! database file, for all tenants and each tenant, computed at the end of every load
//! (`queries/metrics/month_results.sql`). A `metrics` or `report` whose period is exactly one of
//! those months, for the same tenant scope, reads the rows instead of running the queries
//! again: on a database of millions of alerts most of a month's time goes to exact durations
//! (medians and p90 over every incident), which no smaller counts add up to. The rows are the
//! queries' own, so the figures are the same byte for byte.
//!
//! A row is read only when nothing it depends on can have changed since it was computed: the
//! same definition ([`definition`]: the query, the SQL of the scope it reads, the facts'
//! version, the code that keeps and reads it and the locked crates), no load since (the
//! database's latest load id) and the stored facts (not facts built for the session). Any other period (another time zone's
//! month included), a history or a run on files runs the queries.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::period::Period;
use super::scope::{rfc3339_micros, Scope};
use crate::db::{Db, Records};
use crate::error::{Error, Result};
use crate::queries::{metrics as q, Query};
use crate::time::Zone;

/// The queries whose rows are kept: each reads nothing but the facts and the scope (period,
/// tenant and whether grouped by tenant), with no parameter. The weekly series (its weeks are
/// in the user's time zone) and the history (a parameter) are not kept. The first
/// [`BY_TENANT`] are also those each tenant's block runs grouped by tenant.
const KEPT: [&Query; 11] = [
    &q::DURATIONS,
    &q::RATES,
    &q::BACKLOG,
    &q::WORKLOAD,
    &q::CATEGORIES,
    &q::HIGHLIGHTS,
    &q::DURATIONS_BY_SEVERITY,
    &q::DURATION_HISTOGRAM,
    &q::ATTACK,
    &q::DOMAINS,
    &q::RULES,
];

/// How many of [`KEPT`], from the first, each tenant's block runs grouped by tenant
/// (`measures` through `Scope::grouped_by_tenant`): kept that way too when the database holds
/// several tenants.
const BY_TENANT: usize = 6;

/// How many of the latest months are kept: the month the data ends in, the last complete month
/// (what a monthly report measures) and the month before it (that report's previous period).
const MONTHS_KEPT: i64 = 3;

/// A month is kept, for all tenants or for one, from this many alerts: a smaller one measures in
/// a fraction of a second, and computing it at every load would cost more than it saves.
const MIN_ALERTS: i64 = 100_000;

/// `SOCGAUGE_MONTH_RESULTS_MIN_ALERTS=N` keeps months from N alerts instead (tests keep small
/// months with 0); the figures are the same either way.
fn min_alerts() -> i64 {
    std::env::var("SOCGAUGE_MONTH_RESULTS_MIN_ALERTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MIN_ALERTS)
}

/// The code besides the SQL that a kept row depends on, part of its definition so that two
/// builds that differ in any of it never read each other's rows: the conversion of the engine's
/// values to JSON (`Db`'s `to_json`), how a scope is set and read, what is kept and how, and the
/// locked versions of every crate (the database engine's among them).
const CODE: [&str; 4] = [
    include_str!("../db.rs"),
    include_str!("scope.rs"),
    include_str!("store.rs"),
    include_str!("../../Cargo.lock"),
];

/// What a kept row of `query` was computed from: the query, the SQL of the scope it reads, the
/// facts' version, this socgauge's version and the code of [`CODE`] (FNV-1a, 64 bits: stable
/// across Rust versions).
pub fn definition(query: &Query) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        env!("CARGO_PKG_VERSION"),
        crate::facts::VERSION,
        q::PARAMS.sql,
        q::PERIODS.sql,
        q::VARIABLES.sql,
        q::SCOPE.sql,
        q::BY_TENANT.sql,
        // The tactic names attack.sql and rates.sql count by.
        crate::queries::facts::ATTACK_TACTICS.sql,
        query.name,
        query.sql,
    ];
    for part in CODE.into_iter().chain(parts) {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The definition of each kept query, by name: hashed once per process.
fn definitions() -> &'static HashMap<&'static str, String> {
    static DEFINITIONS: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    DEFINITIONS.get_or_init(|| KEPT.iter().map(|q| (q.name, definition(q))).collect())
}

/// Keeps the latest months' results of a database file after its loads, in a transaction of
/// its own (inside the copy a load writes, so a failure leaves the file as it was): once after
/// all the loads of a run, rather than after each.
pub fn keep(db: &Db) -> Result<()> {
    if db.in_memory() {
        return Ok(());
    }
    db.begin()?;
    match refresh(db) {
        Ok(()) => db.commit(),
        Err(err) => {
            db.rollback();
            Err(err)
        }
    }
}

/// Computes the kept months' results again (inside a transaction, after the facts), in a
/// database file; a run on files keeps none.
pub fn refresh(db: &Db) -> Result<()> {
    if db.in_memory() {
        return Ok(());
    }
    #[derive(Deserialize)]
    struct Month {
        tenant: Option<String>,
        from_us: i64,
        to_us: i64,
        load_id: i64,
    }
    db.batch(&q::MONTH_RESULTS)?;
    let months: Vec<Month> = db.rows(&q::MONTH_RESULTS_MONTHS, &[&MONTHS_KEPT, &min_alerts()])?;
    if months.is_empty() {
        return Ok(());
    }
    #[derive(Deserialize)]
    struct Tenant {
        tenant: String,
    }
    let tenants: Vec<Tenant> = db.rows(&q::TENANTS, &[])?;
    // In a database of one tenant every row is that tenant's (the column is NOT NULL), so the
    // tenant's results are those of all tenants: computed once, kept under both.
    let only_tenant = match tenants.as_slice() {
        [only] => Some(only.tenant.as_str()),
        _ => None,
    };
    for month in months {
        let tenant = month.tenant.as_deref();
        if tenant.is_some() && only_tenant.is_some() {
            continue;
        }
        let period = utc_period(month.from_us, month.to_us)?;
        let scope = Scope::set(db, &period, tenant)?;
        let (from, to) = (rfc3339_micros(period.from), rfc3339_micros(period.to));
        // The tenant scopes these results are kept under.
        let mut kept_as = vec![tenant];
        if tenant.is_none() {
            kept_as.extend(only_tenant.map(Some));
        }
        let keep = |query: &Query, by_tenant: bool| -> Result<()> {
            let definition = definitions().get(query.name).ok_or_else(|| {
                Error::Internal(format!(
                    "query `{}` is not one whose rows are kept",
                    query.name
                ))
            })?;
            let records = scope.records_run(query)?;
            let result = serde_json::to_string(&records).map_err(|e| {
                Error::Internal(format!("query `{}`: rows not kept: {e}", query.name))
            })?;
            for kept_tenant in &kept_as {
                db.execute(
                    &q::MONTH_RESULTS_ADD,
                    &[
                        &query.name,
                        definition,
                        &month.load_id,
                        &from,
                        &to,
                        kept_tenant,
                        &by_tenant,
                        &result,
                    ],
                )?;
            }
            Ok(())
        };
        for query in KEPT {
            keep(query, false)?;
        }
        if tenants.len() > 1 && tenant.is_none() {
            let grouped = &KEPT[..BY_TENANT];
            scope.grouped_by_tenant(|_| grouped.iter().try_for_each(|q| keep(q, true)))?;
        }
    }
    Ok(())
}

/// Whether the database keeps month results that another socgauge's definitions computed (they
/// are not read: each month's queries run again until they are computed anew). A database that
/// keeps none, or keeps them laid out by another version (the next load replaces the table),
/// has none stale.
pub fn stale(db: &Db) -> Result<bool> {
    #[derive(Deserialize)]
    struct Exists {
        kept: bool,
    }
    #[derive(Deserialize)]
    struct Stale {
        stale: bool,
    }
    if db.in_memory() || !db.one::<Exists>(&q::MONTH_RESULTS_KEPT, &[])?.kept {
        return Ok(false);
    }
    let current = serde_json::to_string(definitions())
        .map_err(|e| Error::Internal(format!("the kept queries' definitions: {e}")))?;
    Ok(db.one::<Stale>(&q::MONTH_RESULTS_STALE, &[&current])?.stale)
}

/// The period [from, to) (microseconds since 1970) in UTC.
fn utc_period(from_us: i64, to_us: i64) -> Result<Period> {
    let instant = |us: i64| {
        DateTime::<Utc>::from_timestamp_micros(us)
            .ok_or_else(|| Error::Internal(format!("a kept month starts at {us} µs")))
    };
    Ok(Period {
        from: instant(from_us)?,
        to: instant(to_us)?,
        month: None,
        zone: Zone::parse("UTC").map_err(Error::Internal)?,
        zone_name: "UTC".into(),
        data_end: None,
    })
}

/// The kept results of a period, by query and whether grouped by tenant.
#[derive(Default)]
pub struct Kept {
    results: HashMap<(String, bool), String>,
}

impl Kept {
    /// The results kept for exactly [from, to) and `tenant` (None: all tenants) after the latest
    /// load, of this socgauge's definitions; none for a database that keeps none.
    pub fn read(db: &Db, from: &str, to: &str, tenant: Option<&str>) -> Result<Kept> {
        #[derive(Deserialize)]
        struct Exists {
            kept: bool,
        }
        #[derive(Deserialize)]
        struct Row {
            query: String,
            definition: String,
            by_tenant: bool,
            result: String,
        }
        // Facts built for this session (the stored ones are another version's) are not what
        // the kept rows were computed from.
        if db.in_memory()
            || db.has_session_facts()
            || !db.one::<Exists>(&q::MONTH_RESULTS_KEPT, &[])?.kept
        {
            return Ok(Kept::default());
        }
        let rows: Vec<Row> = db.rows(&q::MONTH_RESULTS_READ, &[&from, &to, &tenant])?;
        let current = definitions();
        let results = rows
            .into_iter()
            .filter(|r| current.get(r.query.as_str()) == Some(&r.definition))
            .map(|r| ((r.query, r.by_tenant), r.result))
            .collect();
        Ok(Kept { results })
    }

    /// The kept columns and rows of `query`, if any: none when they cannot be read back (the
    /// query then runs, and measures what they would have).
    pub fn records(&self, query: &Query, by_tenant: bool) -> Option<Records> {
        self.results
            .get(&(query.name.to_string(), by_tenant))
            .and_then(|json| serde_json::from_str(json).ok())
    }
}
