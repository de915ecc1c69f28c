//! The metrics engine: period + tenant → the SQL in `queries/metrics/` → [`MetricsReport`].
//! Rust only maps rows into the contract structs and divides numerators by denominators.

pub mod availability;
pub mod format;
pub mod model;
pub mod period;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::Db;
use crate::error::Result;
use crate::queries::metrics as q;
use crate::time::{rfc3339, weeks};

pub use model::*;
pub use period::{Period, PeriodRequest, PeriodSettings};

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
    crate::facts::ensure(db)?;
    let exports = availability::ByTenant::load(db)?;
    let availability = exports.of(tenant);
    let main = core(db, period, tenant)?;
    let details = details(db, period, &main.rates, main.negatives)?;
    let mut metrics = main.metrics;
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
                            metrics: metrics.clone(),
                        },
                    )
                })
                .collect(),
        ),
        Some(names) => Some(tenant_blocks(db, period, names)?),
        None => None,
    };

    metrics.mttr_median_change_3p = change(
        &metrics.mttr,
        mttr_median(db, &period.earlier(TREND_PERIODS), tenant)?,
    );

    let previous_period = period.earlier(1);
    let previous = if period_rows(db, &previous_period, tenant)?.any() {
        let mut previous_metrics = core(db, &previous_period, tenant)?.metrics;
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
    })
}

/// The metrics of one period and what the breakdowns of the main period reuse.
struct Scoped {
    metrics: Metrics,
    rates: Rates,
    negatives: BTreeMap<String, i64>,
}

/// Sets up the populations of `period` (scope.sql) and returns the metrics that read them. The
/// populations stay in place for [`details`].
fn core(db: &Db, period: &Period, tenant: Option<&str>) -> Result<Scoped> {
    scope(db, period, tenant)?;
    let loads: Loads = db.one(&q::LOADS, &[])?;
    let whole = measures(db, period)?
        .remove(WHOLE_SCOPE)
        .unwrap_or_default();
    let metrics = assemble(&whole, &loads);
    Ok(Scoped {
        metrics,
        rates: whole.rates,
        negatives: whole.negatives,
    })
}

/// The key of the one row the aggregate queries give when they do not group by tenant.
const WHOLE_SCOPE: &str = "*";

/// The block of every tenant of the database, from the scope in place (all tenants pooled):
/// the aggregate queries grouped by tenant, once, rather than the scope rebuilt per tenant.
fn tenant_blocks(
    db: &Db,
    period: &Period,
    names: &[String],
) -> Result<BTreeMap<String, TenantBlock>> {
    let loads: Loads = db.one(&q::LOADS, &[])?;
    db.execute(&q::BY_TENANT, &[&true])?;
    let grouped = measures(db, period);
    // Back to one row for the whole scope, whether or not measuring worked.
    db.execute(&q::BY_TENANT, &[&false])?;
    let mut per_tenant = grouped?;
    Ok(names
        .iter()
        .map(|name| {
            let m = per_tenant.remove(name).unwrap_or_default();
            let metrics = assemble(&m, &loads);
            (name.clone(), TenantBlock { metrics })
        })
        .collect())
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
    rates: Rates,
    durations: BTreeMap<String, Duration>,
    negatives: BTreeMap<String, i64>,
    backlog: i64,
    history_months: i64,
}

/// Runs the aggregate queries over the scope in place: one entry per scope key (`*`, or each
/// tenant with rows when m_params.by_tenant is set). A key without rows in a query keeps zeros.
fn measures(db: &Db, period: &Period) -> Result<BTreeMap<String, Measures>> {
    let mut out: BTreeMap<String, Measures> = BTreeMap::new();
    for (key, (durations, negatives)) in durations_of_scope(db)? {
        let m = out.entry(key).or_default();
        m.durations = durations;
        m.negatives = negatives;
    }
    let rates: Vec<Rates> = db.rows(&q::RATES, &[])?;
    for r in rates {
        let key = r.scope_key.clone();
        out.entry(key).or_default().rates = r;
    }
    #[derive(Deserialize)]
    struct Backlog {
        scope_key: String,
        backlog: i64,
    }
    let backlogs: Vec<Backlog> = db.rows(&q::BACKLOG, &[])?;
    for b in backlogs {
        out.entry(b.scope_key).or_default().backlog = b.backlog;
    }
    #[derive(Deserialize)]
    struct History {
        scope_key: String,
        history_months: i64,
    }
    let months = serde_json::Value::Array(
        period
            .history_months()
            .iter()
            .map(|(from, to)| serde_json::json!({"from": rfc3339_micros(*from), "to": rfc3339_micros(*to)}))
            .collect(),
    )
    .to_string();
    let history: Vec<History> = db.rows(&q::HISTORY_MONTHS, &[&months])?;
    for h in history {
        out.entry(h.scope_key).or_default().history_months = h.history_months;
    }
    Ok(out)
}

