//! Metrics an export cannot give. GUIDE has no lifecycle times, Sentinel's REST API no close
//! time, Elastic cases no classification: a metric that needs a field no loaded row has is
//! reported as "not available from this export" (null with the reason), never as 0 or as a
//! number computed from nothing.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::catalog::{Field, MetricDef, CATALOG};
use super::model::Metrics;
use crate::db::Db;
use crate::error::Result;
use crate::queries::metrics as q;

/// Which canonical fields the database's rows provide at all (queries/metrics/availability.sql).
#[derive(Debug, Clone, Deserialize)]
pub struct Availability {
    pub first_activity_at: bool,
    pub acknowledged_at: bool,
    pub contained_at: bool,
    pub closed_at: bool,
    pub verdict: bool,
    pub closed_by: bool,
    /// Who closed an incident (the incidents' own closed_by).
    pub incident_closed_by: bool,
    pub ai_assisted: bool,
    pub domain: bool,
    pub links: bool,
    /// An alert linked to an incident other than itself: how alerts group into incidents.
    pub grouping: bool,
    pub alerts: bool,
    pub automation: bool,
    /// A category on an incident or an alert.
    pub category: bool,
    /// An incident's owner.
    pub owner: bool,
    /// The sources the files were read as, for the reason text.
    pub sources: Option<String>,
}

/// What the exports give, for all tenants and for each (queries/metrics/availability.sql, one pass).
#[derive(Debug, Clone)]
pub struct ByTenant {
    all: Availability,
    tenants: BTreeMap<String, Availability>,
}

impl ByTenant {
    /// Reads what the exports give from the facts (the fields each file fills): after
    /// `facts::ensure`.
    pub fn load(db: &Db) -> Result<ByTenant> {
        #[derive(Deserialize)]
        struct Row {
            tenant: Option<String>,
            #[serde(flatten)]
            availability: Availability,
        }
        let rows: Vec<Row> = db.rows(&q::AVAILABILITY, &[])?;
        let mut all = None;
        let mut tenants = BTreeMap::new();
        for row in rows {
            match row.tenant {
                Some(t) => {
                    tenants.insert(t, row.availability);
                }
                None => all = Some(row.availability),
            }
        }
        let all = all.ok_or_else(|| {
            crate::error::Error::Internal(
                "metrics/availability.sql gave no row for all tenants".into(),
            )
        })?;
        Ok(ByTenant { all, tenants })
    }

    /// What one tenant's files (or all files, `None`) give. A tenant without incident or alert
    /// rows has no file that could give a field; only automation counts.
    pub fn of(&self, tenant: Option<&str>) -> Availability {
        match tenant {
            None => self.all.clone(),
            Some(t) => self.tenants.get(t).cloned().unwrap_or(Availability {
                automation: self.all.automation,
                ..Availability::none()
            }),
        }
    }
}

impl Availability {
    /// No field at all.
    fn none() -> Availability {
        Availability {
            first_activity_at: false,
            acknowledged_at: false,
            contained_at: false,
            closed_at: false,
            verdict: false,
            closed_by: false,
            incident_closed_by: false,
            ai_assisted: false,
            domain: false,
            links: false,
            grouping: false,
            alerts: false,
            automation: false,
            category: false,
            owner: false,
            sources: None,
        }
    }

    /// Whether any loaded record carries `field`.
    pub fn has(&self, field: Field) -> bool {
        match field {
            Field::FirstActivity => self.first_activity_at,
            Field::Acknowledged => self.acknowledged_at,
            Field::Contained => self.contained_at,
            Field::Closed => self.closed_at,
            Field::Verdict => self.verdict,
            Field::ClosedBy => self.closed_by,
            Field::IncidentClosedBy => self.incident_closed_by,
            Field::AiAssisted => self.ai_assisted,
            Field::Alert => self.alerts,
            Field::LinkedAlert => self.alerts && self.links,
            Field::AlertGrouping => self.alerts && self.links && self.grouping,
            Field::Domain => self.domain,
            Field::Automation => self.automation,
            Field::Category => self.category,
            Field::Owner => self.owner,
        }
    }

    /// The metrics the exports cannot give, each with the fields no record has, in catalog
    /// order.
    pub fn missing(&self) -> Vec<(&'static MetricDef, Vec<Field>)> {
        CATALOG
            .iter()
            .filter_map(|def| {
                let absent: Vec<Field> = def
                    .needs
                    .iter()
                    .copied()
                    .filter(|f| !self.has(*f))
                    .collect();
                (!absent.is_empty()).then_some((def, absent))
            })
            .collect()
    }

    /// The reason shown for a metric whose needed `fields` no record has.
    pub fn reason(&self, fields: &[Field]) -> String {
        let what = fields
            .iter()
            .map(|f| f.description())
            .collect::<Vec<_>>()
            .join(", nor ");
        match &self.sources {
            Some(sources) => format!(
                "not available from this export: no loaded record has {what} (read as {sources})"
            ),
            None => format!("not available from this export: no loaded record has {what}"),
        }
    }

    /// Marks every metric the exports cannot give, with its reason, and clears its value.
    pub fn apply(&self, m: &mut Metrics) {
        for (def, fields) in self.missing() {
            def.of_mut(m).mark_unavailable(self.reason(&fields));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Count, Duration, Ratio};

    fn all() -> Availability {
        Availability {
            first_activity_at: true,
            acknowledged_at: true,
            contained_at: true,
            closed_at: true,
            verdict: true,
            closed_by: true,
            incident_closed_by: true,
            ai_assisted: true,
            domain: true,
            links: true,
            grouping: true,
            alerts: true,
            automation: true,
            category: true,
            owner: true,
            sources: Some("defender/guide".into()),
        }
    }

    #[test]
    fn a_complete_export_loses_nothing() {
        assert!(all().missing().is_empty());
    }

    #[test]
    fn missing_fields_null_their_metrics_with_a_reason() {
        let a = Availability {
            acknowledged_at: false,
            closed_at: false,
            ..all()
        };
        let mut m = Metrics {
            backlog: Count::new(12),
            mtta: Duration {
                n: 0,
                ..Duration::default()
            },
            closed_with_times_rate: Ratio::new(0, 4),
            ..Metrics::default()
        };
        a.apply(&mut m);
        assert!(m
            .mtta
            .unavailable
            .as_deref()
            .unwrap()
            .contains("acknowledgement time"));
        assert!(m
            .mttr
            .unavailable
            .as_deref()
            .unwrap()
            .contains("(read as defender/guide)"));
        assert_eq!(m.backlog.known(), None);
        assert_eq!(m.closed_with_times_rate.value, None);
        assert!(m.noise_ratio.unavailable.is_none());
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["backlog"]["value"], serde_json::Value::Null);
        assert!(json["mtta"]["unavailable"].is_string());
        assert!(json["noise_ratio"].get("unavailable").is_none());
    }
}
