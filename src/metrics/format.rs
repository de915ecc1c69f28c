//! Renderers of a [`MetricsReport`]: the JSON contract, a CSV of metric fields, a table for people.

use std::fmt::Write as _;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::humanize;
use crate::metrics::model::{Duration, Metrics, MetricsReport, Ratio};

/// Labels of the metrics, in output order: (key, label for people).
pub const LABELS: &[(&str, &str)] = &[
    ("incidents", "incidents"),
    ("alerts", "alerts"),
    ("backlog", "backlog (open at period end)"),
    ("automation_actions", "automation actions"),
    ("tp_tactics", "ATT&CK tactics in true positives"),
    (
        "true_positive_alerts",
        "alerts with a true-positive verdict",
    ),
    ("history_months", "months of history"),
    ("mttd", "MTTD  first activity → created"),
    ("mtta", "MTTA  created → acknowledged"),
    ("mttc", "MTTC  created → contained"),
    ("mttr", "MTTR  created → closed"),
    ("noise_ratio", "noise ratio (FP + BP / with verdict)"),
    (
        "noise_ratio_upper",
        "noise ratio, unrecorded verdicts as noise",
    ),
    ("verdict_coverage", "closed alerts with a verdict"),
    (
        "automation_rate",
        "automation rate (closed by automation or AI)",
    ),
    ("alert_linkage_rate", "alerts linked to an incident"),
    ("alerts_per_incident", "alerts per incident"),
    ("cross_domain_rate", "cross-domain incidents"),
    ("identity_context_rate", "incidents with identity context"),
    ("classification_completeness", "closed incidents classified"),
    ("ai_assist_rate", "AI-assisted incidents"),
    (
        "human_oversight_rate",
        "containment/remediation approved by a human",
    ),
    ("alerts_with_rule_id_rate", "alerts with a rule id"),
    (
        "alerts_with_techniques_rate",
        "alerts with ATT&CK techniques",
    ),
    ("noisy_rule_alert_share", "alerts from rules ≥ 90 % noise"),
    (
        "enrich_triage_rate",
        "incidents enriched or triaged by automation",
    ),
    (
        "closed_with_times_rate",
        "closed incidents with a closing time",
    ),
    (
        "first_activity_known_rate",
        "incidents with first activity known",
    ),
    (
        "acknowledged_known_rate",
        "incidents with acknowledgement time",
    ),
    ("negative_duration_rate", "negative durations (excluded)"),
    ("rejected_row_rate", "rows rejected at load"),
    ("mttd_coverage", "incidents with a measurable MTTD"),
    ("mtta_coverage", "incidents with a measurable MTTA"),
    ("mttr_coverage", "closed incidents with a measurable MTTR"),
    (
        "mttr_median_change_3p",
        "MTTR median vs three periods earlier",
    ),
];

