//! The automation section: the weekly automation rate, who closed the alerts and human oversight.

use serde::Serialize;

use crate::error::Result;
use crate::humanize::percent;
use crate::metrics::MetricsReport;

use super::{chart_bars, chart_lines, Chart};

#[derive(Debug, Clone, Serialize)]
pub struct Automation {
    pub trend: Chart,
    pub closers: Chart,
    pub oversight: String,
}

pub(super) fn automation(r: &MetricsReport) -> Result<Automation> {
    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.clone()).collect();
    let trend = chart_lines(
        "automation-trend",
        "Automation rate by week",
        &weeks,
        vec![(
            "automation rate (%)".into(),
            r.weekly
                .iter()
                .map(|w| w.automation_rate.value.map(|v| v * 100.0))
                .collect(),
        )],
        "% of alerts with a known closer",
        Some(100.0),
        |v| v.map_or_else(|| "–".into(), |p| format!("{p:.1} %")),
    )?;
    let c = &r.closed_by;
    let closers = chart_bars(
        "closers",
        "Who closes alerts",
        vec![
            "human".into(),
            "automation".into(),
            "AI".into(),
            "unknown / open".into(),
        ],
        vec![
            c.human as f64,
            c.automation as f64,
            c.ai as f64,
            c.unknown as f64,
        ],
        "alerts",
        "alerts",
        "no alerts",
    )?;
    let o = &r.metrics.human_oversight_rate;
    let oversight = if o.denominator == 0 {
        "No automated containment or remediation ran in the period.".to_string()
    } else {
        format!(
            "{} of {} automated containment and remediation actions ({}) were approved by a person.",
            o.numerator,
            o.denominator,
            percent(o.value)
        )
    };
    Ok(Automation {
        trend,
        closers,
        oversight,
    })
}
