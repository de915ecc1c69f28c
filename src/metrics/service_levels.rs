//! Service levels, business time and time saved by automation: what a targets file
//! (`--targets`, see `crate::targets`) adds to the metrics. The calendar's working intervals are
//! built in Rust (chrono-tz, day by day) and handed to DuckDB as one table; every duration,
//! compliance count and saving is then computed set-wise by the queries of
//! `queries/metrics/` (business.sql, durations_business.sql, sla.sql, sla_breaches.sql,
//! time_saved.sql).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::Duration;
use super::period::Period;
use super::scope::{rfc3339_micros, Scope};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::queries::service_levels as q;
use crate::targets::{Source, Target, Targets};

/// Red, amber or green: how a severity × target stands against its compliance objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    /// Green when the compliance rate reaches the objective, amber when it is within the amber
    /// band of it (at least objective × (1 − band)), red below; none without an incident.
    pub fn of(compliance: Option<f64>, objective: f64, amber_band: f64) -> Option<Status> {
        let rate = compliance?;
        // Shares compared at a millionth: 0.95 computed as 19/20 is exactly the objective.
        let eps = 1e-9;
        Some(if rate + eps >= objective {
            Status::Green
        } else if rate + eps >= objective * (1.0 - amber_band) {
            Status::Amber
        } else {
            Status::Red
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }

    /// The worst of two statuses.
    pub fn worst(a: Option<Status>, b: Option<Status>) -> Option<Status> {
        let rank = |s: Option<Status>| match s {
            None => 0,
            Some(Status::Green) => 1,
            Some(Status::Amber) => 2,
            Some(Status::Red) => 3,
        };
        if rank(b) > rank(a) {
            b
        } else {
            a
        }
    }
}

/// One severity × target of the `sla` list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaRow {
    pub severity: String,
    /// acknowledge, contain or resolve.
    pub target: String,
    /// calendar or business.
    pub hours: String,
    pub target_minutes: f64,
    pub n: i64,
    pub met: i64,
    pub breached: i64,
    /// met / n; null when n = 0.
    pub compliance_rate: Option<f64>,
    pub open_past_target: i64,
    /// Median of (duration − target) over the breaches; null without any.
    pub median_overrun_minutes: Option<f64>,
    /// The share of incidents that must meet the target for a green status.
    pub compliance_objective: f64,
    /// green, amber or red; null when n = 0.
    pub status: Option<Status>,
}

/// One incident that missed a target (the report's list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaBreach {
    pub tenant: String,
    pub incident_id: String,
    pub title: Option<String>,
    pub severity: String,
    pub target: String,
    pub hours: String,
    pub minutes: f64,
    pub target_minutes: f64,
    pub overrun_minutes: f64,
}

/// Time saved by one action kind, or by one playbook with its own figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeSavedRow {
    pub action: String,
    /// Set for a playbook whose own figure the targets file gives.
    pub playbook: Option<String>,
    /// Successful runs in the period: the only ones counted as saving time.
    pub runs: i64,
    pub failed: i64,
    pub unknown_outcome: i64,
    pub minutes_per_run: f64,
    /// `default` (socgauge's assumption) or `targets_file`.
    pub source: String,
    pub minutes_saved: f64,
}

/// The `time_saved` estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeSaved {
    /// Always true: these are assumptions multiplied by counts, not measurements.
    pub estimate: bool,
    pub formula: String,
    pub by_action: Vec<TimeSavedRow>,
    pub runs: i64,
    pub failed: i64,
    pub unknown_outcome: i64,
    pub minutes_saved: f64,
    pub hours_saved: f64,
    pub hours_per_fte_month: f64,
    /// The period's length in months (1 for a calendar month; else days / 30.436875).
    pub period_months: f64,
    /// hours_saved / (hours_per_fte_month × period_months).
    pub fte_equivalent: f64,
    pub hourly_rate: Option<f64>,
    pub currency: Option<String>,
    /// hours_saved × hourly_rate, when a rate is set.
    pub cost_saved: Option<f64>,
    /// Set when no automation export was loaded: the figures are then 0 and mean nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// The formula the JSON and the report show.
pub const FORMULA: &str = "hours saved = Σ over successful automation runs of the minutes one run \
     saves (the playbook's figure if set, else its action kind's) / 60; FTE equivalent = hours \
     saved / (hours per FTE-month × months in the period); cost = hours saved × hourly rate";

