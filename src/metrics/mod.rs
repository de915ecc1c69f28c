//! The metrics engine: period + tenant → the SQL in `queries/metrics/` → [`MetricsReport`].
//! Rust only maps rows into the contract structs and divides numerators by denominators.

pub mod availability;
pub mod catalog;
pub mod categories;
pub mod format;
pub mod history;
pub mod inputs;
pub mod model;
pub mod period;
pub mod reach;
pub mod scope;
pub mod service_levels;
pub mod store;
pub mod workload;

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::Deserialize;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::queries::metrics as q;
use crate::targets::Targets;
use crate::time::{rfc3339_bound, weeks};

pub use catalog::{MetricKey, Metrics, CATALOG};
use inputs::{Counts, Inputs, Loads};
pub use model::*;
pub use period::{Period, PeriodRequest, PeriodSettings};
use scope::{rfc3339_micros, Scope};

/// How many periods back the MTTR trend looks.
pub const TREND_PERIODS: u32 = 3;

/// Computes every metric for `period`, for one tenant or all tenants pooled (with, when
/// `per_tenant`, the block of each tenant).
pub fn compute(
    db: &Db,
    period: &Period,
    tenant: Option<&str>,
    per_tenant: bool,
) -> Result<MetricsReport> {
    compute_with(db, period, tenant, per_tenant, None)
}

/// [`compute`] with a targets file: business-time durations (with a calendar) and service-level
/// compliance in every block (main, each tenant, previous), and, for the main block, the
/// breaches behind it and the time saved by automation.
pub fn compute_with(
    db: &Db,
    period: &Period,
    tenant: Option<&str>,
    per_tenant: bool,
    targets: Option<&Targets>,
) -> Result<MetricsReport> {
    // The exports' field availability reads the facts (the fields each file fills).
    crate::facts::ensure(db)?;
    let exports = availability::ByTenant::load(db)?;
    compute_from(db, &exports, period, tenant, per_tenant, targets)
}

