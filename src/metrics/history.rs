//! The history: the same metrics, month by month, for the months ending with the period (the
//! report's trend, `metrics --history N`). A month without incidents or alerts is a gap (`None`),
//! never a month of zeros.

use chrono::Duration as Span;
use serde::Serialize;
use serde_json::Value;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::time::{add_months, month_bounds, rfc3339};

use std::collections::BTreeMap;

use super::inputs::Loads;
use super::scope::Scope;
use super::{
    assemble, availability, change, measures, period_rows, Metrics, MetricsReport, Period, CATALOG,
    TREND_PERIODS,
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
            // The history stops at the first year socgauge measures, as --month does.
            if py < super::period::FIRST_YEAR {
                return None;
            }
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
    crate::facts::ensure(db)?;
    let exports = availability::ByTenant::load(db)?;
    compute_reusing(db, &exports, period, tenant, n, None)
}

/// Like [`compute`], taking the metrics of `period` and of the period before it when the caller
/// has already measured them (`known`, as [`super::compute_from`] gives them), so that the
/// report's own month and the previous one are not measured twice, and what the loaded exports
/// provide (`exports`), read once for both.
///
/// Every other month is measured in one pass per aggregate query ([`Scope::set_months`]): the
/// queries give one row per month rather than running once per month. The pass also covers the
/// [`TREND_PERIODS`] months before the series, whose MTTR the first months' trend compares with.
pub fn compute_reusing(
    db: &Db,
    exports: &availability::ByTenant,
    period: &Period,
    tenant: Option<&str>,
    n: u32,
    known: Option<&MetricsReport>,
) -> Result<History> {
    crate::facts::ensure(db)?;
    let availability = exports.of(tenant);
    let series = months(period, n);
    let Some(first) = series.first() else {
        return Ok(History { months: Vec::new() });
    };
    // The months before the series that its trend reads, then the series.
    let mut measured: Vec<Period> = (1..=TREND_PERIODS)
        .rev()
        .map(|back| first.earlier(back))
        .collect();
    measured.extend(series.iter().cloned());
    // Whether each month holds an incident or an alert: a month without is a gap (and no MTTR
    // to compare with).
    let mut with_data = BTreeMap::new();
    for month in &measured {
        with_data.insert(month.label(), period_rows(db, month, tenant)?.any());
    }
    // The months the caller measured: the period itself and, for a calendar month, the month
    // before it (`previous`, present whenever that month has data).
    let previous_month = period.month.map(|_| period.earlier(1));
    let reuse = |month: &Period| -> Option<&Metrics> {
        let known = known?;
        if month == period {
            Some(&known.metrics)
        } else if previous_month.as_ref() == Some(month) {
            known.previous.as_ref().map(|p| &p.metrics)
        } else {
            None
        }
    };
    let reused = |month: &Period| reuse(month).is_some();
    // The pass measures up to the last month that is neither reused nor without data.
    let last = measured
        .iter()
        .rposition(|m| !reused(m) && with_data.get(&m.label()).copied().unwrap_or(false));
    let mut by_month = match last {
        Some(last) => {
            let scope = Scope::set_months(db, &measured[..=last], tenant)?;
            Some(measures(&scope, None)?)
        }
        None => None,
    };
    let loads = Loads::of(db, tenant)?;
    let mut assembled: BTreeMap<String, Metrics> = BTreeMap::new();
    if let Some(by_month) = by_month.as_mut() {
        for month in &measured {
            let label = month.label();
            if with_data.get(&label).copied().unwrap_or(false) && !reused(month) {
                let metrics = assemble(&by_month.take(&label), &loads)?;
                assembled.insert(label, metrics);
            }
        }
    }
    let mut out = Vec::new();
    for month in &series {
        let label = month.label();
        let shown = MonthOut {
            from: rfc3339(month.from),
            to: rfc3339(month.to),
            label: label.clone(),
        };
        let metrics = if !with_data.get(&label).copied().unwrap_or(false) {
            None
        } else if let Some(metrics) = reuse(month) {
            Some(metrics.without_targets())
        } else if let Some(measured) = assembled.get(&label) {
            let mut metrics = measured.clone();
            let earlier = assembled
                .get(&month.earlier(TREND_PERIODS).label())
                .map(|m| m.mttr.clone());
            metrics.mttr_median_change_3p = change(&metrics.mttr, earlier);
            availability.apply(&mut metrics);
            Some(metrics)
        } else {
            None
        };
        out.push(HistoryMonth {
            period: shown,
            metrics,
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
