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
            let mut cells = Vec::new();
            match &value {
                Value::Object(parts) => {
                    for (field, v) in parts {
                        flatten(field, v, &mut cells);
                    }
                }
                // A list at the top (`sla`): its items named from the metric.
                Value::Array(_) => flatten("", &value, &mut cells),
                _ => continue,
            }
            for (field, text) in cells {
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

/// The fields that name a list item in CSV paths instead of its position: a service-level row
/// (`severity`, `target`) and a time-saved row (`action`, `playbook`).
const ITEM_IDS: [&str; 4] = ["severity", "target", "action", "playbook"];

/// The name of a list item made of its identifying fields, when it is a service-level row (it
/// has a `target`) or a time-saved row (an `action`); other rows (a highlight has a severity
/// too) are named by position.
fn item_name(item: &Value) -> Option<String> {
    item.get("target")
        .or_else(|| item.get("action"))?
        .as_str()?;
    let ids: Vec<&str> = ITEM_IDS
        .iter()
        .filter_map(|k| item.get(*k).and_then(Value::as_str))
        .collect();
    Some(ids.join("."))
}

/// The CSV cells of one metric field, named by their path from the metric: an object's fields by
/// name; a list's items by their identifying fields when [`item_name`] gives them
/// (`critical.acknowledge.n`, `by_action.contain.Isolate host.runs`, those fields then only in
/// the name), else by position (`rows.0.owner`); a scalar as its JSON text (text in quotes, null
/// empty). An empty list is one empty cell, so that every metric has a row.
fn flatten(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let join = |name: &str| match (path.is_empty(), name.is_empty()) {
        (true, _) => name.to_string(),
        (false, true) => path.to_string(),
        (false, false) => format!("{path}.{name}"),
    };
    match value {
        Value::Null => out.push((path.to_string(), String::new())),
        Value::Array(items) if items.is_empty() => out.push((path.to_string(), String::new())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                match (item, item_name(item)) {
                    (Value::Object(fields), Some(id)) => {
                        let name = join(&id);
                        for (k, v) in fields {
                            if !ITEM_IDS.contains(&k.as_str()) {
                                flatten(&format!("{name}.{k}"), v, out);
                            }
                        }
                    }
                    _ => flatten(&join(&i.to_string()), item, out),
                }
            }
        }
        Value::Object(fields) => {
            for (name, v) in fields {
                flatten(&join(name), v, out);
            }
        }
        other => out.push((path.to_string(), other.to_string())),
    }
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
        if d.not_computed {
            continue;
        }
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

    lists(&mut out, m);

    if let Some(sla) = &m.sla {
        let _ = writeln!(
            out,
            "\nService levels{:>31}{:>10}{:>6}{:>6}{:>9}{:>16}{:>10}{:>8}",
            "target", "hours", "n", "met", "breached", "compliance", "overrun", "open>"
        );
        for r in sla {
            let _ = writeln!(
                out,
                "  {:<24}{:>19}{:>10}{:>6}{:>6}{:>9}{:>16}{:>10}{:>8}",
                format!("{} {}", r.severity, r.target),
                humanize::minutes(Some(r.target_minutes)),
                r.hours,
                r.n,
                r.met,
                r.breached,
                format!(
                    "{} {}",
                    humanize::percent(r.compliance_rate),
                    r.status.map_or("–", |s| s.name())
                ),
                humanize::minutes(r.median_overrun_minutes),
                r.open_past_target
            );
        }
    }
    if let Some(t) = &m.time_saved {
        let cost = match (t.cost_saved, &t.currency) {
            (Some(c), Some(cur)) => format!(", about {c:.0} {cur}"),
            (Some(c), None) => format!(", about {c:.0}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "\nTime saved by automation (estimate, not a measurement): {:.1} h from {} successful runs, {:.2} analyst FTE{cost}",
            t.hours_saved, t.runs, t.fte_equivalent
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
            // A label as long as the column still leaves a space before its reason.
            let _ = writeln!(out, "  {:<44} {why}", def.label);
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

/// The list-shaped metrics, each under its catalog label: workload, backlog ageing, categories,
/// highlights. Names and titles are data: shortened and stripped of control characters.
fn lists(out: &mut String, m: &Metrics) {
    for def in CATALOG.iter().filter(|d| d.shape.is_list()) {
        let value = def.of(m);
        // Why it is missing is listed under "Not available from this export".
        if value.unavailable_reason().is_some() {
            let _ = writeln!(out, "\n{}: –", def.label);
            continue;
        }
        match value {
            MetricRef::Workload(w) => {
                let _ = writeln!(
                    out,
                    "\n{:<34}{:>9}{:>8}{:>10}{:>10}{:>8}",
                    def.label, "assigned", "closed", "MTTA med", "MTTR med", "open"
                );
                for r in &w.rows {
                    let _ = writeln!(
                        out,
                        "  {:<32}{:>9}{:>8}{:>10}{:>10}{:>8}",
                        truncate(&r.owner, 32),
                        r.assigned,
                        r.closed,
                        humanize::minutes(r.mtta_median_minutes),
                        humanize::minutes(r.mttr_median_minutes),
                        r.open_at_end
                    );
                }
            }
            MetricRef::BacklogAgeing(a) => {
                let _ = writeln!(out, "\n{}", def.label);
                for b in &a.rows {
                    let _ = writeln!(out, "  {:<32}{:>9}", b.label, b.incidents);
                }
            }
            MetricRef::Categories(c) => {
                let _ = writeln!(
                    out,
                    "\n{}\n  {:<32}{:>9}{:>10}{:>8}",
                    def.label, "category", "incidents", "MTTR med", "alerts"
                );
                for r in &c.rows {
                    let _ = writeln!(
                        out,
                        "  {:<32}{:>9}{:>10}{:>8}",
                        truncate(r.category.as_deref().unwrap_or("(no category)"), 32),
                        r.incidents,
                        humanize::minutes(r.mttr_median_minutes),
                        r.alerts
                    );
                }
            }
            MetricRef::Highlights(h) => {
                let _ = writeln!(
                    out,
                    "\n{} ({}){:>14}{:>10}",
                    def.label, h.total, "contain", "resolve"
                );
                for r in &h.rows {
                    let _ = writeln!(
                        out,
                        "  {:<9}{:<50}{:>10}{:>10}",
                        r.severity,
                        truncate(
                            &format!(
                                "{} {} [{}]",
                                r.incident_id,
                                r.title.as_deref().unwrap_or(""),
                                r.category.as_deref().unwrap_or("–")
                            ),
                            49
                        ),
                        humanize::minutes(r.contain_minutes),
                        humanize::minutes(r.resolve_minutes)
                    );
                }
            }
            MetricRef::Count(_)
            | MetricRef::Ratio(_)
            | MetricRef::Duration(_)
            | MetricRef::Change(_) => {}
        }
    }
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
/// data) and direction overrides are replaced so they cannot drive or reorder the terminal line.
fn truncate(s: &str, width: usize) -> String {
    let cleaned: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || crate::terminal::is_reordering_or_invisible(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    crate::terminal::cut(&cleaned, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cells(metric: &Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        match metric {
            Value::Object(parts) => {
                for (field, v) in parts {
                    flatten(field, v, &mut out);
                }
            }
            other => flatten("", other, &mut out),
        }
        out
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// One flattener for every metric: service-level and time-saved rows named by what they
    /// are, other rows (a highlight has a severity too) by position, text as JSON strings.
    #[test]
    fn list_items_are_named_by_their_identity_or_their_position() {
        let sla = json!([{"severity": "critical", "target": "acknowledge", "hours": "business",
                          "n": 2, "compliance_rate": null}]);
        assert_eq!(
            cells(&sla),
            pairs(&[
                ("critical.acknowledge.hours", "\"business\""),
                ("critical.acknowledge.n", "2"),
                ("critical.acknowledge.compliance_rate", ""),
            ])
        );
        let saved = json!({"by_action": [
            {"action": "enrich", "playbook": null, "runs": 2},
            {"action": "contain", "playbook": "=HYPERLINK(1)\u{7}", "runs": 1}],
            "currency": "EUR"});
        assert_eq!(
            cells(&saved),
            pairs(&[
                ("by_action.enrich.runs", "2"),
                ("by_action.contain.=HYPERLINK(1)\u{7}.runs", "1"),
                ("currency", "\"EUR\""),
            ])
        );
        let highlights = json!({"total": 1, "rows": [
            {"incident_id": "=cmd|' /C calc'!A0", "severity": "critical", "title": "a\u{1b}b"}]});
        assert_eq!(
            cells(&highlights),
            pairs(&[
                ("total", "1"),
                ("rows.0.incident_id", "\"=cmd|' /C calc'!A0\""),
                ("rows.0.severity", "\"critical\""),
                ("rows.0.title", "\"a\\u001bb\""),
            ])
        );
        assert_eq!(cells(&json!({"rows": []})), pairs(&[("rows", "")]));
    }

    #[test]
    fn data_text_in_the_table_loses_controls_and_direction_overrides() {
        assert_eq!(
            truncate(" ana\u{7}\u{202e}nimda ", 20),
            "ana\u{fffd}\u{fffd}nimda"
        );
        assert_eq!(truncate("\u{2067}x\u{2069}", 20), "\u{fffd}x\u{fffd}");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }

    /// What the CSV writes is then neutralised cell by cell: a formula in a path (a playbook's
    /// name) gains its quote, control characters are escaped.
    #[test]
    fn hostile_names_in_paths_are_neutralised() {
        let mut w = csv::Writer::from_writer(Vec::new());
        for (field, value) in cells(&json!({"by_action": [
            {"action": "contain", "playbook": "x", "runs": 1}]}))
        {
            w.write_record(["=HYPERLINK(1)", field.as_str(), value.as_str()])
                .unwrap();
        }
        w.write_record(["t", "by_action.contain.\u{7}.runs", "@SUM(1)"])
            .unwrap();
        let safe = crate::csv_safe::neutralise(&w.into_inner().unwrap(), false).unwrap();
        assert_eq!(
            String::from_utf8(safe).unwrap(),
            "'=HYPERLINK(1),by_action.contain.x.runs,1\nt,by_action.contain.\\u{7}.runs,'@SUM(1)\n"
        );
    }
}