/// [`compute_with`] given what the loaded exports provide (`exports`), for a caller that also
/// measures the history of the same data ([`history::compute_reusing`]) and reads them once.
pub fn compute_from(
    db: &Db,
    exports: &availability::ByTenant,
    period: &Period,
    tenant: Option<&str>,
    per_tenant: bool,
    targets: Option<&Targets>,
) -> Result<MetricsReport> {
    crate::facts::ensure(db)?;
    let availability = exports.of(tenant);
    if let Some(t) = targets {
        // The calendar covers the previous period too (its metrics read business time as well).
        service_levels::prepare(db, t, period.earlier(1).from, period.to)?;
    }
    let main = core(db, period, tenant, targets)?;
    let details = details(&main.scope, period, tenant, &main.counts, main.negatives)?;
    let (sla, sla_breaches, time_saved) = match targets {
        Some(t) => {
            let unavailable = (!availability.has(catalog::Field::Automation))
                .then(|| availability.reason(&[catalog::Field::Automation]));
            (
                (!t.targets.is_empty())
                    .then(|| service_levels::sla(&main.scope, t))
                    .transpose()?,
                (!t.targets.is_empty())
                    .then(|| service_levels::breaches(&main.scope, t))
                    .transpose()?,
                Some(service_levels::time_saved(
                    &main.scope,
                    t,
                    period,
                    unavailable,
                )?),
            )
        }
        None => (None, None, None),
    };
    // Every tenant's block from the main period's scope, before other periods replace it. One
    // tenant's block is the pooled one (without the pooled-only trend, added below).
    let tenant_names = match tenant {
        None if per_tenant => Some(tenants_of(db)?),
        _ => None,
    };
    let single = tenant_names.as_ref().is_some_and(|n| n.len() == 1);
    let tenants = match &tenant_names {
        Some(names) if single => Some(
            names
                .iter()
                .map(|n| {
                    (
                        n.clone(),
                        TenantBlock {
                            metrics: Metrics {
                                sla: sla.clone(),
                                ..main.metrics.clone()
                            },
                        },
                    )
                })
                .collect(),
        ),
        Some(names) => Some(tenant_blocks(&main.scope, names, targets)?),
        None => None,
    };
    let mut metrics = main.metrics;
    metrics.sla = sla;
    metrics.time_saved = time_saved;

    metrics.mttr_median_change_3p = change(
        &metrics.mttr,
        mttr_median(db, &period.earlier(TREND_PERIODS), tenant)?,
    );

    let previous_period = period.earlier(1);
    let previous = if period_rows(db, &previous_period, tenant)?.any() {
        let before = core(db, &previous_period, tenant, targets)?;
        let mut previous_metrics = before.metrics;
        // `sla` is in every metrics object, as the business-time durations are.
        previous_metrics.sla = match targets {
            Some(t) if !t.targets.is_empty() => Some(service_levels::sla(&before.scope, t)?),
            _ => None,
        };
        // The trend measure too, so that the previous period can be assessed like this one.
        let earlier = mttr_median(db, &previous_period.earlier(TREND_PERIODS), tenant)?;
        previous_metrics.mttr_median_change_3p = change(&previous_metrics.mttr, earlier);
        Some(Previous {
            period: previous_period.out(),
            metrics: previous_metrics,
        })
    } else {
        None
    };

    availability.apply(&mut metrics);
    let mut previous = previous;
    if let Some(p) = previous.as_mut() {
        availability.apply(&mut p.metrics);
    }
    let mut tenants = tenants;
    for (name, block) in tenants.iter_mut().flat_map(|t| t.iter_mut()) {
        exports.of(Some(name)).apply(&mut block.metrics);
    }

    Ok(MetricsReport {
        period: period.out(),
        tenant: tenant.map(str::to_string),
        metrics,
        by_severity: details.by_severity,
        distributions: details.distributions,
        weekly: details.weekly,
        rules: details.rules,
        attack: details.attack,
        closed_by: details.closed_by,
        domains: details.domains,
        data_quality: details.data_quality,
        previous,
        tenants,
        sla_breaches,
    })
}

/// The metrics of one period and what the breakdowns of the main period reuse.
struct Scoped<'db> {
    scope: Scope<'db>,
    metrics: Metrics,
    counts: Counts,
    negatives: BTreeMap<String, i64>,
}

/// Sets up the populations of `period` and returns the metrics that read them, with the scope,
/// which stays in place for [`details`].
fn core<'db>(
    db: &'db Db,
    period: &Period,
    tenant: Option<&str>,
    targets: Option<&Targets>,
) -> Result<Scoped<'db>> {
    let scope = Scope::set(db, period, tenant)?;
    let loads = Loads::of(db, tenant)?;
    let whole = measures(&scope, targets)?.take(WHOLE_SCOPE);
    let metrics = assemble(&whole, &loads)?;
    Ok(Scoped {
        scope,
        metrics,
        counts: whole.counts,
        negatives: whole.negatives,
    })
}

/// The key of the one row the aggregate queries give when they do not group by tenant.
const WHOLE_SCOPE: &str = "*";

/// The block of every tenant of the database, from the scope in place (all tenants pooled):
/// the aggregate queries grouped by tenant, once, rather than the scope rebuilt per tenant.
fn tenant_blocks(
    scope: &Scope,
    names: &[String],
    targets: Option<&Targets>,
) -> Result<BTreeMap<String, TenantBlock>> {
    let with_sla = targets.filter(|t| !t.targets.is_empty());
    let (mut per_tenant, sla) = scope.grouped_by_tenant(|s| {
        let sla = with_sla
            .map(|t| service_levels::sla_by_key(s, t))
            .transpose()?;
        Ok((measures(s, targets)?, sla))
    })?;
    let scopes: Vec<Option<&str>> = names.iter().map(|name| Some(name.as_str())).collect();
    let loads = Loads::of_each(scope.db(), &scopes)?;
    names
        .iter()
        .zip(&loads)
        .map(|(name, loads)| {
            let m = per_tenant.take(name);
            let mut metrics = assemble(&m, loads)?;
            if let (Some(t), Some(sla)) = (with_sla, &sla) {
                metrics.sla = Some(service_levels::sla_of_key(sla, name, t));
            }
            Ok((name.clone(), TenantBlock { metrics }))
        })
        .collect()
}

