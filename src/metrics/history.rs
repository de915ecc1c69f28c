//! The history: the same metrics, month by month, for the months ending with the period (the
//! report's trend, `metrics --history N`). A month without incidents or alerts is a gap (`None`),
//! never a month of zeros.

use chrono::Duration as Span;
use serde::Serialize;
use serde_json::Value;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::time::{add_months, month_bounds, rfc3339};

use super::{
    availability, change, core, mttr_median, period_rows, Metrics, Period, CATALOG, TREND_PERIODS,
};

/// Most months a history holds.
pub const MAX_MONTHS: u32 = 120;

/// A month of the history as printed: `{"from", "to", "label"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthOut {
    pub from: String,
    pub to: String,
    /// `YYYY-MM`.
    pub label: String,
}

/// One month of a history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryMonth {
    pub period: MonthOut,
    /// `None` (JSON `null`) when the month holds no incident and no alert.
    pub metrics: Option<Metrics>,
}

/// The `metrics --history N` contract: the months oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    pub months: Vec<HistoryMonth>,
}

/// The calendar month (in the period's zone) that holds the last instant of `period`.
fn last_month(period: &Period) -> (i32, u32) {
    period.month.unwrap_or_else(|| {
        let date = period.zone.local_date(period.to - Span::microseconds(1));
        (
            chrono::Datelike::year(&date),
            chrono::Datelike::month(&date),
        )
    })
}

/// The `n` calendar months ending with the month of `period`, oldest first.
pub fn months(period: &Period, n: u32) -> Vec<Period> {
    let (y, m) = last_month(period);
    let n = n.clamp(1, MAX_MONTHS);
    (0..n)
        .rev()
        .filter_map(|back| {
            let (py, pm) = add_months(y, m, -i32::try_from(back).unwrap_or(0));
            let (from, to) = month_bounds(py, pm, &period.zone)?;
            Some(Period {
                from,
                to,
                month: Some((py, pm)),
                ..period.clone()
            })
        })
        .collect()
}

/// The metrics of each of the `n` months ending with the month of `period`, for one tenant or
/// all pooled. Each month's metrics are those `metrics --month` gives for it, MTTR trend
/// included, so that a month can be assessed like the period itself.
pub fn compute(db: &Db, period: &Period, tenant: Option<&str>, n: u32) -> Result<History> {
    compute_reusing(db, period, tenant, n, None)
}

/// Like [`compute`], taking the metrics of `period` itself when the caller has already measured
/// them (`known`, as [`super::compute`] gives them), so that the report's own month is not
/// measured twice.
pub fn compute_reusing(
    db: &Db,
    period: &Period,
    tenant: Option<&str>,
    n: u32,
    known: Option<&Metrics>,
) -> Result<History> {
    crate::facts::ensure(db)?;
    let availability = availability::ByTenant::load(db)?.of(tenant);
    let mut out = Vec::new();
    // MTTR of the months measured so far (None: no incident): a month's trend compares with the
    // month three before, which the series has already measured except for its first three.
    let mut medians: std::collections::BTreeMap<(i32, u32), Option<super::Duration>> =
        Default::default();
    for month in months(period, n) {
        let label = month.label();
        let shown = MonthOut {
            from: rfc3339(month.from),
            to: rfc3339(month.to),
            label,
        };
        if !period_rows(db, &month, tenant)?.any() {
            if let Some(key) = month.month {
                medians.insert(key, None);
            }
            out.push(HistoryMonth {
                period: shown,
                metrics: None,
            });
            continue;
        }
        if let Some(metrics) = known.filter(|_| month == *period) {
            out.push(HistoryMonth {
                period: shown,
                metrics: Some(metrics.without_targets()),
            });
            continue;
        }
        let mut metrics = core(db, &month, tenant, None)?.metrics;
        if let Some(key) = month.month {
            medians.insert(key, Some(metrics.mttr.clone()));
        }
        let before = month.earlier(TREND_PERIODS);
        let earlier = match before.month.and_then(|key| medians.get(&key)) {
            Some(mttr) => mttr.clone(),
            None => mttr_median(db, &before, tenant)?,
        };
        metrics.mttr_median_change_3p = change(&metrics.mttr, earlier);
        availability.apply(&mut metrics);
        out.push(HistoryMonth {
            period: shown,
            metrics: Some(metrics),
        });
    }
    Ok(History { months: out })
}