/// The metrics of one scope key from its measures.
fn assemble(m: &Measures, loads: &Loads) -> Metrics {
    let r = &m.rates;
    let get = |k: &str| m.durations.get(k).cloned().unwrap_or_default();
    let (mttd, mtta, mttc, mttr) = (get("mttd"), get("mtta"), get("mttc"), get("mttr"));
    Metrics {
        incidents: Count::new(r.incidents),
        alerts: Count::new(r.alerts),
        mttd_coverage: Ratio::new(mttd.n, r.incidents),
        mtta_coverage: Ratio::new(mtta.n, r.incidents),
        mttr_coverage: Ratio::new(mttr.n, r.closed),
        mttd,
        mtta,
        mttc,
        mttr,
        noise_ratio: Ratio::new(r.noisy, r.with_verdict),
        noise_ratio_upper: Ratio::new(r.noisy_upper, r.alerts),
        verdict_coverage: Ratio::new(r.closed_with_verdict, r.closed_alerts),
        automation_rate: Ratio::new(r.closed_by_machine, r.with_closed_by),
        alert_linkage_rate: Ratio::new(r.linked, r.alerts),
        alerts_per_incident: Ratio::new(r.linked_alerts.unwrap_or(0), r.incidents_with_alerts),
        cross_domain_rate: Ratio::new(r.cross_domain, r.incidents_with_alerts),
        identity_context_rate: Ratio::new(r.identity_context, r.incidents_with_alerts),
        classification_completeness: Ratio::new(r.classified_closed, r.with_closed_at),
        ai_assist_rate: Ratio::new(r.ai_assisted, r.incidents),
        human_oversight_rate: Ratio::new(r.approved_response_actions, r.response_actions),
        backlog: Count::new(m.backlog),
        alerts_with_rule_id_rate: Ratio::new(r.with_rule_id, r.alerts),
        alerts_with_techniques_rate: Ratio::new(r.with_techniques, r.alerts),
        tp_tactics: Count::new(r.tp_tactics),
        true_positive_alerts: Count::new(r.true_positive),
        noisy_rule_alert_share: Ratio::new(r.alerts_from_noisy_rules, r.alerts),
        enrich_triage_rate: Ratio::new(r.enriched, r.incidents),
        automation_actions: Count::new(r.actions),
        closed_with_times_rate: Ratio::new(r.closed - r.closed_without_time, r.closed),
        first_activity_known_rate: Ratio::new(r.first_activity_known, r.incidents),
        acknowledged_known_rate: Ratio::new(r.acknowledged_known, r.incidents),
        negative_duration_rate: Ratio::new(r.durations_negative, r.durations_known),
        rejected_row_rate: Ratio::new(loads.rows_rejected, loads.rows_read),
        history_months: Count::new(m.history_months),
        mttr_median_change_3p: Change::default(),
    }
}

/// Sets the period and tenant every metric query reads, and the views of the populations.
fn scope(db: &Db, period: &Period, tenant: Option<&str>) -> Result<()> {
    let (from, to) = (rfc3339_micros(period.from), rfc3339_micros(period.to));
    db.execute(&q::PARAMS, &[&from, &to, &tenant])?;
    db.batch(&q::VARIABLES)?;
    db.batch(&q::SCOPE)
}

/// The MTTR of another period of the same tenant scope; none when that period has no incident.
fn mttr_median(db: &Db, period: &Period, tenant: Option<&str>) -> Result<Option<Duration>> {
    if period_rows(db, period, tenant)?.incidents == 0 {
        return Ok(None);
    }
    scope(db, period, tenant)?;
    Ok(durations_of_scope(db)?
        .remove(WHOLE_SCOPE)
        .and_then(|(mut d, _)| d.remove("mttr")))
}

/// Incidents and alerts created in a period.
#[derive(Debug, Deserialize)]
struct PeriodRows {
    incidents: i64,
    alerts: i64,
}

impl PeriodRows {
    fn any(&self) -> bool {
        self.incidents + self.alerts > 0
    }
}

