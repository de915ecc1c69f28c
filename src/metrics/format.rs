//! Renderers of a [`MetricsReport`]: the JSON contract, a CSV of metric fields, a table for people.

use std::fmt::Write as _;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::humanize;
use crate::metrics::catalog::{MetricDef, MetricRef, Shape, CATALOG};
use crate::metrics::model::{Metrics, MetricsReport};

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
    for def in of_shape(Shape::Count) {
        let value = count(def.of(m));
        let before = prev.and_then(|p| count(def.of(p)));
        let _ = writeln!(
            out,
            "  {:<43}{:>6}{:>12}",
            def.label,
            opt_int(value),
            opt_int(before)
        );
    }

    let _ = writeln!(
        out,
        "\nResponse times{:>26}{:>10}{:>10}{:>10}{:>12}",
        "n", "mean", "median", "p90", "prev median"
    );
    for def in of_shape(Shape::Duration) {
        let MetricRef::Duration(d) = def.of(m) else {
            continue;
        };
        let before = prev.map(|p| def.of(p).headline());
        let _ = writeln!(
            out,
            "  {:<34}{:>4}{:>10}{:>10}{:>10}{:>12}",
            def.label,
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
    for def in of_shape(Shape::Ratio) {
        let MetricRef::Ratio(r) = def.of(m) else {
            continue;
        };
        let before = prev.map(|p| def.unit.show(def.of(p).headline()));
        let _ = writeln!(
            out,
            "  {:<44}{:>8}{:>26}{:>12}",
            def.label,
            def.unit.show(r.value),
            format!("{} / {}", r.numerator, r.denominator),
            before.unwrap_or_else(|| "–".into())
        );
    }
    for def in of_shape(Shape::Change) {
        let MetricRef::Change(c) = def.of(m) else {
            continue;
        };
        // A change compares two medians of a duration metric: its parts are minutes.
        let _ = writeln!(
            out,
            "  {:<44}{:>8}{:>26}",
            def.label,
            def.unit.show(c.value),
            format!(
                "{} / {}",
                humanize::minutes(c.current),
                humanize::minutes(c.earlier)
            )
        );
    }

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
        for (def, reason) in missing {
            let why = reason
                .strip_prefix("not available from this export: ")
                .unwrap_or(reason);
            let _ = writeln!(out, "  {:<44}{why}", def.label);
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

/// The catalog's metrics of one shape, in catalog order.
fn of_shape(shape: Shape) -> impl Iterator<Item = &'static MetricDef> {
    CATALOG.iter().filter(move |d| d.shape == shape)
}

/// A count's value, unless the exports cannot give it.
fn count(value: MetricRef) -> Option<i64> {
    match value {
        MetricRef::Count(c) => c.known(),
        _ => None,
    }
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