/// Every tenant of the database, in name order.
fn tenants_of(db: &Db) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Tenant {
        tenant: String,
    }
    let names: Vec<Tenant> = db.rows(&q::TENANTS, &[])?;
    Ok(names.into_iter().map(|t| t.tenant).collect())
}

/// What the aggregate queries say about one scope key.
#[derive(Debug, Default)]
struct Measures {
    counts: Counts,
    durations: BTreeMap<String, Duration>,
    negatives: BTreeMap<String, i64>,
    backlog: workload::BacklogRow,
    history_months: i64,
    /// Business-time durations; `None` without a calendar.
    business: Option<BTreeMap<String, Duration>>,
    lists: inputs::Lists,
}

/// Runs the aggregate queries over the scope in place: one entry per scope key (`*`, each
/// tenant with rows when grouped by tenant, or each month of a history's scope). A key without
/// rows in a query keeps zeros.
fn measures(scope: &Scope, targets: Option<&Targets>) -> Result<ScopeMeasures> {
    let mut out: BTreeMap<String, Measures> = BTreeMap::new();
    if targets.is_some_and(|t| t.calendar.is_some()) {
        for (key, durations) in service_levels::business_durations(scope)? {
            out.entry(key).or_default().business = Some(durations);
        }
    }
    for (key, (durations, negatives)) in durations_of_scope(scope)? {
        let m = out.entry(key).or_default();
        m.durations = durations;
        m.negatives = negatives;
    }
    let rates = scope.records(&q::RATES)?;
    let columns = Rc::new(rates.columns.iter().cloned().collect::<BTreeSet<_>>());
    for row in rates.rows {
        let mut key = None;
        let mut values = BTreeMap::new();
        for (column, value) in row {
            match value {
                serde_json::Value::String(s) if column == "scope_key" => key = Some(s),
                // A sum over no rows is NULL: nothing counted.
                serde_json::Value::Null => {}
                other => {
                    let n = other.as_i64().ok_or_else(|| {
                        Error::Internal(format!(
                            "query `{}`: column `{column}` is not a whole number",
                            q::RATES.name
                        ))
                    })?;
                    values.insert(column, n);
                }
            }
        }
        let key = key.ok_or_else(|| {
            Error::Internal(format!(
                "query `{}` gave a row without scope_key",
                q::RATES.name
            ))
        })?;
        out.entry(key).or_default().counts = Counts {
            columns: Rc::clone(&columns),
            values,
            query: q::RATES.name,
        };
    }
    for b in scope.rows::<workload::BacklogRow>(&q::BACKLOG)? {
        let m = out.entry(b.scope_key.clone()).or_default();
        m.lists.backlog_ageing = b.ageing();
        m.backlog = b;
    }
    for (key, w) in workload::workload_by_key(scope)? {
        out.entry(key).or_default().lists.workload = w;
    }
    for (key, c) in categories::categories_by_key(scope)? {
        out.entry(key).or_default().lists.categories = c;
    }
    for (key, h) in categories::highlights_by_key(scope)? {
        out.entry(key).or_default().lists.highlights = h;
    }
    #[derive(Deserialize)]
    struct History {
        scope_key: String,
        history_months: i64,
    }
    let months = scope.history_windows();
    for h in scope.rows_with::<History>(&q::HISTORY_MONTHS, &[&months])? {
        out.entry(h.scope_key).or_default().history_months = h.history_months;
    }
    Ok(ScopeMeasures {
        by_key: out,
        columns,
        with_calendar: targets.is_some_and(|t| t.calendar.is_some()),
    })
}

