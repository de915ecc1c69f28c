//! The workload section: per owner (analysts and queues, automation, AI, the unassigned) the
//! incidents assigned, closed, the MTTA and MTTR medians and what is still open; and how old the
//! open queue is at the period's end. Owner names are data: the templates escape them, and with
//! --pseudonymise-owners they are pseudonyms before they reach this view.

use serde::Serialize;

use crate::error::Result;
use crate::humanize::minutes;
use crate::metrics::workload::OwnerKind;
use crate::metrics::MetricsReport;
use crate::render::charts;

use super::{Chart, Table, MAX_TABLE_ROWS};

#[derive(Debug, Clone, Serialize)]
pub struct Workload {
    /// One row per owner, in the metric's order.
    pub owners: Table,
    /// Says what each row counts, and when there is nothing to show.
    pub note: String,
    /// The backlog's age, unless the exports cannot give it.
    pub ageing: Option<Chart>,
    /// Why the backlog's age is not shown (no loaded record has a close time).
    pub ageing_unavailable: Option<String>,
}

pub(super) fn workload(r: &MetricsReport) -> Result<Workload> {
    let w = &r.metrics.workload;
    let owners = Table {
        more: None,
        headers: [
            "owner",
            "assigned",
            "closed",
            "MTTA median",
            "MTTR median",
            "open at period end",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: w
            .rows
            .iter()
            .map(|o| {
                let name = match o.kind {
                    OwnerKind::Owner => o.owner.clone(),
                    OwnerKind::Automation => "automation (closed by automation)".to_string(),
                    OwnerKind::Ai => "AI (closed by AI)".to_string(),
                    OwnerKind::Unassigned => "unassigned".to_string(),
                };
                vec![
                    name,
                    o.assigned.to_string(),
                    o.closed.to_string(),
                    median(o.mtta_median_minutes, o.mtta_n),
                    median(o.mttr_median_minutes, o.mttr_n),
                    o.open_at_end.to_string(),
                ]
            })
            .collect(),
    }
    .capped(MAX_TABLE_ROWS);
    let note = if let Some(reason) = &w.unavailable {
        reason.clone()
    } else if w.rows.is_empty() {
        "No incident was created, closed or open in the period.".to_string()
    } else {
        "Each incident counts once: for automation or AI when they closed it, else for its owner \
         (an analyst or a queue), else as unassigned. Assigned: created in the period; closed: \
         closed in the period, whenever created; medians over the incidents assigned."
            .to_string()
    };

    let a = &r.metrics.backlog_ageing;
    if let Some(reason) = &a.unavailable {
        return Ok(Workload {
            owners,
            note,
            ageing: None,
            ageing_unavailable: Some(format!("Backlog age at the period end: {reason}.")),
        });
    }
    let labels: Vec<String> = a.rows.iter().map(|b| b.label.clone()).collect();
    let values: Vec<f64> = a.rows.iter().map(|b| b.incidents as f64).collect();
    let title = "Backlog age at the period end";
    let svg = charts::columns("backlog-ageing", &labels, &values, "age", "open incidents")?;
    let ageing = Chart {
        id: "backlog-ageing".into(),
        title: title.into(),
        svg,
        alt: format!(
            "{title}: open incidents by age: {}.",
            a.rows
                .iter()
                .map(|b| format!("{} {}", b.label, b.incidents))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        table: Table {
            more: None,
            headers: vec!["age".into(), "open incidents".into()],
            rows: a
                .rows
                .iter()
                .map(|b| vec![b.label.clone(), b.incidents.to_string()])
                .collect(),
        },
    };
    Ok(Workload {
        owners,
        note,
        ageing: Some(ageing),
        ageing_unavailable: None,
    })
}

/// A median with the number of incidents behind it: "47 min (n = 44)", "–" without any.
pub(super) fn median(value: Option<f64>, n: i64) -> String {
    if n == 0 {
        "–".to_string()
    } else {
        format!("{} (n = {n})", minutes(value))
    }
}