pub fn json(report: &MetricsReport) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(report).map_err(|e| Error::Output {
        what: "JSON",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// One row per metric field: `tenant,metric,field,value` (tenant empty for the pooled scope).
pub fn csv(report: &MetricsReport) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Output {
        what: "CSV",
        message: e.to_string(),
    };
    w.write_record([
        "period_from",
        "period_to",
        "tenant",
        "metric",
        "field",
        "value",
    ])
    .map_err(io)?;
    let mut blocks: Vec<(String, &Metrics)> =
        vec![(report.tenant.clone().unwrap_or_default(), &report.metrics)];
    if let Some(tenants) = &report.tenants {
        blocks.extend(tenants.iter().map(|(name, b)| (name.clone(), &b.metrics)));
    }
    for (tenant, metrics) in blocks {
        let Value::Object(fields) = serde_json::to_value(metrics).unwrap_or(Value::Null) else {
            continue;
        };
        for (metric, value) in fields {
            let Value::Object(parts) = value else {
                continue;
            };
            for (field, v) in parts {
                let text = match v {
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                w.write_record([
                    &report.period.from,
                    &report.period.to,
                    &tenant,
                    &metric,
                    &field,
                    &text,
                ])
                .map_err(io)?;
            }
        }
    }
    w.into_inner().map_err(|e| Error::Output {
        what: "CSV",
        message: e.to_string(),
    })
}

/// An aligned text table for a terminal.
pub fn table(report: &MetricsReport) -> Vec<u8> {
    let m = &report.metrics;
    let prev = report.previous.as_ref().map(|p| &p.metrics);
    let mut out = String::new();
    let scope = report
        .tenant
        .as_deref()
        .map_or_else(|| "all tenants".to_string(), |t| format!("tenant {t}"));
    let _ = writeln!(
        out,
        "socgauge metrics · {scope} · {} ({} → {}, {})",
        report.period.label, report.period.from, report.period.to, report.period.timezone
    );
    if report.period.partial {
        let _ = writeln!(out, "partial period: the data stops before its last day");
    }
    if let Some(p) = &report.previous {
        let _ = writeln!(out, "previous period: {}", p.period.label);
    }

    let _ = writeln!(out, "\nVolume{:>43}{:>12}", "value", "previous");
    for key in [
        "incidents",
        "alerts",
        "backlog",
        "automation_actions",
        "tp_tactics",
        "true_positive_alerts",
        "history_months",
    ] {
        let value = count(m, key);
        let before = prev.and_then(|p| count(p, key));
        let _ = writeln!(
            out,
            "  {:<43}{:>6}{:>12}",
            label(key),
            opt_int(value),
            opt_int(before)
        );
    }

    let _ = writeln!(
        out,
        "\nResponse times{:>26}{:>10}{:>10}{:>10}{:>12}",
        "n", "mean", "median", "p90", "prev median"
    );
    for (key, d) in [
        ("mttd", &m.mttd),
        ("mtta", &m.mtta),
        ("mttc", &m.mttc),
        ("mttr", &m.mttr),
    ] {
        let before = prev.map(|p| duration(p, key).median_minutes);
        let _ = writeln!(
            out,
            "  {:<34}{:>4}{:>10}{:>10}{:>10}{:>12}",
            label(key),
            d.n,
            humanize::minutes(d.mean_minutes),
            humanize::minutes(d.median_minutes),
            humanize::minutes(d.p90_minutes),
            before.map_or_else(|| "–".to_string(), humanize::minutes)
        );
    }

    let _ = writeln!(
        out,
        "\nRatios{:>48}{:>26}{:>12}",
        "value", "numerator / denominator", "previous"
    );
    for (key, r) in ratios(m) {
        let value = show_ratio(key, r.value);
        let before = prev
            .and_then(|p| ratio_of(p, key))
            .map(|pr| show_ratio(key, pr.value));
        let _ = writeln!(
            out,
            "  {:<44}{:>8}{:>26}{:>12}",
            label(key),
            value,
            format!("{} / {}", r.numerator, r.denominator),
            before.unwrap_or_else(|| "–".into())
        );
    }
    let c = &m.mttr_median_change_3p;
    let _ = writeln!(
        out,
        "  {:<44}{:>8}{:>26}",
        label("mttr_median_change_3p"),
        humanize::number(c.value),
        format!(
            "{} / {}",
            humanize::minutes(c.current),
            humanize::minutes(c.earlier)
        )
    );

    if !report.rules.is_empty() {
        let _ = writeln!(
            out,
            "\nNoisiest rules{:>50}{:>8}{:>10}",
            "alerts", "noisy", "noise"
        );
        for r in report.rules.iter().take(5) {
            let name = r.rule_name.as_deref().unwrap_or(&r.rule);
            let _ = writeln!(
                out,
                "  {:<56}{:>6}{:>8}{:>10}",
                truncate(
                    &format!("{} {}", r.rule, if name == r.rule { "" } else { name }),
                    56
                ),
                r.alerts,
                r.noise_ratio.numerator,
                humanize::percent(r.noise_ratio.value)
            );
        }
    }
    let missing = m.unavailable();
    if !missing.is_empty() {
        let _ = writeln!(out, "\nNot available from this export (shown as –):");
        for (key, reason) in missing {
            let why = reason
                .strip_prefix("not available from this export: ")
                .unwrap_or(reason);
            let _ = writeln!(out, "  {:<44}{why}", label(key));
        }
    }
    let dq = &report.data_quality;
    let _ = writeln!(
        out,
        "\nData quality: {} of {} rows rejected at load; negative durations excluded: {}; closed incidents without a usable classification: {}",
        dq.rows_rejected,
        dq.rows_read,
        dq.negative_durations.values().sum::<i64>(),
        dq.classification_unknown
    );
    let _ = writeln!(out, "Definitions: docs/metrics.md");
    out.into_bytes()
}

/// The label for people of a metric key (empty for an unknown key).
pub fn label(key: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, l)| l)
}