/// The measures of every scope key, and the columns rates.sql returns.
struct ScopeMeasures {
    by_key: BTreeMap<String, Measures>,
    columns: Rc<BTreeSet<String>>,
    /// Business-time durations were measured: a key without incidents has n = 0 for them.
    with_calendar: bool,
}

impl ScopeMeasures {
    /// The measures of one scope key; a key no query saw has zeros, but its counts still know
    /// rates.sql's columns, so that a name the query does not return stays an error.
    fn take(&mut self, key: &str) -> Measures {
        let mut m = self.by_key.remove(key).unwrap_or_default();
        if self.with_calendar && m.business.is_none() {
            m.business = Some(BTreeMap::new());
        }
        if m.counts.columns.is_empty() {
            m.counts = Counts {
                columns: Rc::clone(&self.columns),
                values: BTreeMap::new(),
                query: q::RATES.name,
            };
        }
        m
    }
}

/// The metrics of one scope key from its measures (the catalog's assembly).
fn assemble(m: &Measures, loads: &Loads) -> Result<Metrics> {
    catalog::assemble(&Inputs {
        counts: &m.counts,
        durations: &m.durations,
        negatives: &m.negatives,
        backlog: m.backlog.backlog,
        history_months: m.history_months,
        loads,
        business: m.business.as_ref(),
        lists: &m.lists,
    })
}

/// The MTTR of another period of the same tenant scope; none when that period has no incident.
/// Reads incidents only: the trend's earlier periods lie outside the alerts a run from a lake
/// may have read (metrics/reach.rs), so they are checked against the incidents it read, and
/// only the durations query runs on the scope.
fn mttr_median(db: &Db, period: &Period, tenant: Option<&str>) -> Result<Option<Duration>> {
    db.check_measured_incidents(period.from, period.to, "the MTTR trend")?;
    let (from, to) = (rfc3339_micros(period.from), rfc3339_micros(period.to));
    let rows: PeriodRows = db.one(&q::PERIOD_ROWS, &[&from, &to, &tenant])?;
    if !rows.incidents {
        return Ok(None);
    }
    let scope = Scope::set_for_incidents(db, period, tenant)?;
    Ok(durations_of_scope(&scope)?
        .remove(WHOLE_SCOPE)
        .and_then(|(d, _)| d.get(MetricKey::mttr.def().name).cloned()))
}

/// Incidents and alerts a period holds, for commands that refuse to assess nothing.
pub fn has_rows(db: &Db, period: &Period, tenant: Option<&str>) -> Result<bool> {
    Ok(period_rows(db, period, tenant)?.any())
}

/// Whether a period holds incidents (not merged) and alerts created in it.
#[derive(Debug, Deserialize)]
struct PeriodRows {
    incidents: bool,
    alerts: bool,
}

impl PeriodRows {
    fn any(&self) -> bool {
        self.incidents || self.alerts
    }
}

fn period_rows(db: &Db, period: &Period, tenant: Option<&str>) -> Result<PeriodRows> {
    db.check_measured(period.from, period.to, "period_rows.sql")?;
    let (from, to) = (rfc3339_micros(period.from), rfc3339_micros(period.to));
    db.one(&q::PERIOD_ROWS, &[&from, &to, &tenant])
}

