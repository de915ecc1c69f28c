//! Metrics an export cannot give. GUIDE has no lifecycle times, Sentinel's REST API no close
//! time, Elastic cases no classification: a metric that needs a field no loaded row has is
//! reported as "not available from this export" (null with the reason), never as 0 or as a
//! number computed from nothing.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::model::{Count, Duration, Metrics, Ratio};
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
    pub ai_assisted: bool,
    pub domain: bool,
    pub links: bool,
    pub alerts: bool,
    pub automation: bool,
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
            ai_assisted: false,
            domain: false,
            links: false,
            alerts: false,
            automation: false,
            sources: None,
        }
    }

    /// The metrics the exports cannot give, each with what is missing and what would provide
    /// it, in contract order.
    pub fn missing(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        let mut check = |ok: bool, metrics: &[&'static str], what: &'static str| {
            if !ok {
                out.extend(metrics.iter().map(|m| (*m, what)));
            }
        };
        check(
            self.first_activity_at,
            &["mttd", "mttd_coverage", "first_activity_known_rate"],
            "a first-activity time (export incidents or alerts with their first event time)",
        );
        check(
            self.acknowledged_at,
            &["mtta", "mtta_coverage", "acknowledged_known_rate"],
            "an acknowledgement time (export the incidents' status history or first-modified time)",
        );
        check(self.contained_at, &["mttc"], "a containment time");
        check(
            self.closed_at,
            &[
                "mttr",
                "backlog",
                "closed_with_times_rate",
                "mttr_coverage",
                "mttr_median_change_3p",
            ],
            "a close time (export the incidents with their closing time)",
        );
        check(
            self.verdict,
            &[
                "noise_ratio",
                "noise_ratio_upper",
                "verdict_coverage",
                "true_positive_alerts",
                "tp_tactics",
                "noisy_rule_alert_share",
            ],
            "a classification or verdict (export incidents with their classification)",
        );
        check(
            self.verdict && self.closed_at,
            &["classification_completeness"],
            "both a close time and a classification",
        );
        check(
            self.closed_by,
            &["automation_rate"],
            "who closed it (closed_by; a mapping file can set it)",
        );
        check(
            self.ai_assisted,
            &["ai_assist_rate"],
            "an AI-assistance flag",
        );
        check(
            self.alerts,
            &["alerts_with_rule_id_rate", "alerts_with_techniques_rate"],
            "an alert (export the alerts too)",
        );
        check(
            self.alerts && self.links,
            &[
                "alert_linkage_rate",
                "alerts_per_incident",
                "identity_context_rate",
            ],
            "an alert linked to an incident (export the alerts with their incident)",
        );
        check(
            self.alerts && self.links && self.domain,
            &["cross_domain_rate"],
            "a linked alert with a domain",
        );
        check(
            self.automation,
            &[
                "human_oversight_rate",
                "enrich_triage_rate",
                "automation_actions",
            ],
            "an automation action (no automation export was loaded: export the SOAR playbook runs as automation records)",
        );
        out
    }

    /// The reason shown for a metric the exports cannot give.
    pub fn reason(&self, what: &str) -> String {
        match &self.sources {
            Some(sources) => format!(
                "not available from this export: no loaded record has {what} (read as {sources})"
            ),
            None => format!("not available from this export: no loaded record has {what}"),
        }
    }

    /// Marks every metric the exports cannot give, with its reason, and clears its value.
    pub fn apply(&self, m: &mut Metrics) {
        for (metric, what) in self.missing() {
            let reason = self.reason(what);
            if let Some(d) = duration(m, metric) {
                *d = Duration {
                    unavailable: Some(reason),
                    ..Duration::default()
                };
            } else if let Some(r) = ratio(m, metric) {
                r.value = None;
                r.unavailable = Some(reason);
            } else if let Some(c) = count(m, metric) {
                c.unavailable = Some(reason);
            } else if metric == "mttr_median_change_3p" {
                m.mttr_median_change_3p.value = None;
                m.mttr_median_change_3p.unavailable = Some(reason);
            }
        }
    }
}

fn duration<'a>(m: &'a mut Metrics, key: &str) -> Option<&'a mut Duration> {
    Some(match key {
        "mttd" => &mut m.mttd,
        "mtta" => &mut m.mtta,
        "mttc" => &mut m.mttc,
        "mttr" => &mut m.mttr,
        _ => return None,
    })
}

fn ratio<'a>(m: &'a mut Metrics, key: &str) -> Option<&'a mut Ratio> {
    Some(match key {
        "noise_ratio" => &mut m.noise_ratio,
        "noise_ratio_upper" => &mut m.noise_ratio_upper,
        "verdict_coverage" => &mut m.verdict_coverage,
        "automation_rate" => &mut m.automation_rate,
        "alert_linkage_rate" => &mut m.alert_linkage_rate,
        "alerts_per_incident" => &mut m.alerts_per_incident,
        "cross_domain_rate" => &mut m.cross_domain_rate,
        "identity_context_rate" => &mut m.identity_context_rate,
        "classification_completeness" => &mut m.classification_completeness,
        "ai_assist_rate" => &mut m.ai_assist_rate,
        "human_oversight_rate" => &mut m.human_oversight_rate,
        "noisy_rule_alert_share" => &mut m.noisy_rule_alert_share,
        "enrich_triage_rate" => &mut m.enrich_triage_rate,
        "closed_with_times_rate" => &mut m.closed_with_times_rate,
        "mttd_coverage" => &mut m.mttd_coverage,
        "mtta_coverage" => &mut m.mtta_coverage,
        "mttr_coverage" => &mut m.mttr_coverage,
        "first_activity_known_rate" => &mut m.first_activity_known_rate,
        "acknowledged_known_rate" => &mut m.acknowledged_known_rate,
        "alerts_with_rule_id_rate" => &mut m.alerts_with_rule_id_rate,
        "alerts_with_techniques_rate" => &mut m.alerts_with_techniques_rate,
        _ => return None,
    })
}

fn count<'a>(m: &'a mut Metrics, key: &str) -> Option<&'a mut Count> {
    Some(match key {
        "backlog" => &mut m.backlog,
        "true_positive_alerts" => &mut m.true_positive_alerts,
        "tp_tactics" => &mut m.tp_tactics,
        "automation_actions" => &mut m.automation_actions,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Availability {
        Availability {
            first_activity_at: true,
            acknowledged_at: true,
            contained_at: true,
            closed_at: true,
            verdict: true,
            closed_by: true,
            ai_assisted: true,
            domain: true,
            links: true,
            alerts: true,
            automation: true,
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
