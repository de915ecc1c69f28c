//! The metrics contract: the JSON shapes `socgauge metrics --format json` prints. The metric keys
//! and their order come from the catalog (`catalog.rs`); docs/metrics.md documents both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::catalog::{MetricDef, MetricMut, Presence, CATALOG};

/// A duration statistic in minutes over the items where both ends are known and the duration is
/// not negative. `null` statistics when `n` is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Duration {
    pub n: i64,
    pub mean_minutes: Option<f64>,
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    /// Set when the loaded exports cannot give this metric at all (see `availability`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// Not computed in this run: a business-time duration without a calendar (`--targets`).
    /// Its key is then left out of the JSON, never shown as zeros.
    #[serde(skip)]
    pub not_computed: bool,
}

impl Duration {
    /// A duration this run does not compute (its key is absent from the JSON).
    pub fn not_computed() -> Duration {
        Duration {
            not_computed: true,
            ..Duration::default()
        }
    }

    pub fn is_not_computed(&self) -> bool {
        self.not_computed
    }
}

/// numerator / denominator; `value` is `null` when the denominator is 0.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub struct Ratio {
    #[serde(deserialize_with = "null_as_zero")]
    pub numerator: i64,
    #[serde(deserialize_with = "null_as_zero")]
    pub denominator: i64,
    pub value: Option<f64>,
    /// Set when the loaded exports cannot give this metric at all; `value`, `numerator` and
    /// `denominator` are then `null` in JSON.
    #[serde(default)]
    pub unavailable: Option<String>,
}

/// As [`Count`]: a metric the exports cannot give has no numbers in JSON, so that no one divides
/// its numerator by its denominator (0 of 1 closers recorded, where the export has no closers).
impl Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let available = self.unavailable.is_none();
        let fields = if available { 3 } else { 4 };
        let mut s = serializer.serialize_struct("Ratio", fields)?;
        s.serialize_field("numerator", &available.then_some(self.numerator))?;
        s.serialize_field("denominator", &available.then_some(self.denominator))?;
        s.serialize_field("value", &self.value.filter(|_| available))?;
        if let Some(reason) = &self.unavailable {
            s.serialize_field("unavailable", reason)?;
        }
        s.end()
    }
}

impl Ratio {
    pub fn new(numerator: i64, denominator: i64) -> Ratio {
        let value = (denominator != 0).then(|| numerator as f64 / denominator as f64);
        Ratio {
            numerator,
            denominator,
            value,
            unavailable: None,
        }
    }
}

/// A count; `value` is `null` in JSON when the loaded exports cannot give it (`unavailable`).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub struct Count {
    #[serde(deserialize_with = "null_as_zero")]
    pub value: i64,
    #[serde(default)]
    pub unavailable: Option<String>,
}

impl Count {
    pub fn new(value: i64) -> Count {
        Count {
            value,
            unavailable: None,
        }
    }

    /// The value, unless the exports cannot give it.
    pub fn known(&self) -> Option<i64> {
        self.unavailable.is_none().then_some(self.value)
    }
}

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = if self.unavailable.is_some() { 2 } else { 1 };
        let mut s = serializer.serialize_struct("Count", fields)?;
        s.serialize_field("value", &self.known())?;
        if let Some(reason) = &self.unavailable {
            s.serialize_field("unavailable", reason)?;
        }
        s.end()
    }
}

fn null_as_zero<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.unwrap_or(0))
}

/// A change between two values of one statistic: `value` = current / earlier, with the sample
/// behind each end (a change of two medians of three incidents each says nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Change {
    pub current: Option<f64>,
    pub earlier: Option<f64>,
    pub value: Option<f64>,
    #[serde(default)]
    pub current_n: i64,
    #[serde(default)]
    pub earlier_n: i64,
    /// Set when the loaded exports cannot give the statistic at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// Not measured in this block (a tenant's block of a pooled run): its key is absent from
    /// the JSON rather than a change of zero incidents.
    #[serde(skip)]
    pub not_computed: bool,
}

impl Change {
    /// A change this block does not measure (its key is absent from the JSON).
    pub fn not_computed() -> Change {
        Change {
            not_computed: true,
            ..Change::default()
        }
    }

    pub fn is_not_computed(&self) -> bool {
        self.not_computed
    }

    /// The smaller of the two samples: the evidence a change criterion weighs.
    pub fn n(&self) -> i64 {
        self.current_n.min(self.earlier_n)
    }
}