/// The duration metrics of the scope and the negative durations each excluded, per scope key.
#[allow(clippy::type_complexity)]
fn durations_of_scope(
    scope: &Scope,
) -> Result<BTreeMap<String, (BTreeMap<String, Duration>, BTreeMap<String, i64>)>> {
    #[derive(Deserialize)]
    struct Row {
        scope_key: String,
        metric: String,
        n: i64,
        mean_minutes: Option<f64>,
        median_minutes: Option<f64>,
        p90_minutes: Option<f64>,
        negative: i64,
    }
    let rows: Vec<Row> = scope.rows(&q::DURATIONS)?;
    let mut out: BTreeMap<String, (BTreeMap<String, Duration>, BTreeMap<String, i64>)> =
        BTreeMap::new();
    for r in rows {
        let (durations, negatives) = out.entry(r.scope_key).or_default();
        negatives.insert(r.metric.clone(), r.negative);
        durations.insert(
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

/// The change of the MTTR median against an earlier period, with the sample of each end.
fn change(current: &Duration, earlier: Option<Duration>) -> Change {
    let earlier = earlier.unwrap_or_default();
    let value = match (current.median_minutes, earlier.median_minutes) {
        (Some(c), Some(e)) if e > 0.0 => Some(c / e),
        _ => None,
    };
    Change {
        current: current.median_minutes,
        earlier: earlier.median_minutes,
        value,
        current_n: current.n,
        earlier_n: earlier.n,
        unavailable: None,
        not_computed: false,
    }
}

struct Details {
    by_severity: BTreeMap<String, Vec<SeverityDuration>>,
    distributions: BTreeMap<String, Vec<Bucket>>,
    closed_by: Closers,
    domains: Vec<DomainStats>,
    weekly: Vec<Week>,
    rules: Vec<RuleStats>,
    attack: Attack,
    data_quality: DataQuality,
}

/// The breakdowns of the main period; expects [`scope`] to hold that period.
fn details(
    scope: &Scope,
    period: &Period,
    tenant: Option<&str>,
    r: &Counts,
    negative_durations: BTreeMap<String, i64>,
) -> Result<Details> {
    #[derive(Deserialize)]
    struct SevRow {
        metric: String,
        severity: String,
        n: i64,
        mean_minutes: Option<f64>,
        median_minutes: Option<f64>,
        p90_minutes: Option<f64>,
    }
    // Every duration of durations_by_severity.sql has its list, empty in a period without
    // incidents (the documented shape, not `{}`).
    let mut by_severity: BTreeMap<String, Vec<SeverityDuration>> = [
        MetricKey::mttd,
        MetricKey::mtta,
        MetricKey::mttc,
        MetricKey::mttr,
    ]
    .iter()
    .map(|key| (key.def().name.to_string(), Vec::new()))
    .collect();
    for r in scope.rows::<SevRow>(&q::DURATIONS_BY_SEVERITY)? {
        by_severity
            .entry(r.metric)
            .or_default()
            .push(SeverityDuration {
                severity: r.severity,
                n: r.n,
                mean_minutes: r.mean_minutes,
                median_minutes: r.median_minutes,
                p90_minutes: r.p90_minutes,
            });
    }

    let buckets = weeks(period.from, period.to, &period.zone);
    let json = serde_json::Value::Array(
        buckets
            .iter()
            .map(|b| serde_json::json!({"label": b.label, "from": rfc3339_micros(b.start), "to": rfc3339_micros(b.end)}))
            .collect(),
    )
    .to_string();
    scope.execute(&q::BUCKETS, &[&json])?;
    scope.batch(&q::WEEK_HOURS)?;
    #[derive(Deserialize)]
    struct WeekRow {
        week: String,
        incidents: i64,
        alerts: i64,
        mttr_median_minutes: Option<f64>,
        noisy: i64,
        with_verdict: i64,
        closed_by_machine: i64,
        with_closed_by: i64,
    }
    let week_rows: Vec<WeekRow> = scope.rows(&q::WEEKLY)?;
    let weekly = week_rows
        .into_iter()
        .zip(&buckets)
        .map(|(w, b)| Week {
            week: w.week,
            from: rfc3339_bound(b.start),
            to: rfc3339_bound(b.end),
            incidents: w.incidents,
            alerts: w.alerts,
            mttr_median_minutes: w.mttr_median_minutes,
            noise_ratio: Ratio::new(w.noisy, w.with_verdict),
            automation_rate: Ratio::new(w.closed_by_machine, w.with_closed_by),
        })
        .collect();

    #[derive(Deserialize)]
    struct RuleRow {
        rule: String,
        rule_name: Option<String>,
        alerts: i64,
        true_positive: i64,
        benign_positive: i64,
        false_positive: i64,
        no_verdict: i64,
        noisy: i64,
        with_verdict: i64,
        closed_by_machine: i64,
        with_closed_by: i64,
    }
    let rules = scope
        .rows::<RuleRow>(&q::RULES)?
        .into_iter()
        .map(|r| RuleStats {
            rule: r.rule,
            rule_name: r.rule_name,
            alerts: r.alerts,
            true_positive: r.true_positive,
            benign_positive: r.benign_positive,
            false_positive: r.false_positive,
            no_verdict: r.no_verdict,
            noise_ratio: Ratio::new(r.noisy, r.with_verdict),
            automation_rate: Ratio::new(r.closed_by_machine, r.with_closed_by),
        })
        .collect();

    #[derive(Deserialize)]
    struct AttackRow {
        kind: String,
        name: String,
        alerts: i64,
    }
    let mut attack = Attack::default();
    for r in scope.rows::<AttackRow>(&q::ATTACK)? {
        let item = AttackItem {
            name: r.name,
            alerts: r.alerts,
        };
        if r.kind == "tactic" {
            attack.tactics.push(item);
        } else {
            attack.techniques.push(item);
        }
    }

    #[derive(Deserialize)]
    struct BucketRow {
        metric: String,
        label: String,
        lower_minutes: f64,
        upper_minutes: Option<f64>,
        incidents: i64,
    }
    let mut distributions: BTreeMap<String, Vec<Bucket>> = BTreeMap::new();
    for b in scope.rows::<BucketRow>(&q::DURATION_HISTOGRAM)? {
        distributions.entry(b.metric).or_default().push(Bucket {
            label: b.label,
            lower_minutes: b.lower_minutes,
            upper_minutes: b.upper_minutes,
            incidents: b.incidents,
        });
    }
    let domains: Vec<DomainStats> = scope.rows(&q::DOMAINS)?;

    let closed_by = Closers {
        human: r.get("closed_by_human")?,
        automation: r.get("closed_by_automation")?,
        ai: r.get("closed_by_ai")?,
        unknown: r.get("alerts")? - r.get("with_closed_by")?,
    };
    let loads = Loads::of(scope.db(), tenant)?;
    let incidents = r.get("incidents")?;
    let incidents_missing = BTreeMap::from([
        (
            "first_activity_at".to_string(),
            incidents - r.get("first_activity_known")?,
        ),
        (
            "acknowledged_at".to_string(),
            incidents - r.get("acknowledged_known")?,
        ),
        (
            "contained_at".to_string(),
            incidents - r.get("contained_known")?,
        ),
        (
            "closed_at".to_string(),
            incidents - r.get("with_closed_at")?,
        ),
    ]);
    // Every duration metric has its count, 0 in a period without an incident to measure.
    let mut negative_durations = negative_durations;
    for def in catalog::CATALOG
        .iter()
        .filter(|d| d.shape == catalog::Shape::Duration && d.present == catalog::Presence::Always)
    {
        negative_durations.entry(def.name.to_string()).or_insert(0);
    }
    let data_quality = DataQuality {
        rows_read: loads.rows_read,
        rows_rejected: loads.rows_rejected,
        negative_durations,
        incidents_missing,
        classification_unknown: r.get("closed_unclassified")? + r.get("closed_undetermined")?,
        closed_without_closed_at: r.get("closed_without_time")?,
        sources: loads
            .sources
            .as_deref()
            .map(|s| s.split(", ").map(str::to_string).collect())
            .unwrap_or_default(),
    };
    Ok(Details {
        by_severity,
        distributions,
        closed_by,
        domains,
        weekly,
        rules,
        attack,
        data_quality,
    })
}