/// Builds the calendar's working intervals over every instant the durations of the database
/// read (and `periods`' bounds), as the table m_work_intervals. Without a calendar the table is
/// empty (no target then reads business time: the targets file refuses it).
pub fn prepare(db: &Db, targets: &Targets, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<()> {
    #[derive(Deserialize)]
    struct Span {
        from_us: i64,
        to_us: i64,
    }
    let intervals = match &targets.calendar {
        None => Vec::new(),
        Some(calendar) => {
            let span: Span = db.one(
                &q::BUSINESS_SPAN,
                &[&rfc3339_micros(from), &rfc3339_micros(to)],
            )?;
            let instant = |us: i64| {
                DateTime::<Utc>::from_timestamp_micros(us).ok_or_else(|| {
                    Error::Internal(format!(
                        "query `{}` gave an instant out of range",
                        q::BUSINESS_SPAN.name
                    ))
                })
            };
            calendar.intervals(instant(span.from_us)?, instant(span.to_us)?)
        }
    };
    let json = serde_json::Value::Array(
        intervals
            .iter()
            .map(|(s, e)| serde_json::json!({"s": s, "e": e}))
            .collect(),
    )
    .to_string();
    db.execute(&q::WORK_INTERVALS, &[&json])?;
    Ok(())
}

/// The business-time duration metrics of the scope in place, per scope key.
pub fn business_durations(scope: &Scope) -> Result<BTreeMap<String, BTreeMap<String, Duration>>> {
    #[derive(Deserialize)]
    struct Row {
        scope_key: String,
        metric: String,
        n: i64,
        mean_minutes: Option<f64>,
        median_minutes: Option<f64>,
        p90_minutes: Option<f64>,
    }
    scope.batch(&q::BUSINESS)?;
    let mut out: BTreeMap<String, BTreeMap<String, Duration>> = BTreeMap::new();
    for r in scope.rows::<Row>(&q::DURATIONS_BUSINESS)? {
        out.entry(r.scope_key).or_default().insert(
            r.metric,
            Duration {
                n: r.n,
                mean_minutes: r.mean_minutes,
                median_minutes: r.median_minutes,
                p90_minutes: r.p90_minutes,
                ..Duration::default()
            },
        );
    }
    Ok(out)
}

/// The targets as the JSON parameter of sla.sql and sla_breaches.sql.
fn targets_json(targets: &[Target]) -> String {
    serde_json::Value::Array(
        targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                serde_json::json!({
                    "ord": i,
                    "severity": t.severity,
                    "target": t.kind.name(),
                    "hours": t.hours.name(),
                    "minutes": t.minutes,
                })
            })
            .collect(),
    )
    .to_string()
}

/// Compliance per severity × target for the whole scope in place (one list, in the targets'
/// order, every target present even without an incident).
pub fn sla(scope: &Scope, targets: &Targets) -> Result<Vec<SlaRow>> {
    Ok(sla_by_key(scope, targets)?
        .remove("*")
        .unwrap_or_else(|| rows_of(targets, &BTreeMap::new())))
}

/// Compliance per severity × target for every scope key of the scope in place (`*` pooled, or
/// each tenant when grouped by tenant): the key's list as [`sla`] gives it. A key without any
/// incident to count is absent; [`sla_of_key`] gives its list of zeros.
pub fn sla_by_key(scope: &Scope, targets: &Targets) -> Result<BTreeMap<String, Vec<SlaRow>>> {
    scope.batch(&q::BUSINESS)?;
    let rows: Vec<SlaQueryRow> = scope.rows_with(&q::SLA, &[&targets_json(&targets.targets)])?;
    let mut by_key: BTreeMap<String, BTreeMap<usize, SlaQueryRow>> = BTreeMap::new();
    for r in rows {
        by_key
            .entry(r.scope_key.clone())
            .or_default()
            .insert(r.ord, r);
    }
    Ok(by_key
        .into_iter()
        .map(|(key, by_ord)| (key, rows_of(targets, &by_ord)))
        .collect())
}

/// The list of one scope key from [`sla_by_key`]'s map: every target with zeros when the key
/// had nothing to count.
pub fn sla_of_key(
    by_key: &BTreeMap<String, Vec<SlaRow>>,
    key: &str,
    targets: &Targets,
) -> Vec<SlaRow> {
    by_key
        .get(key)
        .cloned()
        .unwrap_or_else(|| rows_of(targets, &BTreeMap::new()))
}

