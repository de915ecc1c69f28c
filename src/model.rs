//! The canonical model: the three kinds of record socgauge stores and their columns. Enumeration
//! values and their accepted spellings live in `queries/load/enums.sql`, next to the SQL that
//! applies them.

use std::fmt;

/// The kinds of record in the canonical model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Incidents,
    Alerts,
    Automation,
}

pub const INCIDENT_COLUMNS: &[&str] = &[
    "tenant",
    "incident_id",
    "title",
    "severity",
    "status",
    "classification",
    "first_activity_at",
    "created_at",
    "acknowledged_at",
    "contained_at",
    "closed_at",
    "owner",
    "closed_by",
    "ai_assisted",
    "redirected_to",
    "category",
];

pub const ALERT_COLUMNS: &[&str] = &[
    "tenant",
    "alert_id",
    "incident_id",
    "title",
    "rule_id",
    "rule_name",
    "product",
    "domain",
    "severity",
    "first_activity_at",
    "created_at",
    "status",
    "verdict",
    "closed_at",
    "closed_by",
    "tactics",
    "techniques",
    "entity_user",
    "entity_host",
    "entity_ip",
    "category",
];

pub const AUTOMATION_COLUMNS: &[&str] = &[
    "tenant",
    "run_id",
    "incident_id",
    "alert_id",
    "playbook",
    "action",
    "started_at",
    "finished_at",
    "outcome",
    "approved_by",
    "approved_at",
];

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Incidents, Kind::Alerts, Kind::Automation];

    /// Canonical columns, in table order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Incidents => INCIDENT_COLUMNS,
            Kind::Alerts => ALERT_COLUMNS,
            Kind::Automation => AUTOMATION_COLUMNS,
        }
    }

    /// Name of the canonical table, also the kind's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Incidents => "incidents",
            Kind::Alerts => "alerts",
            Kind::Automation => "automation",
        }
    }

    /// The column that, with the tenant, identifies a row of the kind.
    pub fn id_column(self) -> &'static str {
        match self {
            Kind::Incidents => "incident_id",
            Kind::Alerts => "alert_id",
            Kind::Automation => "run_id",
        }
    }

    /// The staging table its files are copied into.
    pub fn stage_table(self) -> &'static str {
        match self {
            Kind::Incidents => "stage_incidents",
            Kind::Alerts => "stage_alerts",
            Kind::Automation => "stage_automation",
        }
    }

    /// Recognises the kind of a file from its (lower-cased) column names: incidents have
    /// `incident_id` and `created_at` but no `alert_id`/`run_id`; alerts have `alert_id` and
    /// `created_at` but no `run_id`; automation has `run_id` and `started_at`.
    pub fn recognise(columns: &[String]) -> Option<Kind> {
        let has = |c: &str| columns.iter().any(|x| x == c);
        if has("run_id") && has("started_at") {
            Some(Kind::Automation)
        } else if has("alert_id") && has("created_at") && !has("run_id") {
            Some(Kind::Alerts)
        } else if has("incident_id") && has("created_at") && !has("alert_id") && !has("run_id") {
            Some(Kind::Incidents)
        } else {
            None
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_each_kind_from_its_columns() {
        assert_eq!(
            Kind::recognise(&cols(&["incident_id", "created_at", "title"])),
            Some(Kind::Incidents)
        );
        assert_eq!(
            Kind::recognise(&cols(&["alert_id", "incident_id", "created_at"])),
            Some(Kind::Alerts)
        );
        assert_eq!(
            Kind::recognise(&cols(&["run_id", "incident_id", "started_at"])),
            Some(Kind::Automation)
        );
        assert_eq!(Kind::recognise(&cols(&["id", "created"])), None);
        assert_eq!(Kind::recognise(&cols(&["incident_id"])), None);
    }
}
