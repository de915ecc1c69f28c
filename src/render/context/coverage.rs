//! The coverage section: domains and ATT&CK tactics seen.

use serde::Serialize;

use crate::error::Result;
use crate::metrics::MetricsReport;

use super::{chart_bars, Chart};

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub domains: Chart,
    pub tactics: Chart,
}

pub(super) fn coverage(r: &MetricsReport) -> Result<Coverage> {
    let domains = chart_bars(
        "domains",
        "Domains involved in incidents",
        r.domains.iter().map(|d| d.domain.clone()).collect(),
        r.domains.iter().map(|d| d.incidents as f64).collect(),
        "incidents with an alert in the domain",
        "incidents",
        "no incidents with alerts",
    )?;
    let tactics = chart_bars(
        "tactics",
        "ATT&CK tactics in true positives",
        r.attack.tactics.iter().map(|t| t.name.clone()).collect(),
        r.attack.tactics.iter().map(|t| t.alerts as f64).collect(),
        "true-positive alerts",
        "alerts",
        "no tactics on true-positive alerts",
    )?;
    Ok(Coverage { domains, tactics })
}