/// One row of sla.sql.
#[derive(Deserialize)]
struct SlaQueryRow {
    scope_key: String,
    ord: usize,
    n: i64,
    met: i64,
    breached: i64,
    median_overrun_minutes: Option<f64>,
    open_past_target: i64,
}

/// The `sla` list of one scope key from its rows of sla.sql (by target position).
fn rows_of(targets: &Targets, by_ord: &BTreeMap<usize, SlaQueryRow>) -> Vec<SlaRow> {
    targets
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let r = by_ord.get(&i);
            let n = r.map_or(0, |r| r.n);
            let met = r.map_or(0, |r| r.met);
            let compliance_rate = (n > 0).then(|| met as f64 / n as f64);
            SlaRow {
                severity: t.severity.to_string(),
                target: t.kind.name().to_string(),
                hours: t.hours.name().to_string(),
                target_minutes: t.minutes,
                n,
                met,
                breached: r.map_or(0, |r| r.breached),
                compliance_rate,
                open_past_target: r.map_or(0, |r| r.open_past_target),
                median_overrun_minutes: r.and_then(|r| r.median_overrun_minutes),
                compliance_objective: t.compliance_objective,
                status: Status::of(compliance_rate, t.compliance_objective, targets.amber_band),
            }
        })
        .collect()
}

/// The incidents that missed a target, for the report.
pub fn breaches(scope: &Scope, targets: &Targets) -> Result<Vec<SlaBreach>> {
    scope.batch(&q::BUSINESS)?;
    scope.rows_with(&q::SLA_BREACHES, &[&targets_json(&targets.targets)])
}