pub use super::catalog::Metrics;

impl Metrics {
    /// The metrics the loaded exports cannot give, with the reason, in catalog order.
    pub fn unavailable(&self) -> Vec<(&'static MetricDef, &str)> {
        CATALOG
            .iter()
            .filter_map(|def| def.of(self).unavailable_reason().map(|r| (def, r)))
            .collect()
    }

    /// These metrics as a run without a targets file gives them: no `sla`, no `time_saved`, no
    /// business-time durations (the history's months are measured so).
    pub fn without_targets(&self) -> Metrics {
        let mut m = self.clone();
        m.sla = None;
        m.time_saved = None;
        for def in CATALOG
            .iter()
            .filter(|d| d.present == Presence::WithCalendar)
        {
            if let MetricMut::Duration(d) = def.of_mut(&mut m) {
                *d = Duration::not_computed();
            }
        }
        m
    }
}

/// A period as printed: RFC 3339 instants, the zone used for calendar work, a label, and whether
/// the data stops before the period's last day (`partial`: its numbers cover part of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PeriodOut {
    pub from: String,
    pub to: String,
    pub timezone: String,
    pub label: String,
    #[serde(default)]
    pub partial: bool,
}

/// One duration metric for one severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityDuration {
    pub severity: String,
    pub n: i64,
    pub mean_minutes: Option<f64>,
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
}

/// One week of the period (clipped to it), labelled with its Monday.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    pub week: String,
    pub from: String,
    pub to: String,
    pub incidents: i64,
    pub alerts: i64,
    pub mttr_median_minutes: Option<f64>,
    pub noise_ratio: Ratio,
    pub automation_rate: Ratio,
}

/// One detection rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleStats {
    pub rule: String,
    pub rule_name: Option<String>,
    pub alerts: i64,
    pub true_positive: i64,
    pub benign_positive: i64,
    pub false_positive: i64,
    pub no_verdict: i64,
    pub noise_ratio: Ratio,
    pub automation_rate: Ratio,
}

/// An ATT&CK tactic or technique seen on true-positive alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackItem {
    pub name: String,
    pub alerts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Attack {
    pub tactics: Vec<AttackItem>,
    pub techniques: Vec<AttackItem>,
}

/// Findings about the data itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DataQuality {
    /// Over the latest load of every file in the database.
    pub rows_read: i64,
    pub rows_rejected: i64,
    /// Negative durations excluded, per duration metric.
    pub negative_durations: BTreeMap<String, i64>,
    /// In-scope incidents missing each timestamp (first activity: effective).
    pub incidents_missing: BTreeMap<String, i64>,
    /// Closed in-scope incidents (closed_at set) whose classification is missing or undetermined.
    pub classification_unknown: i64,
    /// In-scope incidents with status closed but no closed_at.
    pub closed_without_closed_at: i64,
    /// What the loaded files were read as: `canonical`, `<source>/<shape>` (sorted).
    #[serde(default)]
    pub sources: Vec<String>,
}

/// One bucket of a duration distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub label: String,
    pub lower_minutes: f64,
    pub upper_minutes: Option<f64>,
    pub incidents: i64,
}

/// Who closed the in-scope alerts (effective closed_by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Closers {
    pub human: i64,
    pub automation: i64,
    pub ai: i64,
    pub unknown: i64,
}

/// A domain involved in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainStats {
    pub domain: String,
    pub incidents: i64,
    pub alerts: i64,
}

/// Contract metrics of the period before, for month-over-month deltas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Previous {
    pub period: PeriodOut,
    pub metrics: Metrics,
}

/// One tenant's metrics, when tenants are pooled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantBlock {
    pub metrics: Metrics,
}

/// Everything `socgauge metrics` computes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MetricsReport {
    pub period: PeriodOut,
    pub tenant: Option<String>,
    pub metrics: Metrics,
    pub by_severity: BTreeMap<String, Vec<SeverityDuration>>,
    pub distributions: BTreeMap<String, Vec<Bucket>>,
    pub weekly: Vec<Week>,
    pub rules: Vec<RuleStats>,
    pub attack: Attack,
    pub closed_by: Closers,
    pub domains: Vec<DomainStats>,
    pub data_quality: DataQuality,
    pub previous: Option<Previous>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenants: Option<BTreeMap<String, TenantBlock>>,
    /// With `--targets`: every incident × target missed, for the report's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_breaches: Option<Vec<super::service_levels::SlaBreach>>,
}
