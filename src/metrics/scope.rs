//! The scope every metric query reads: a period and a tenant, held as DuckDB session state
//! (m_params, session variables and the views of queries/metrics/scope.sql). The state is set by
//! creating a [`Scope`], and queries that read it run only through the `Scope` that set it: a
//! query can no longer run against another period because of call order. Setting a new scope
//! retires the earlier one; using a retired scope is an error naming the query.
//!
//! A scope holds one period (the aggregate queries give one row for it, or one per tenant), or
//! the months of a history (one row per month: every month measured in one pass per query).

use crate::db::ToSql;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use std::cell::Cell;

use super::period::Period;
use super::store::Kept;
use crate::db::{deserialize_rows, Db, Records};
use crate::error::{Error, Result};
use crate::queries::{metrics as q, Query};

/// The period and tenant the metric queries currently read.
pub struct Scope<'db> {
    db: &'db Db,
    generation: u64,
    /// The periods measured, each with its scope key when keyed by month (a history), or the
    /// one period without a key.
    periods: Vec<(Option<String>, Period)>,
    /// The results a load kept for exactly this scope (src/metrics/store.rs): read instead of
    /// running their queries. Only a single period has any.
    kept: Kept,
    /// Whether the aggregate queries currently group by tenant ([`Scope::grouped_by_tenant`]).
    by_tenant: Cell<bool>,
    /// Set by [`Scope::set_for_incidents`]: only the incident durations may be read.
    incidents_only: bool,
}

impl<'db> Scope<'db> {
    /// Sets the period and tenant every metric query reads, and the views of the populations.
    pub fn set(db: &'db Db, period: &Period, tenant: Option<&str>) -> Result<Scope<'db>> {
        Scope::set_periods(db, vec![(None, period.clone())], tenant, false)
    }

    /// A scope of one period from which only the incident durations are read (the MTTR
    /// trend's earlier periods): it may lie outside the alerts and automation a run from a
    /// lake read (`Db::check_measured`), which no query of it reads.
    pub fn set_for_incidents(
        db: &'db Db,
        period: &Period,
        tenant: Option<&str>,
    ) -> Result<Scope<'db>> {
        Scope::set_periods(db, vec![(None, period.clone())], tenant, true)
    }

    /// Sets the consecutive calendar `months` (oldest first, as [`super::history::months`] gives
    /// them) as the scope: the aggregate queries then give one row per month, keyed by its
    /// label, instead of one per period. The populations span the months; the breakdowns of a
    /// single period (weekly, rules, …) do not read a scope set this way.
    pub fn set_months(db: &'db Db, months: &[Period], tenant: Option<&str>) -> Result<Scope<'db>> {
        let keyed = months
            .iter()
            .map(|m| (Some(m.label()), m.clone()))
            .collect();
        let scope = Scope::set_periods(db, keyed, tenant, false)?;
        db.batch(&q::SCOPE_MONTHS)?;
        Ok(scope)
    }

    fn set_periods(
        db: &'db Db,
        periods: Vec<(Option<String>, Period)>,
        tenant: Option<&str>,
        incidents_only: bool,
    ) -> Result<Scope<'db>> {
        let (Some((_, first)), Some((_, last))) = (periods.first(), periods.last()) else {
            return Err(Error::Internal("a scope without a period".into()));
        };
        if !incidents_only {
            db.check_measured(first.from, last.to, "a metric scope")?;
        }
        let (from, to) = (rfc3339_micros(first.from), rfc3339_micros(last.to));
        // Taken before the session's scope changes: should setting it fail half-way, the scope
        // it replaces can no longer run a query against it.
        let generation = db.next_scope();
        db.execute(&q::PARAMS, &[&from, &to, &tenant])?;
        let json = serde_json::Value::Array(
            periods
                .iter()
                .map(|(key, p)| {
                    serde_json::json!({"key": key, "from": rfc3339_micros(p.from), "to": rfc3339_micros(p.to)})
                })
                .collect(),
        )
        .to_string();
        db.execute(&q::PERIODS, &[&json])?;
        db.batch(&q::VARIABLES)?;
        db.batch(&q::SCOPE)?;
        let kept = match periods.as_slice() {
            [(None, _)] => Kept::read(db, &from, &to, tenant)?,
            _ => Kept::default(),
        };
        Ok(Scope {
            db,
            generation,
            periods,
            kept,
            by_tenant: Cell::new(false),
            incidents_only,
        })
    }

