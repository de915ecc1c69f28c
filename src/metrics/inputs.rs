//! What the aggregate queries measured for one scope key: the numbers the catalog's entries
//! assemble metrics from. Columns are looked up by name, and a name the query does not return is
//! an error naming the column and the query, never a silent zero.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::Deserialize;

use super::model::{Duration, Ratio};
use crate::error::{Error, Result};

/// The counts one row of `queries/metrics/rates.sql` gives.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Every column the query returns, whether or not this scope key had a row.
    pub(super) columns: Rc<BTreeSet<String>>,
    pub(super) values: BTreeMap<String, i64>,
    pub(super) query: &'static str,
}

impl Counts {
    /// A count by column name; 0 when the scope key had no row (nothing to count), an error when
    /// the query has no such column.
    pub fn get(&self, column: &str) -> Result<i64> {
        if !self.columns.contains(column) {
            return Err(Error::Internal(format!(
                "query `{}` has no column `{column}`",
                self.query
            )));
        }
        Ok(self.values.get(column).copied().unwrap_or(0))
    }
}

/// Rows read and rejected over the latest load of every file (queries/metrics/loads.sql).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Loads {
    pub rows_read: i64,
    pub rows_rejected: i64,
    pub sources: Option<String>,
}

impl Loads {
    /// Over the files that carry `tenant`'s rows (every file when `None`).
    pub fn of(db: &crate::db::Db, tenant: Option<&str>) -> Result<Loads> {
        let mut each = Loads::of_each(db, &[tenant])?;
        each.pop().ok_or_else(|| {
            Error::Internal("query `metrics/loads.sql` gave no row for its scope".to_string())
        })
    }

    /// [`Loads::of`] for each of `tenants` in one query, in their order.
    pub fn of_each(db: &crate::db::Db, tenants: &[Option<&str>]) -> Result<Vec<Loads>> {
        let scopes = serde_json::Value::from(tenants.to_vec()).to_string();
        let loads: Vec<Loads> = db.rows(&crate::queries::metrics::LOADS, &[&scopes])?;
        if loads.len() != tenants.len() {
            return Err(Error::Internal(format!(
                "query `metrics/loads.sql` gave {} rows for {} scopes",
                loads.len(),
                tenants.len()
            )));
        }
        Ok(loads)
    }
}

/// Everything one scope key's metrics are assembled from.
pub struct Inputs<'a> {
    pub counts: &'a Counts,
    /// Duration statistics by metric key (queries/metrics/durations.sql).
    pub durations: &'a BTreeMap<String, Duration>,
    /// Negative durations excluded, by metric key.
    pub negatives: &'a BTreeMap<String, i64>,
    pub backlog: i64,
    pub history_months: i64,
    pub loads: &'a Loads,
    /// Business-time durations by metric key (queries/metrics/durations_business.sql); `None`
    /// without a calendar.
    pub business: Option<&'a BTreeMap<String, Duration>>,
    /// The list-shaped metrics of the scope key.
    pub lists: &'a Lists,
}

/// The list-shaped metrics of one scope key, as their queries gave them.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    pub workload: super::workload::Workload,
    pub backlog_ageing: super::workload::BacklogAgeing,
    pub categories: super::categories::Categories,
    pub highlights: super::categories::Highlights,
}

impl Inputs<'_> {
    pub fn count(&self, column: &str) -> Result<i64> {
        self.counts.get(column)
    }

    /// numerator / denominator from two count columns.
    pub fn ratio(&self, numerator: &str, denominator: &str) -> Result<Ratio> {
        Ok(Ratio::new(self.count(numerator)?, self.count(denominator)?))
    }

    /// How many items a duration metric measured.
    pub fn duration_n(&self, key: &str) -> Result<i64> {
        Ok(duration(self, key)?.n)
    }

    /// Negative durations / durations with both ends known, over every duration metric: a
    /// duration with both ends known is either measured (n) or negative.
    pub fn negative_durations(&self) -> Ratio {
        let negative: i64 = self.negatives.values().sum();
        let measured: i64 = self.durations.values().map(|d| d.n).sum();
        Ratio::new(negative, measured + negative)
    }
}

/// A business-time duration metric's statistics: not computed without a calendar; n = 0 when the
/// scope key has no incident.
pub fn business_duration(inputs: &Inputs, key: &str) -> Result<Duration> {
    Ok(match inputs.business {
        None => Duration::not_computed(),
        Some(durations) => durations.get(key).cloned().unwrap_or_default(),
    })
}

/// A duration metric's statistics; n = 0 when the scope key has no incident.
pub fn duration(inputs: &Inputs, key: &str) -> Result<Duration> {
    Ok(inputs.durations.get(key).cloned().unwrap_or_default())
}