/// The time-saved estimate of the scope in place. `unavailable`: why the exports cannot give it
/// (no automation export), when so.
pub fn time_saved(
    scope: &Scope,
    targets: &Targets,
    period: &Period,
    unavailable: Option<String>,
) -> Result<TimeSaved> {
    #[derive(Deserialize)]
    struct Row {
        action: String,
        playbook: Option<String>,
        minutes_per_run: f64,
        runs: i64,
        failed: i64,
        unknown_outcome: i64,
        minutes_saved: f64,
    }
    let s = &targets.time_saved;
    let actions = serde_json::Value::Array(
        s.minutes
            .iter()
            .map(|(action, (minutes, _))| serde_json::json!({"action": action, "minutes": minutes}))
            .collect(),
    )
    .to_string();
    let playbooks = serde_json::Value::Array(
        s.playbook_minutes
            .iter()
            .map(
                |(playbook, minutes)| serde_json::json!({"playbook": playbook, "minutes": minutes}),
            )
            .collect(),
    )
    .to_string();
    let rows: Vec<Row> = scope.rows_with(&q::TIME_SAVED, &[&actions, &playbooks])?;
    let by_action: Vec<TimeSavedRow> = rows
        .into_iter()
        .map(|r| {
            let source = match (&r.playbook, s.minutes.get(&r.action)) {
                (Some(_), _) | (None, Some((_, Source::Targets))) => "targets_file",
                _ => "default",
            };
            TimeSavedRow {
                action: r.action,
                playbook: r.playbook,
                runs: r.runs,
                failed: r.failed,
                unknown_outcome: r.unknown_outcome,
                minutes_per_run: r.minutes_per_run,
                source: source.to_string(),
                minutes_saved: r.minutes_saved,
            }
        })
        .collect();
    // A fold from +0.0: f64's `sum` of no rows is -0.0, which the JSON would print.
    let minutes_saved = by_action
        .iter()
        .fold(0.0, |total, r| total + r.minutes_saved);
    let hours_saved = minutes_saved / 60.0;
    let period_months = match period.whole_months() {
        Some(months) => f64::from(months),
        None => (period.to - period.from).num_seconds() as f64 / 86_400.0 / 30.436875,
    };
    let fte_equivalent = if period_months > 0.0 {
        hours_saved / (s.hours_per_fte_month * period_months)
    } else {
        0.0
    };
    Ok(TimeSaved {
        estimate: true,
        formula: FORMULA.to_string(),
        runs: by_action.iter().map(|r| r.runs).sum(),
        failed: by_action.iter().map(|r| r.failed).sum(),
        unknown_outcome: by_action.iter().map(|r| r.unknown_outcome).sum(),
        by_action,
        minutes_saved,
        hours_saved,
        hours_per_fte_month: s.hours_per_fte_month,
        period_months,
        fte_equivalent,
        hourly_rate: s.hourly_rate,
        currency: s.currency.clone(),
        cost_saved: s.hourly_rate.map(|rate| hours_saved * rate),
        unavailable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::EngineOptions;
    use chrono::TimeZone;

    /// business.sql's as-of arithmetic against the overlap summed interval by interval, on
    /// random spans across weekends, a holiday and both 2026 clock changes in Paris.
    #[test]
    fn business_time_equals_the_overlap_with_every_working_interval() {
        let table: toml::Table = toml::from_str(
            r#"[calendar]
               timezone = "Europe/Paris"
               hours = "08:30-17:45"
               holidays = ["2026-05-01", "2026-10-26"]"#,
        )
        .unwrap();
        let targets = Targets::from_table(&table, std::path::Path::new("t.toml")).unwrap();
        let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        let intervals = targets.calendar.as_ref().unwrap().intervals(from, to);
        let db = Db::open_in_memory(&EngineOptions::default()).unwrap();
        let json = serde_json::Value::Array(
            intervals
                .iter()
                .map(|(s, e)| serde_json::json!({"s": s, "e": e}))
                .collect(),
        )
        .to_string();
        db.execute(&q::WORK_INTERVALS, &[&json]).unwrap();
        let mut rng = fastrand::Rng::with_seed(16);
        let (lo, hi) = (from.timestamp(), to.timestamp());
        let spans: Vec<(i64, i64)> = (0..2000)
            .map(|_| {
                let a = rng.i64(lo..hi);
                // Mostly short spans, some across weeks.
                let len = if rng.bool() {
                    rng.i64(0..86_400 * 3)
                } else {
                    rng.i64(0..86_400 * 40)
                };
                (a, (a + len).min(hi))
            })
            .collect();
        let rows = serde_json::Value::Array(
            spans
                .iter()
                .enumerate()
                .map(|(i, (a, b))| serde_json::json!({"id": i, "a": a, "b": b}))
                .collect(),
        )
        .to_string();
        db.execute_sql(
            "test incidents",
            "CREATE OR REPLACE TEMP TABLE m_incidents AS
             SELECT id, CAST(NULL AS TIMESTAMPTZ) AS eff_first_activity,
                    to_timestamp(a) AS created_at, to_timestamp(b) AS acknowledged_at,
                    CAST(NULL AS TIMESTAMPTZ) AS contained_at, CAST(NULL AS TIMESTAMPTZ) AS closed_at,
                    CAST(NULL AS DOUBLE) AS mttd, (b - a) / 60.0 AS mtta,
                    CAST(NULL AS DOUBLE) AS mttc, CAST(NULL AS DOUBLE) AS mttr
             FROM (SELECT unnest(from_json($1, '[{\"id\": \"BIGINT\", \"a\": \"BIGINT\", \"b\": \"BIGINT\"}]'), recursive := true))",
            &[&rows],
        )
        .unwrap();
        db.batch(&q::BUSINESS).unwrap();
        #[derive(Deserialize)]
        struct Row {
            id: usize,
            seconds: i64,
        }
        let got: Vec<Row> = db
            .rows_sql(
                "test business",
                "SELECT id, CAST(round(mtta_business * 60) AS BIGINT) AS seconds
                 FROM m_incidents_business ORDER BY id",
                &[],
            )
            .unwrap();
        assert_eq!(got.len(), spans.len());
        for row in got {
            let (a, b) = spans[row.id];
            let (a, b) = (a * 1_000_000, b * 1_000_000);
            let expected: i64 = intervals
                .iter()
                .map(|(s, e)| (b.min(*e) - a.max(*s)).max(0))
                .sum::<i64>()
                / 1_000_000;
            assert_eq!(row.seconds, expected, "span {:?}", spans[row.id]);
        }
    }

    #[test]
    fn status_bands() {
        // objective 95 %, band 10 %: amber from 85.5 %.
        assert_eq!(Status::of(Some(0.95), 0.95, 0.1), Some(Status::Green));
        assert_eq!(Status::of(Some(0.9), 0.95, 0.1), Some(Status::Amber));
        assert_eq!(Status::of(Some(0.855), 0.95, 0.1), Some(Status::Amber));
        assert_eq!(Status::of(Some(0.85), 0.95, 0.1), Some(Status::Red));
        assert_eq!(Status::of(None, 0.95, 0.1), None);
        assert_eq!(
            Status::worst(Some(Status::Amber), Some(Status::Green)),
            Some(Status::Amber)
        );
    }
}
