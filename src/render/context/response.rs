//! The response-times section: duration distributions, durations per severity, the MTTR trend.

use serde::Serialize;

use crate::error::Result;
use crate::humanize::minutes;
use crate::metrics::catalog::Shape;
use crate::metrics::{MetricKey, MetricsReport, CATALOG};
use crate::render::charts;

use super::{chart_lines, Chart, Table};

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub distributions: Vec<Chart>,
    pub severity: Table,
    pub trend: Chart,
}

pub(super) fn response(r: &MetricsReport) -> Result<Response> {
    let mut distributions = Vec::new();
    for (metric, title) in [
        (MetricKey::mttd, "Time to detect"),
        (MetricKey::mtta, "Time to acknowledge"),
        (MetricKey::mttr, "Time to resolve"),
    ] {
        let key = metric.def().name;
        let buckets = r.distributions.get(key).cloned().unwrap_or_default();
        let labels: Vec<String> = buckets.iter().map(|b| b.label.clone()).collect();
        let values: Vec<f64> = buckets.iter().map(|b| b.incidents as f64).collect();
        let id = format!("{key}-distribution");
        let svg = charts::columns(&id, &labels, &values, "duration", "incidents")?;
        let table = Table {
            more: None,
            headers: vec!["duration".into(), "incidents".into()],
            rows: buckets
                .iter()
                .map(|b| vec![b.label.clone(), b.incidents.to_string()])
                .collect(),
        };
        let alt = format!(
            "{title}: incidents per duration bucket: {}.",
            buckets
                .iter()
                .map(|b| format!("{} {}", b.label, b.incidents))
                .collect::<Vec<_>>()
                .join(", ")
        );
        distributions.push(Chart {
            id,
            title: format!("{title} ({})", key.to_uppercase()),
            svg,
            alt,
            table,
        });
    }

    let mut severity = Table {
        more: None,
        headers: ["metric", "severity", "n", "mean", "median", "p90"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: vec![],
    };
    for key in CATALOG
        .iter()
        .filter(|d| d.shape == Shape::Duration)
        .map(|d| d.name)
    {
        for s in r
            .by_severity
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            severity.rows.push(vec![
                key.to_uppercase(),
                s.severity.clone(),
                s.n.to_string(),
                minutes(s.mean_minutes),
                minutes(s.median_minutes),
                minutes(s.p90_minutes),
            ]);
        }
    }

    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.clone()).collect();
    let mttr_hours: Vec<Option<f64>> = r
        .weekly
        .iter()
        .map(|w| w.mttr_median_minutes.map(|m| m / 60.0))
        .collect();
    let trend = chart_lines(
        "mttr-trend",
        "MTTR median by week",
        &weeks,
        vec![("MTTR median (hours)".into(), mttr_hours)],
        "hours",
        None,
        |v| v.map_or_else(|| "–".into(), |h| format!("{h:.1} h")),
    )?;
    Ok(Response {
        distributions,
        severity,
        trend,
    })
}
