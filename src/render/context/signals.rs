//! The signals section: the alert funnel, the noisiest rules and the weekly noise.

use serde::Serialize;

use crate::error::Result;
use crate::metrics::MetricsReport;

use super::{chart_bars, chart_lines, Chart};

#[derive(Debug, Clone, Serialize)]
pub struct Signals {
    pub funnel: Chart,
    pub noisy_rules: Chart,
    pub noise_trend: Chart,
}

pub(super) fn signals(r: &MetricsReport) -> Result<Signals> {
    let m = &r.metrics;
    let funnel = chart_bars(
        "funnel",
        "From alerts to true positives",
        vec![
            "alerts".into(),
            "alerts linked to incidents".into(),
            "incidents".into(),
            "true-positive alerts".into(),
        ],
        vec![
            m.alerts.value as f64,
            m.alert_linkage_rate.numerator as f64,
            m.incidents.value as f64,
            m.true_positive_alerts.value as f64,
        ],
        "count",
        "count",
        "no alerts",
    )?;
    let noisy: Vec<_> = r
        .rules
        .iter()
        .filter(|x| x.noise_ratio.numerator > 0)
        .take(8)
        .collect();
    let noisy_rules = chart_bars(
        "noisy-rules",
        "Noisiest rules (false and benign positives)",
        noisy
            .iter()
            .map(|x| {
                format!(
                    "{} {}",
                    x.rule,
                    x.rule_name
                        .as_deref()
                        .filter(|n| *n != x.rule)
                        .unwrap_or("")
                )
            })
            .collect(),
        noisy
            .iter()
            .map(|x| x.noise_ratio.numerator as f64)
            .collect(),
        "noisy alerts",
        "noisy alerts",
        "no noisy alerts in the period",
    )?;
    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.clone()).collect();
    let noise_trend = chart_lines(
        "noise-trend",
        "Noise ratio by week",
        &weeks,
        vec![(
            "noise ratio (%)".into(),
            r.weekly
                .iter()
                .map(|w| w.noise_ratio.value.map(|v| v * 100.0))
                .collect(),
        )],
        "% of alerts with a verdict",
        Some(100.0),
        |v| v.map_or_else(|| "–".into(), |p| format!("{p:.1} %")),
    )?;
    Ok(Signals {
        funnel,
        noisy_rules,
        noise_trend,
    })
}
