//! The data-quality section: what was loaded and rejected, what the exports cannot give, field
//! completeness, and the metric dictionary (from the catalog).

use serde::Serialize;

use crate::humanize::percent;
use crate::metrics::catalog::Shape;
use crate::metrics::{MetricsReport, Ratio, CATALOG};

use super::Table;

#[derive(Debug, Clone, Serialize)]
pub struct DefinitionView {
    pub key: String,
    pub name: String,
    pub definition: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    pub facts: Table,
    /// Metrics the loaded exports cannot give, with the reason (empty when none).
    pub unavailable: Table,
    pub completeness: Table,
    pub definitions: Vec<DefinitionView>,
}

pub(super) fn quality(r: &MetricsReport) -> Quality {
    let dq = &r.data_quality;
    let m = &r.metrics;
    let facts = Table {
        more: None,
        headers: vec!["finding".into(), "value".into()],
        rows: vec![
            vec!["exports read as".into(), dq.sources.join(", ")],
            vec![
                "rows read (latest load of each file)".into(),
                dq.rows_read.to_string(),
            ],
            vec![
                "rows rejected at load".into(),
                format!(
                    "{} ({})",
                    dq.rows_rejected,
                    percent(m.rejected_row_rate.value)
                ),
            ],
            vec![
                "negative durations excluded".into(),
                dq.negative_durations
                    .iter()
                    .map(|(k, v)| format!("{} {v}", k.to_uppercase()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
            vec![
                "closed incidents without a usable classification".into(),
                dq.classification_unknown.to_string(),
            ],
            vec![
                "incidents marked closed without a closing time".into(),
                dq.closed_without_closed_at.to_string(),
            ],
        ],
    };
    let incidents = m.incidents.value;
    let completeness = Table {
        more: None,
        headers: vec![
            "timestamp".into(),
            "in-scope incidents missing it".into(),
            "known".into(),
        ],
        rows: dq
            .incidents_missing
            .iter()
            .map(|(k, v)| {
                vec![
                    k.clone(),
                    v.to_string(),
                    percent(Ratio::new(incidents - v, incidents).value),
                ]
            })
            .collect(),
    };
    let definitions = definitions();
    let unavailable = Table {
        more: None,
        headers: vec!["metric".into(), "why".into()],
        rows: m
            .unavailable()
            .into_iter()
            .map(|(def, reason)| vec![def.name.to_string(), reason.to_string()])
            .collect(),
    };
    Quality {
        facts,
        unavailable,
        completeness,
        definitions,
    }
}

/// The report's metric dictionary: counts, durations, ratios, changes, then the list-shaped
/// metrics, each in catalog order.
fn definitions() -> Vec<DefinitionView> {
    [
        Shape::Count,
        Shape::Duration,
        Shape::Ratio,
        Shape::Change,
        Shape::Workload,
        Shape::BacklogAgeing,
        Shape::Categories,
        Shape::Highlights,
    ]
    .iter()
    .flat_map(|shape| CATALOG.iter().filter(move |d| d.shape == *shape))
    .map(|def| DefinitionView {
        key: def.name.into(),
        name: def.label.into(),
        definition: def.definition.into(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_defines_every_metric_of_the_catalog_once() {
        let dictionary = definitions();
        assert_eq!(dictionary.len(), CATALOG.len());
        for def in CATALOG {
            let entry = dictionary.iter().find(|d| d.key == def.name).unwrap();
            assert_eq!(entry.definition, def.definition);
            assert_eq!(entry.name, def.label);
        }
    }
}
