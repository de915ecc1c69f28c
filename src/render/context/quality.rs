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
    // Each timestamp over the incidents that should carry it (a closing time: closed ones), from
    // the catalog's coverage ratios; a timestamp the exports cannot give says so, not "0 % known".
    let completeness = Table {
        more: None,
        headers: vec![
            "timestamp".into(),
            "incidents missing it".into(),
            "known".into(),
        ],
        rows: [
            (
                "first_activity_at",
                &m.first_activity_known_rate,
                "incidents",
            ),
            ("acknowledged_at", &m.acknowledged_known_rate, "incidents"),
            ("contained_at", &m.contained_known_rate, "incidents"),
            ("closed_at", &m.closed_with_times_rate, "closed incidents"),
        ]
        .into_iter()
        .map(|(field, known, over)| completeness_row(field, known, over))
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

/// One row of the completeness table: the incidents of `over` missing `field`, and the share
/// that have it.
fn completeness_row(field: &str, known: &Ratio, over: &str) -> Vec<String> {
    if known.unavailable.is_some() {
        return vec![field.into(), "–".into(), "not in these exports".into()];
    }
    vec![
        field.into(),
        format!(
            "{} of {} {over}",
            known.denominator - known.numerator,
            known.denominator
        ),
        percent(known.value),
    ]
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
    fn completeness_counts_over_the_incidents_that_should_carry_it_or_says_not_in_the_exports() {
        let known = Ratio::new(7, 10);
        assert_eq!(
            completeness_row("closed_at", &known, "closed incidents"),
            ["closed_at", "3 of 10 closed incidents", "70.0 %"]
        );
        let absent = Ratio {
            unavailable: Some("not available from this export: no containment time".into()),
            ..Ratio::new(0, 10)
        };
        assert_eq!(
            completeness_row("contained_at", &absent, "incidents"),
            ["contained_at", "–", "not in these exports"]
        );
    }

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