fn count(m: &Metrics, key: &str) -> Option<i64> {
    match key {
        "incidents" => &m.incidents,
        "alerts" => &m.alerts,
        "backlog" => &m.backlog,
        "automation_actions" => &m.automation_actions,
        "tp_tactics" => &m.tp_tactics,
        "true_positive_alerts" => &m.true_positive_alerts,
        "history_months" => &m.history_months,
        _ => return None,
    }
    .known()
}

fn duration<'a>(m: &'a Metrics, key: &str) -> &'a Duration {
    match key {
        "mttd" => &m.mttd,
        "mtta" => &m.mtta,
        "mttc" => &m.mttc,
        _ => &m.mttr,
    }
}

fn ratios(m: &Metrics) -> Vec<(&'static str, &Ratio)> {
    vec![
        ("noise_ratio", &m.noise_ratio),
        ("noise_ratio_upper", &m.noise_ratio_upper),
        ("verdict_coverage", &m.verdict_coverage),
        ("automation_rate", &m.automation_rate),
        ("alert_linkage_rate", &m.alert_linkage_rate),
        ("alerts_per_incident", &m.alerts_per_incident),
        ("cross_domain_rate", &m.cross_domain_rate),
        ("identity_context_rate", &m.identity_context_rate),
        (
            "classification_completeness",
            &m.classification_completeness,
        ),
        ("ai_assist_rate", &m.ai_assist_rate),
        ("human_oversight_rate", &m.human_oversight_rate),
        ("alerts_with_rule_id_rate", &m.alerts_with_rule_id_rate),
        (
            "alerts_with_techniques_rate",
            &m.alerts_with_techniques_rate,
        ),
        ("noisy_rule_alert_share", &m.noisy_rule_alert_share),
        ("enrich_triage_rate", &m.enrich_triage_rate),
        ("closed_with_times_rate", &m.closed_with_times_rate),
        ("first_activity_known_rate", &m.first_activity_known_rate),
        ("acknowledged_known_rate", &m.acknowledged_known_rate),
        ("negative_duration_rate", &m.negative_duration_rate),
        ("rejected_row_rate", &m.rejected_row_rate),
        ("mttd_coverage", &m.mttd_coverage),
        ("mtta_coverage", &m.mtta_coverage),
        ("mttr_coverage", &m.mttr_coverage),
    ]
}

/// A ratio's value for people: alerts per incident as a number, every other ratio as a share.
fn show_ratio(key: &str, value: Option<f64>) -> String {
    if key == "alerts_per_incident" {
        humanize::number(value)
    } else {
        humanize::percent(value)
    }
}

fn ratio_of<'a>(m: &'a Metrics, key: &str) -> Option<&'a Ratio> {
    ratios(m)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, r)| r)
}

fn opt_int(v: Option<i64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

/// Shortens data text for a terminal column; control characters (escape sequences in hostile
/// data) are replaced so they cannot drive the terminal.
fn truncate(s: &str, width: usize) -> String {
    let cleaned: String = s
        .trim()
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    let s = cleaned.as_str();
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