/// The JSON contract: `{"months": [{"period": {...}, "metrics": {...} | null}, ...]}`.
pub fn json(history: &History) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(history).map_err(|e| Error::Output {
        what: "JSON",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The fields a metric can have, in column order after `value` (see [`csv`]).
const CSV_FIELDS: [&str; 9] = [
    "n",
    "numerator",
    "denominator",
    "mean_minutes",
    "median_minutes",
    "p90_minutes",
    "current",
    "earlier",
    "unavailable",
];

/// One row per month × metric, for dashboards: the month, the tenant scope, the metric, its
/// headline `value` (a count's or ratio's value, a duration's median, a change's ratio) and then
/// every field it has (empty where a metric has no such field, and everywhere in a month
/// without data). The caller makes the cells safe for spreadsheets (`csv_safe`).
pub fn csv(history: &History, tenant: Option<&str>) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let io = |e: ::csv::Error| Error::Output {
        what: "CSV",
        message: e.to_string(),
    };
    let mut header = vec![
        "period_from",
        "period_to",
        "label",
        "tenant",
        "metric",
        "value",
    ];
    header.extend(CSV_FIELDS);
    w.write_record(&header).map_err(io)?;
    let tenant = tenant.unwrap_or("").to_string();
    for month in &history.months {
        let fields = month
            .metrics
            .as_ref()
            .and_then(|m| serde_json::to_value(m).ok())
            .unwrap_or(Value::Null);
        // A history is measured without a targets file: no business-time rows. A list-shaped
        // metric (workload, categories, …) has no headline: its row is empty.
        for key in CATALOG
            .iter()
            .filter(|d| d.present == super::catalog::Presence::Always)
            .map(|d| d.name)
        {
            let parts = fields.get(key).cloned().unwrap_or(Value::Null);
            let cell = |name: &str| match parts.get(name) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            let headline = if parts.get("median_minutes").is_some() {
                cell("median_minutes")
            } else {
                cell("value")
            };
            let mut row = vec![
                month.period.from.clone(),
                month.period.to.clone(),
                month.period.label.clone(),
                tenant.clone(),
                key.to_string(),
                headline,
            ];
            row.extend(CSV_FIELDS.iter().map(|f| cell(f)));
            w.write_record(&row).map_err(io)?;
        }
    }
    w.into_inner().map_err(|e| Error::Output {
        what: "CSV",
        message: e.to_string(),
    })
}

/// Aligned text for people: the headline series of each month.
pub fn table(history: &History, tenant: Option<&str>) -> Vec<u8> {
    use crate::humanize::{minutes, percent};
    use std::fmt::Write as _;
    let mut out = String::new();
    let scope = tenant.map_or_else(
        || "all tenants".to_string(),
        |t| format!("tenant {}", crate::tenants::printable(t)),
    );
    let _ = writeln!(out, "socgauge history · {scope}");
    let _ = writeln!(
        out,
        "{:<8}  {:>9}  {:>9}  {:>9}  {:>9}  {:>9}  {:>7}  {:>10}",
        "month", "incidents", "alerts", "MTTD", "MTTA", "MTTR", "noise", "automation"
    );
    for month in &history.months {
        match &month.metrics {
            None => {
                let _ = writeln!(out, "{:<8}  no data", month.period.label);
            }
            Some(m) => {
                let _ = writeln!(
                    out,
                    "{:<8}  {:>9}  {:>9}  {:>9}  {:>9}  {:>9}  {:>7}  {:>10}",
                    month.period.label,
                    m.incidents.value,
                    m.alerts.value,
                    minutes(m.mttd.median_minutes),
                    minutes(m.mtta.median_minutes),
                    minutes(m.mttr.median_minutes),
                    percent(m.noise_ratio.value),
                    percent(m.automation_rate.value)
                );
            }
        }
    }
    out.into_bytes()
}