    /// The months history_months.sql counts, as its JSON parameter: for each period of the
    /// scope, the twelve calendar months ending with its last month, under the period's key.
    pub fn history_windows(&self) -> String {
        serde_json::Value::Array(
            self.periods
                .iter()
                .flat_map(|(key, p)| {
                    p.history_months().into_iter().map(move |(from, to)| {
                        serde_json::json!({"key": key, "from": rfc3339_micros(from), "to": rfc3339_micros(to)})
                    })
                })
                .collect(),
        )
        .to_string()
    }

    /// The database, for queries that do not read the scope.
    pub fn db(&self) -> &'db Db {
        self.db
    }

    fn check(&self, query: &Query) -> Result<()> {
        if self.incidents_only && query.name != q::DURATIONS.name {
            Err(Error::Internal(format!(
                "query `{}` ran against a scope of incident durations only",
                query.name
            )))
        } else if self.db.current_scope() == self.generation {
            Ok(())
        } else {
            Err(Error::Internal(format!(
                "query `{}` ran against a scope that another period replaced",
                query.name
            )))
        }
    }

    /// Runs a scope query (or reads the rows a load kept for it) and deserialises its rows.
    pub fn rows<T: DeserializeOwned>(&self, query: &Query) -> Result<Vec<T>> {
        self.check(query)?;
        match self.kept.records(query, self.by_tenant.get()) {
            Some(kept) => deserialize_rows(query.name, kept.rows),
            None => self.db.rows(query, &[]),
        }
    }

    /// Runs a scope query with parameters and deserialises its rows.
    pub fn rows_with<T: DeserializeOwned>(
        &self,
        query: &Query,
        params: &[&dyn ToSql],
    ) -> Result<Vec<T>> {
        self.check(query)?;
        self.db.rows(query, params)
    }

    /// Runs a scope query (or reads the rows a load kept for it) and returns its columns with
    /// its rows.
    pub fn records(&self, query: &Query) -> Result<Records> {
        self.check(query)?;
        match self.kept.records(query, self.by_tenant.get()) {
            Some(kept) => Ok(kept),
            None => self.db.records(query, &[]),
        }
    }

    /// Runs a scope query, never reading kept rows: what a load keeps (src/metrics/store.rs).
    pub fn records_run(&self, query: &Query) -> Result<Records> {
        self.check(query)?;
        self.db.records(query, &[])
    }

    /// Runs a script that (re)defines views over the scope (business.sql).
    pub fn batch(&self, query: &Query) -> Result<()> {
        self.check(query)?;
        self.db.batch(query)
    }

    /// Runs a statement that changes the scope's state (its week buckets).
    pub fn execute(&self, query: &Query, params: &[&dyn ToSql]) -> Result<usize> {
        self.check(query)?;
        self.db.execute(query, params)
    }

    /// Runs `measure` with the aggregate queries grouped by tenant (one row per tenant instead
    /// of one for the whole scope), then restores the single row whether or not it worked.
    pub fn grouped_by_tenant<T>(&self, measure: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        self.execute(&q::BY_TENANT, &[&true])?;
        self.by_tenant.set(true);
        let result = measure(self);
        self.by_tenant.set(false);
        self.execute(&q::BY_TENANT, &[&false])?;
        result
    }
}

/// RFC 3339 with microseconds, so that period bounds reach SQL exactly.
pub fn rfc3339_micros(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