fn period_rows(db: &Db, period: &Period, tenant: Option<&str>) -> Result<PeriodRows> {
    let (from, to) = (rfc3339_micros(period.from), rfc3339_micros(period.to));
    db.one(&q::PERIOD_ROWS, &[&from, &to, &tenant])
}

/// The duration metrics of the scope and the negative durations each excluded, per scope key.
#[allow(clippy::type_complexity)]
fn durations_of_scope(
    db: &Db,
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
    let rows: Vec<Row> = db.rows(&q::DURATIONS, &[])?;
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
                unavailable: None,
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
    }
}

/// Incidents and alerts a period holds, for commands that refuse to assess nothing.
pub fn has_rows(db: &Db, period: &Period, tenant: Option<&str>) -> Result<bool> {
    Ok(period_rows(db, period, tenant)?.any())
}

/// Numerators and denominators from rates.sql.
#[derive(Debug, Default, Deserialize)]
struct Rates {
    scope_key: String,
    incidents: i64,
    linked_alerts: Option<i64>,
    incidents_with_alerts: i64,
    cross_domain: i64,
    identity_context: i64,
    with_closed_at: i64,
    classified_closed: i64,
    ai_assisted: i64,
    enriched: i64,
    closed: i64,
    first_activity_known: i64,
    acknowledged_known: i64,
    closed_without_time: i64,
    closed_unclassified: i64,
    closed_undetermined: i64,
    contained_known: i64,
    durations_known: i64,
    durations_negative: i64,
    alerts: i64,
    noisy: i64,
    with_verdict: i64,
    noisy_upper: i64,
    closed_alerts: i64,
    closed_with_verdict: i64,
    true_positive: i64,
    closed_by_machine: i64,
    closed_by_human: i64,
    closed_by_automation: i64,
    closed_by_ai: i64,
    with_closed_by: i64,
    linked: i64,
    with_rule_id: i64,
    with_techniques: i64,
    tp_tactics: i64,
    alerts_from_noisy_rules: i64,
    actions: i64,
    response_actions: i64,
    approved_response_actions: i64,
}

#[derive(Debug, Deserialize)]
struct Loads {
    rows_read: i64,
    rows_rejected: i64,
    sources: Option<String>,
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
    db: &Db,
    period: &Period,
    r: &Rates,
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
    let mut by_severity: BTreeMap<String, Vec<SeverityDuration>> = BTreeMap::new();
    for r in db.rows::<SevRow>(&q::DURATIONS_BY_SEVERITY, &[])? {
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
    db.execute(&q::BUCKETS, &[&json])?;
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
    let week_rows: Vec<WeekRow> = db.rows(&q::WEEKLY, &[])?;
    let weekly = week_rows
        .into_iter()
        .zip(&buckets)
        .map(|(w, b)| Week {
            week: w.week,
            from: rfc3339(b.start),
            to: rfc3339(b.end),
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
    let rules = db
        .rows::<RuleRow>(&q::RULES, &[])?
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
    for r in db.rows::<AttackRow>(&q::ATTACK, &[])? {
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
    for b in db.rows::<BucketRow>(&q::DURATION_HISTOGRAM, &[])? {
        distributions.entry(b.metric).or_default().push(Bucket {
            label: b.label,
            lower_minutes: b.lower_minutes,
            upper_minutes: b.upper_minutes,
            incidents: b.incidents,
        });
    }
    let domains: Vec<DomainStats> = db.rows(&q::DOMAINS, &[])?;

    let closed_by = Closers {
        human: r.closed_by_human,
        automation: r.closed_by_automation,
        ai: r.closed_by_ai,
        unknown: r.alerts - r.with_closed_by,
    };
    let loads: Loads = db.one(&q::LOADS, &[])?;
    let incidents_missing = BTreeMap::from([
        (
            "first_activity_at".to_string(),
            r.incidents - r.first_activity_known,
        ),
        (
            "acknowledged_at".to_string(),
            r.incidents - r.acknowledged_known,
        ),
        ("contained_at".to_string(), r.incidents - r.contained_known),
        ("closed_at".to_string(), r.incidents - r.with_closed_at),
    ]);
    let data_quality = DataQuality {
        rows_read: loads.rows_read,
        rows_rejected: loads.rows_rejected,
        negative_durations,
        incidents_missing,
        classification_unknown: r.closed_unclassified + r.closed_undetermined,
        closed_without_closed_at: r.closed_without_time,
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

/// RFC 3339 with microseconds, so that period bounds reach SQL exactly.
fn rfc3339_micros(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
