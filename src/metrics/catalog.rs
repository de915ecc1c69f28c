//! The metric catalog: every metric socgauge computes, defined once. Each entry gives the JSON key
//! (the field of [`Metrics`]), its shape (the field's type), the label people read, the unit its
//! value is shown in, the definition the report's dictionary and docs/metrics.md print, the
//! canonical fields it needs (what decides "not available from this export") and how its value
//! is assembled from the aggregate queries' columns.
//!
//! Everything that lists, labels, formats or checks metrics walks [`CATALOG`] or names a
//! [`MetricKey`]; nothing matches on metric names. Adding a metric is adding an entry here (and,
//! when it needs a new number, a column in one metric query): see docs/adding-a-metric.md.

use serde::{Deserialize, Serialize};

use super::categories::{Categories, Highlights};
use super::inputs::{business_duration, duration, Inputs};
use super::model::{Change, Count, Duration, Ratio};
use super::workload::{BacklogAgeing, Workload};
use crate::error::{Error, Result};
use crate::humanize;

/// How a metric's value is shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole number of things.
    Count,
    /// Minutes, shown in the largest readable unit ("45 min", "6.2 h").
    Minutes,
    /// A share of a population, shown as a percentage.
    Share,
    /// A plain number such as alerts per incident.
    Number,
    /// One value divided by an earlier one (1 = unchanged).
    Factor,
}

impl Unit {
    /// A value in this unit, for people.
    pub fn show(self, value: Option<f64>) -> String {
        match self {
            Unit::Minutes => humanize::minutes(value),
            Unit::Share => humanize::percent(value),
            Unit::Count | Unit::Number | Unit::Factor => humanize::number(value),
        }
    }

    /// The unit's name in the dictionary.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Minutes => "minutes",
            Unit::Share => "share",
            Unit::Number => "number",
            Unit::Factor => "factor",
        }
    }
}

/// The JSON shape of a metric's value: the type of its field in [`Metrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// `{"value"}`
    Count,
    /// `{"numerator", "denominator", "value"}`
    Ratio,
    /// `{"n", "mean_minutes", "median_minutes", "p90_minutes"}`
    Duration,
    /// `{"current", "earlier", "value", "current_n", "earlier_n"}`
    Change,
    // List-shaped metrics: a table of rows rather than one number (docs/metrics.md gives each
    // row's fields). They have no headline and are not rubric measures.
    /// `{"rows": [{"owner", "kind", "assigned", "closed", "mtta_n", ...}]}`
    Workload,
    /// `{"rows": [{"label", "lower_days", "upper_days", "incidents"}]}`
    BacklogAgeing,
    /// `{"rows": [{"category", "incidents", "mttr_n", "mttr_median_minutes", "alerts"}]}`
    Categories,
    /// `{"total", "rows": [{"tenant", "incident_id", "title", ...}]}`
    Highlights,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Count => "count",
            Shape::Ratio => "ratio",
            Shape::Duration => "duration",
            Shape::Change => "change",
            Shape::Workload => "workload",
            Shape::BacklogAgeing => "backlog ageing",
            Shape::Categories => "categories",
            Shape::Highlights => "highlights",
        }
    }

    /// Whether values of this shape are lists of rows (no single headline number).
    pub fn is_list(self) -> bool {
        match self {
            Shape::Count | Shape::Ratio | Shape::Duration | Shape::Change => false,
            Shape::Workload | Shape::BacklogAgeing | Shape::Categories | Shape::Highlights => true,
        }
    }
}

/// A canonical field a metric cannot do without. When no loaded record carries it, the metric
/// is "not available from this export" (see `availability.rs`), never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// An incident's or alert's `first_activity_at`.
    FirstActivity,
    /// An incident's `acknowledged_at`.
    Acknowledged,
    /// An incident's `contained_at`.
    Contained,
    /// An incident's `closed_at`.
    Closed,
    /// An incident classification or alert verdict.
    Verdict,
    /// Who closed an alert or incident (`closed_by`).
    ClosedBy,
    /// Who closed an incident (the incidents' own `closed_by`).
    IncidentClosedBy,
    /// An incident's `ai_assisted`.
    AiAssisted,
    /// Any alert (the alert export).
    Alert,
    /// An alert linked to an incident (`incident_id`, or an incident's alert list).
    LinkedAlert,
    /// An alert linked to an incident other than itself (a tool that makes each alert its own
    /// incident links every alert, and says nothing of how alerts group).
    AlertGrouping,
    /// An alert's `domain`.
    Domain,
    /// Any automation action (the automation export).
    Automation,
    /// An incident's or alert's `category`.
    Category,
    /// An incident's `owner`.
    Owner,
}

impl Field {
    /// What no record has, in the reason a metric gives for being unavailable.
    pub fn description(self) -> &'static str {
        match self {
            Field::FirstActivity => {
                "a first-activity time (export incidents or alerts with their first event time)"
            }
            Field::Acknowledged => {
                "an acknowledgement time (export the incidents' status history or first-modified time)"
            }
            Field::Contained => "a containment time",
            Field::Closed => "a close time (export the incidents with their closing time)",
            Field::Verdict => {
                "a classification or verdict (export incidents with their classification)"
            }
            Field::ClosedBy => "who closed it (closed_by; a mapping file can set it)",
            Field::IncidentClosedBy => {
                "an incident with who closed it (closed_by on the incidents; a mapping file can \
                 set it)"
            }
            Field::AiAssisted => "an AI-assistance flag",
            Field::Alert => "an alert (export the alerts too)",
            Field::LinkedAlert => {
                "an alert linked to an incident (export the alerts with their incident)"
            }
            Field::AlertGrouping => {
                "an alert linked to an incident other than itself (export the alerts with their \
                 incident; a tool that makes each alert its own incident does not say how alerts \
                 group)"
            }
            Field::Domain => "an alert with a domain",
            Field::Automation => {
                "an automation action (no automation export of this organisation was loaded, \
                 none holding its runs or loaded with its incidents and alerts: export the SOAR \
                 playbook runs as automation records)"
            }
            Field::Category => {
                "a category (export incidents or alerts with their category, or map one with a \
                 mapping file)"
            }
            Field::Owner => "an owner (export the incidents with who they are assigned to)",
        }
    }

    /// The canonical field(s), as docs/canonical-model.md names them.
    pub fn canonical(self) -> &'static str {
        match self {
            Field::FirstActivity => "first_activity_at",
            Field::Acknowledged => "acknowledged_at",
            Field::Contained => "contained_at",
            Field::Closed => "closed_at",
            Field::Verdict => "classification / verdict",
            Field::ClosedBy => "closed_by",
            Field::IncidentClosedBy => "incident closed_by",
            Field::AiAssisted => "ai_assisted",
            Field::Alert => "alerts",
            Field::LinkedAlert => "alert incident_id",
            Field::AlertGrouping => "alert incident_id other than its alert_id",
            Field::Domain => "domain",
            Field::Automation => "automation",
            Field::Category => "category",
            Field::Owner => "owner",
        }
    }
}

/// A metric's value, borrowed from a [`Metrics`].
#[derive(Debug, Clone, Copy)]
pub enum MetricRef<'a> {
    Count(&'a Count),
    Ratio(&'a Ratio),
    Duration(&'a Duration),
    Change(&'a Change),
    Workload(&'a Workload),
    BacklogAgeing(&'a BacklogAgeing),
    Categories(&'a Categories),
    Highlights(&'a Highlights),
}

impl<'a> MetricRef<'a> {
    /// The reason text, when the metric is not available from the loaded exports.
    pub fn unavailable_reason(self) -> Option<&'a str> {
        match self {
            MetricRef::Count(c) => c.unavailable.as_deref(),
            MetricRef::Ratio(r) => r.unavailable.as_deref(),
            MetricRef::Duration(d) => d.unavailable.as_deref(),
            MetricRef::Change(c) => c.unavailable.as_deref(),
            MetricRef::Workload(w) => w.unavailable.as_deref(),
            MetricRef::BacklogAgeing(a) => a.unavailable.as_deref(),
            MetricRef::Categories(c) => c.unavailable.as_deref(),
            MetricRef::Highlights(h) => h.unavailable.as_deref(),
        }
    }

    /// The value a person reads first: a count, a ratio's value, a duration's median, a change.
    pub fn headline(self) -> Option<f64> {
        match self {
            MetricRef::Count(c) => c.known().map(|v| v as f64),
            MetricRef::Ratio(r) => r.value,
            MetricRef::Duration(d) => d.median_minutes,
            MetricRef::Change(c) => c.value,
            MetricRef::Workload(_)
            | MetricRef::BacklogAgeing(_)
            | MetricRef::Categories(_)
            | MetricRef::Highlights(_) => None,
        }
    }

    /// The headline as JSON: a count as a whole number (`154`, not `154.0`), anything else as
    /// the number it is; `null` when there is none.
    pub fn headline_json(self) -> serde_json::Value {
        match self {
            MetricRef::Count(c) => c.known().map_or(serde_json::Value::Null, Into::into),
            other => other.headline().map_or(serde_json::Value::Null, Into::into),
        }
    }
}

/// A metric's value, borrowed mutably from a [`Metrics`].
#[derive(Debug)]
pub enum MetricMut<'a> {
    Count(&'a mut Count),
    Ratio(&'a mut Ratio),
    Duration(&'a mut Duration),
    Change(&'a mut Change),
    Workload(&'a mut Workload),
    BacklogAgeing(&'a mut BacklogAgeing),
    Categories(&'a mut Categories),
    Highlights(&'a mut Highlights),
}

impl MetricMut<'_> {
    /// Marks the metric as not available from the loaded exports and clears its value.
    pub fn mark_unavailable(self, reason: String) {
        match self {
            MetricMut::Count(c) => c.unavailable = Some(reason),
            MetricMut::Ratio(r) => {
                r.value = None;
                r.unavailable = Some(reason);
            }
            MetricMut::Duration(d) => {
                *d = Duration {
                    unavailable: Some(reason),
                    not_computed: d.not_computed,
                    ..Duration::default()
                }
            }
            MetricMut::Change(c) => {
                c.value = None;
                c.unavailable = Some(reason);
            }
            MetricMut::Workload(w) => {
                *w = Workload {
                    unavailable: Some(reason),
                    ..Workload::default()
                }
            }
            // No bucket at all: five zero counts would read as an empty backlog.
            MetricMut::BacklogAgeing(a) => {
                *a = BacklogAgeing {
                    rows: Vec::new(),
                    unavailable: Some(reason),
                }
            }
            MetricMut::Categories(c) => {
                *c = Categories {
                    unavailable: Some(reason),
                    ..Categories::default()
                }
            }
            MetricMut::Highlights(h) => {
                *h = Highlights {
                    unavailable: Some(reason),
                    ..Highlights::default()
                }
            }
        }
    }
}

/// One catalog entry.
#[derive(Debug)]
pub struct MetricDef {
    pub key: MetricKey,
    /// The JSON key: the field name in [`Metrics`].
    pub name: &'static str,
    pub shape: Shape,
    /// What the metric is, for people (table rows, the report's dictionary).
    pub label: &'static str,
    pub unit: Unit,
    /// One sentence: population, start and end events, statistic.
    pub definition: &'static str,
    /// The canonical fields without which the metric is not available from an export.
    pub needs: &'static [Field],
    /// When the metric is in the output.
    pub present: Presence,
    get: for<'a> fn(&'a Metrics) -> MetricRef<'a>,
    get_mut: for<'a> fn(&'a mut Metrics) -> MetricMut<'a>,
}

impl MetricDef {
    /// This metric's value in `m`.
    pub fn of<'a>(&self, m: &'a Metrics) -> MetricRef<'a> {
        (self.get)(m)
    }

    /// This metric's value in `m`, to change.
    pub fn of_mut<'a>(&self, m: &'a mut Metrics) -> MetricMut<'a> {
        (self.get_mut)(m)
    }
}

impl MetricKey {
    /// The catalog entry of this key.
    pub fn def(self) -> &'static MetricDef {
        // The catalog lists the keys in declaration order (checked by a test).
        &CATALOG[self as usize]
    }
}

/// The entry of a metric named in a rubric, template or command line: an error naming the key
/// and the known keys when there is none.
pub fn find(name: &str) -> Result<&'static MetricDef> {
    CATALOG.iter().find(|d| d.name == name).ok_or_else(|| {
        Error::Usage(format!(
            "unknown metric `{name}`; known: {}",
            CATALOG
                .iter()
                .map(|d| d.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// A metric's label for people, by its key; `None` for a key the catalog does not know.
pub fn label_of(name: &str) -> Option<&'static str> {
    CATALOG.iter().find(|d| d.name == name).map(|d| d.label)
}

/// The unit a rubric measure (`noise_ratio`, `mtta.median_minutes`, `mtta.n`) is shown in.
pub fn measure_unit(measure: &str) -> Option<Unit> {
    let (name, field) = measure
        .split_once('.')
        .map_or((measure, None), |(k, f)| (k, Some(f)));
    let def = CATALOG
        .iter()
        .find(|d| d.name == name && !d.shape.is_list())?;
    Some(match field {
        Some("n") => Unit::Count,
        _ => def.unit,
    })
}

/// The measures a rubric criterion may read: every ratio, count and change by its key, every
/// duration statistic as `key.field`.
pub fn rubric_measures() -> Vec<String> {
    let mut out = Vec::new();
    for def in CATALOG {
        match def.shape {
            Shape::Duration => {
                for field in ["n", "mean_minutes", "median_minutes", "p90_minutes"] {
                    out.push(format!("{}.{field}", def.name));
                }
            }
            Shape::Count | Shape::Ratio | Shape::Change => out.push(def.name.to_string()),
            Shape::Workload | Shape::BacklogAgeing | Shape::Categories | Shape::Highlights => {}
        }
    }
    out.sort();
    out
}

/// Declares the catalog: the [`Metrics`] struct (the JSON contract, in entry order), the
/// [`MetricKey`] enum, [`CATALOG`] and the function that assembles a [`Metrics`] from the
/// aggregate queries' [`Inputs`].
macro_rules! catalog {
    ($(
        $(#[$attr:meta])*
        $key:ident: $shape:ident {
            label: $label:expr,
            unit: $unit:expr,
            definition: $definition:expr,
            needs: [$($need:ident),* $(,)?],
            $(present: $present:ident,)?
            value: $value:expr $(,)?
        }
    ),* $(,)?) => {
        /// Every metric of one period and tenant scope, in catalog order: the JSON contract of
        /// `socgauge metrics` (see docs/metrics.md), then the list-shaped figures of [`LISTS`].
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
        pub struct Metrics {
            $( $(#[$attr])* pub $key: $shape, )*
            /// Service-level compliance per severity × target (`--targets`; see [`LISTS`]).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub sla: Option<Vec<super::service_levels::SlaRow>>,
            /// The time-saved estimate of automation (`--targets`; see [`LISTS`]).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub time_saved: Option<super::service_levels::TimeSaved>,
        }

        /// A metric's key. The variants are the JSON keys themselves, so that a key reads the
        /// same in Rust, SQL, JSON and docs.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum MetricKey {
            $( $key, )*
        }

        /// Every metric, in contract order.
        pub static CATALOG: &[MetricDef] = &[
            $( MetricDef {
                key: MetricKey::$key,
                name: stringify!($key),
                shape: Shape::$shape,
                label: $label,
                unit: $unit,
                definition: $definition,
                needs: &[$(Field::$need),*],
                present: catalog!(@present $($present)?),
                get: |m| MetricRef::$shape(&m.$key),
                get_mut: |m| MetricMut::$shape(&mut m.$key),
            }, )*
        ];

        /// Every metric of one scope key from what the aggregate queries measured.
        pub(super) fn assemble(inputs: &Inputs) -> Result<Metrics> {
            Ok(Metrics {
                $( $key: {
                    let value: fn(&Inputs, &'static str) -> Result<$shape> = $value;
                    value(inputs, stringify!($key))?
                }, )*
                sla: None,
                time_saved: None,
            })
        }
    };
    (@present) => { Presence::Always };
    (@present $present:ident) => { Presence::$present };
}

/// When a metric is in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// In every output.
    Always,
    /// Only when a business calendar is set (`--targets` with a `[calendar]`); absent otherwise.
    WithCalendar,
}

/// A list-shaped figure of the `metrics` object: defined here once like the catalog's entries
/// (key, label, definition, needs), with the fields of each item; present only when the setting
/// it depends on is given. docs/metrics.md embeds [`lists_markdown_table`].
#[derive(Debug)]
pub struct ListDef {
    /// The JSON key inside `metrics`.
    pub name: &'static str,
    pub label: &'static str,
    /// The fields of the value (of each item, for a list).
    pub fields: &'static str,
    pub definition: &'static str,
    pub needs: &'static [Field],
    /// When the key is present.
    pub present: &'static str,
}

/// The list-shaped figures, in JSON order (after the catalog's entries).
pub static LISTS: &[ListDef] = &[
    ListDef {
        name: "sla",
        label: "service levels: compliance per severity × target",
        fields: "[{severity, target, hours, target_minutes, n, met, breached, compliance_rate, open_past_target, median_overrun_minutes, compliance_objective, status}]",
        definition: "Per severity × target of the targets file (critical first; acknowledge, contain, resolve): incidents whose mtta, mttc or mttr is measured, met (duration ≤ target, in calendar or business time), breached, met / measured, the median overrun of the breaches, and backlog incidents already past the target at the period end.",
        needs: &[],
        present: "with --targets and a [[target]]",
    },
    ListDef {
        name: "time_saved",
        label: "time saved by automation (estimate)",
        fields: "{estimate, formula, by_action: [{action, playbook, runs, failed, unknown_outcome, minutes_per_run, source, minutes_saved}], runs, failed, unknown_outcome, minutes_saved, hours_saved, hours_per_fte_month, period_months, fte_equivalent, hourly_rate, currency, cost_saved}",
        definition: "An estimate, not a measurement: successful automation runs in the period × the minutes one run saves (per playbook if set, else per action kind; documented defaults or the targets file), in hours, analyst-FTE equivalent and cost when a rate is set.",
        needs: &[Field::Automation],
        present: "with --targets",
    },
];

/// A Markdown cell listing the canonical fields a figure needs (`—` for none).
fn needs_cell(needs: &[Field]) -> String {
    if needs.is_empty() {
        return "—".to_string();
    }
    needs
        .iter()
        .map(|f| format!("`{}`", f.canonical()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The list-shaped figures as the Markdown table docs/metrics.md embeds between its `lists`
/// markers (a test keeps the two equal).
pub fn lists_markdown_table() -> String {
    let mut out = String::from(
        "| key | fields | label | definition | needs | present |\n|---|---|---|---|---|---|\n",
    );
    for def in LISTS {
        let needs = needs_cell(def.needs);
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} | {} |\n",
            def.name,
            def.fields,
            def.label.replace('|', "\\|"),
            def.definition.replace('|', "\\|"),
            needs,
            def.present
        ));
    }
    out
}

catalog! {
    incidents: Count {
        label: "incidents",
        unit: Unit::Count,
        definition: "Incidents created in the period, merged (redirected) incidents excluded.",
        needs: [],
        value: |s, _| Ok(Count::new(s.count("incidents")?)),
    },
    alerts: Count {
        label: "alerts",
        unit: Unit::Count,
        definition: "Alerts created in the period.",
        needs: [Alert],
        value: |s, _| Ok(Count::new(s.count("alerts")?)),
    },
    mttd: Duration {
        label: "MTTD  first activity → created",
        unit: Unit::Minutes,
        definition: "First activity (own, else earliest of its alerts) → created; non-negative; mean, median, p90.",
        needs: [FirstActivity],
        value: duration,
    },
    mtta: Duration {
        label: "MTTA  created → acknowledged",
        unit: Unit::Minutes,
        definition: "Created → acknowledged; incidents without acknowledgement are excluded, never 0.",
        needs: [Acknowledged],
        value: duration,
    },
    mttc: Duration {
        label: "MTTC  created → contained",
        unit: Unit::Minutes,
        definition: "Created → contained.",
        needs: [Contained],
        value: duration,
    },
    mttr: Duration {
        label: "MTTR  created → closed",
        unit: Unit::Minutes,
        definition: "Created → closed; open incidents excluded, incidents closed after the period included.",
        needs: [Closed],
        value: duration,
    },
    noise_ratio: Ratio {
        label: "noise ratio (FP + BP / with verdict)",
        unit: Unit::Share,
        definition: "Alerts whose effective verdict is false or benign positive / alerts with an effective verdict.",
        needs: [Alert, Verdict],
        value: |s, _| s.ratio("noisy", "with_verdict"),
    },
    noise_ratio_upper: Ratio {
        label: "noise ratio, unrecorded verdicts as noise",
        unit: Unit::Share,
        definition: "Alerts whose effective verdict is false or benign positive, undetermined or missing / alerts: the noise if every unrecorded verdict were noise.",
        needs: [Alert, Verdict],
        value: |s, _| s.ratio("noisy_upper", "alerts"),
    },
    verdict_coverage: Ratio {
        label: "closed alerts with a verdict",
        unit: Unit::Share,
        definition: "Closed alerts (own status or close time, or a closed incident) with an effective true, benign or false positive verdict / closed alerts.",
        needs: [Alert, Verdict],
        value: |s, _| s.ratio("closed_with_verdict", "closed_alerts"),
    },
    automation_rate: Ratio {
        label: "automation rate (closed by automation or AI)",
        unit: Unit::Share,
        definition: "Alerts closed by automation or AI / alerts whose closer is known.",
        needs: [Alert, ClosedBy],
        value: |s, _| s.ratio("closed_by_machine", "with_closed_by"),
    },
    incident_automation_rate: Ratio {
        label: "incidents closed by automation or AI",
        unit: Unit::Share,
        definition: "Incidents closed by automation or AI (their own closed_by) / incidents whose closer is known.",
        needs: [IncidentClosedBy],
        value: |s, _| s.ratio("incidents_closed_by_machine", "incidents_with_closed_by"),
    },
    alert_linkage_rate: Ratio {
        label: "alerts linked to an incident",
        unit: Unit::Share,
        definition: "Alerts linked to an existing, non-merged incident / alerts.",
        needs: [AlertGrouping],
        value: |s, _| s.ratio("linked", "alerts"),
    },
    alerts_per_incident: Ratio {
        label: "alerts per incident",
        unit: Unit::Number,
        definition: "Alerts (any period) linked to the period's incidents / those incidents with an alert.",
        needs: [AlertGrouping],
        value: |s, _| s.ratio("linked_alerts", "incidents_with_alerts"),
    },
    cross_domain_rate: Ratio {
        label: "cross-domain incidents",
        unit: Unit::Share,
        definition: "Incidents whose alerts span two or more domains (an alert without a domain adds none) / incidents with an alert.",
        needs: [AlertGrouping, Domain],
        value: |s, _| s.ratio("cross_domain", "incidents_with_alerts"),
    },
    identity_context_rate: Ratio {
        label: "incidents with identity context",
        unit: Unit::Share,
        definition: "Incidents with an identity-domain alert or an alert whose user is a person (not a system, service or placeholder account) / incidents with an alert.",
        needs: [LinkedAlert],
        value: |s, _| s.ratio("identity_context", "incidents_with_alerts"),
    },
    classification_completeness: Ratio {
        label: "closed incidents classified",
        unit: Unit::Share,
        definition: "Incidents with a closing time classified true, benign or false positive / incidents with a closing time.",
        needs: [Closed, Verdict],
        value: |s, _| s.ratio("classified_closed", "with_closed_at"),
    },
    ai_assist_rate: Ratio {
        label: "AI-assisted incidents",
        unit: Unit::Share,
        definition: "Incidents marked AI-assisted / incidents.",
        needs: [AiAssisted],
        value: |s, _| s.ratio("ai_assisted", "incidents"),
    },
    human_oversight_rate: Ratio {
        label: "containment/remediation approved by a human",
        unit: Unit::Share,
        definition: "Automated containment and remediation actions approved by a person (not the playbook, automation, an AI assistant, an app or a service id) no later than the action finished / all such actions.",
        needs: [Automation],
        value: |s, _| s.ratio("approved_response_actions", "response_actions"),
    },
    backlog: Count {
        label: "backlog (open at period end)",
        unit: Unit::Count,
        definition: "Non-merged incidents created before the period end and not closed before it.",
        needs: [Closed],
        value: |s, _| Ok(Count::new(s.backlog)),
    },
    workload: Workload {
        label: "workload per owner",
        unit: Unit::Count,
        definition: "Per owner (analyst or queue), automation and AI (incidents they closed) and unassigned: in-scope incidents assigned, incidents closed in the period, MTTA and MTTR medians of the assigned, incidents open at the period end.",
        needs: [Owner],
        value: |s, _| Ok(s.lists.workload.clone()),
    },
    backlog_ageing: BacklogAgeing {
        label: "backlog ageing (open at period end, by age)",
        unit: Unit::Count,
        definition: "The backlog's incidents by age at the period end (period end − created), in buckets [0, 1 d), [1, 3 d), [3, 7 d), [7, 30 d), [30 d, ∞).",
        needs: [Closed],
        value: |s, _| Ok(s.lists.backlog_ageing.clone()),
    },
    categories: Categories {
        label: "incidents, MTTR and alerts by category",
        unit: Unit::Count,
        definition: "Per category: in-scope incidents (own category, else their alerts' most frequent), their MTTR n and median, and in-scope alerts of the category.",
        needs: [Category],
        value: |s, _| Ok(s.lists.categories.clone()),
    },
    highlights: Highlights {
        label: "critical and high true-positive incidents",
        unit: Unit::Count,
        definition: "In-scope incidents of severity critical or high classified true positive: how many, and the first ten (critical first, then by creation) with category and time to contain and resolve.",
        needs: [Verdict],
        value: |s, _| Ok(s.lists.highlights.clone()),
    },

    alerts_with_rule_id_rate: Ratio {
        label: "alerts with a rule id",
        unit: Unit::Share,
        definition: "Alerts carrying a rule id / alerts.",
        needs: [Alert],
        value: |s, _| s.ratio("with_rule_id", "alerts"),
    },
    alerts_with_techniques_rate: Ratio {
        label: "alerts with ATT&CK techniques",
        unit: Unit::Share,
        definition: "Alerts carrying an ATT&CK technique / alerts.",
        needs: [Alert],
        value: |s, _| s.ratio("with_techniques", "alerts"),
    },
    tp_tactics: Count {
        label: "ATT&CK tactics in true positives",
        unit: Unit::Count,
        definition: "Distinct ATT&CK tactics on alerts whose effective verdict is true positive.",
        needs: [Alert, Verdict],
        value: |s, _| Ok(Count::new(s.count("tp_tactics")?)),
    },
    true_positive_alerts: Count {
        label: "alerts with a true-positive verdict",
        unit: Unit::Count,
        definition: "Alerts created in the period whose effective verdict is true positive.",
        needs: [Alert, Verdict],
        value: |s, _| Ok(Count::new(s.count("true_positive")?)),
    },
    noisy_rule_alert_share: Ratio {
        label: "alerts from rules ≥ 90 % noise",
        unit: Unit::Share,
        definition: "Alerts from rules of ≥ 5 alerts that are ≥ 90 % not true positive (unrecorded verdicts count as noise) / alerts.",
        needs: [Alert, Verdict],
        value: |s, _| s.ratio("alerts_from_noisy_rules", "alerts"),
    },
    enrich_triage_rate: Ratio {
        label: "incidents enriched or triaged by automation",
        unit: Unit::Share,
        definition: "Incidents touched by enrichment or triage automation / incidents.",
        needs: [Automation],
        value: |s, _| s.ratio("enriched", "incidents"),
    },
    automation_actions: Count {
        label: "automation actions",
        unit: Unit::Count,
        definition: "Automated actions started in the period.",
        needs: [Automation],
        value: |s, _| Ok(Count::new(s.count("actions")?)),
    },
    closed_with_times_rate: Ratio {
        label: "closed incidents with a closing time",
        unit: Unit::Share,
        definition: "Closed incidents with a closing time / closed incidents.",
        needs: [Closed],
        value: |s, _| {
            let closed = s.count("closed")?;
            Ok(Ratio::new(closed - s.count("closed_without_time")?, closed))
        },
    },
    first_activity_known_rate: Ratio {
        label: "incidents with first activity known",
        unit: Unit::Share,
        definition: "Incidents whose first activity is known / incidents.",
        needs: [FirstActivity],
        value: |s, _| s.ratio("first_activity_known", "incidents"),
    },
    acknowledged_known_rate: Ratio {
        label: "incidents with acknowledgement time",
        unit: Unit::Share,
        definition: "Incidents with an acknowledgement time / incidents.",
        needs: [Acknowledged],
        value: |s, _| s.ratio("acknowledged_known", "incidents"),
    },
    contained_known_rate: Ratio {
        label: "incidents with containment time",
        unit: Unit::Share,
        definition: "Incidents with a containment time / incidents.",
        needs: [Contained],
        value: |s, _| s.ratio("contained_known", "incidents"),
    },
    negative_duration_rate: Ratio {
        label: "negative durations (excluded)",
        unit: Unit::Share,
        definition: "Negative durations (excluded) / durations with both ends known, over every duration metric.",
        needs: [],
        value: |s, _| Ok(s.negative_durations()),
    },
    rejected_row_rate: Ratio {
        label: "rows rejected at load",
        unit: Unit::Share,
        definition: "Rows rejected at load / rows read, over the latest load of each file (a file reloaded under another spelling of its path counts once); for one tenant, the rows that name it (a row with no tenant of its own belongs to the file's default tenant, rejected or loaded) and the lines of its files that could not be split into fields.",
        needs: [],
        value: |s, _| Ok(Ratio::new(s.loads.rows_rejected, s.loads.rows_read)),
    },
    mttd_coverage: Ratio {
        label: "incidents with a measurable MTTD",
        unit: Unit::Share,
        definition: "Incidents with a measurable MTTD / incidents.",
        needs: [FirstActivity],
        value: |s, _| Ok(Ratio::new(s.duration_n("mttd")?, s.count("incidents")?)),
    },
    mtta_coverage: Ratio {
        label: "incidents with a measurable MTTA",
        unit: Unit::Share,
        definition: "Incidents with a measurable MTTA / incidents.",
        needs: [Acknowledged],
        value: |s, _| Ok(Ratio::new(s.duration_n("mtta")?, s.count("incidents")?)),
    },
    mttr_coverage: Ratio {
        label: "closed incidents with a measurable MTTR",
        unit: Unit::Share,
        definition: "Closed incidents with a measurable MTTR / closed incidents.",
        needs: [Closed],
        value: |s, _| Ok(Ratio::new(s.duration_n("mttr")?, s.count("closed")?)),
    },
    history_months: Count {
        label: "months of history",
        unit: Unit::Count,
        definition: "Months with at least one incident or alert among the twelve ending with the period's month.",
        needs: [],
        value: |s, _| Ok(Count::new(s.history_months)),
    },
    /// MTTR median now against three periods earlier (absent in per-tenant blocks: the engine
    /// measures it for the main block, `previous` and each month of a history).
    #[serde(default = "Change::not_computed", skip_serializing_if = "Change::is_not_computed")]
    mttr_median_change_3p: Change {
        label: "MTTR median vs three periods earlier",
        unit: Unit::Factor,
        definition: "MTTR median of the period / MTTR median three periods earlier.",
        needs: [Closed],
        // Another period's scope: set by the engine after the main period is measured.
        value: |_, _| Ok(Change::not_computed()),
    },
    /// The duration metrics in business time (absent without a calendar).
    #[serde(default = "Duration::not_computed", skip_serializing_if = "Duration::is_not_computed")]
    mttd_business: Duration {
        label: "MTTD in business time",
        unit: Unit::Minutes,
        definition: "MTTD's incidents and ends, counting only the working time of the targets file's calendar between them.",
        needs: [FirstActivity],
        present: WithCalendar,
        value: business_duration,
    },
    #[serde(default = "Duration::not_computed", skip_serializing_if = "Duration::is_not_computed")]
    mtta_business: Duration {
        label: "MTTA in business time",
        unit: Unit::Minutes,
        definition: "MTTA's incidents and ends, counting only the working time of the targets file's calendar between them.",
        needs: [Acknowledged],
        present: WithCalendar,
        value: business_duration,
    },
    #[serde(default = "Duration::not_computed", skip_serializing_if = "Duration::is_not_computed")]
    mttc_business: Duration {
        label: "MTTC in business time",
        unit: Unit::Minutes,
        definition: "MTTC's incidents and ends, counting only the working time of the targets file's calendar between them.",
        needs: [Contained],
        present: WithCalendar,
        value: business_duration,
    },
    #[serde(default = "Duration::not_computed", skip_serializing_if = "Duration::is_not_computed")]
    mttr_business: Duration {
        label: "MTTR in business time",
        unit: Unit::Minutes,
        definition: "MTTR's incidents and ends, counting only the working time of the targets file's calendar between them.",
        needs: [Closed],
        present: WithCalendar,
        value: business_duration,
    },
}

/// The catalog as the Markdown table docs/metrics.md embeds between its `catalog` markers (a test
/// keeps the two equal).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| key | shape | unit | label | definition | needs |\n|---|---|---|---|---|---|\n",
    );
    for def in CATALOG {
        let needs = needs_cell(def.needs);
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            def.name,
            def.shape.name(),
            def.unit.name(),
            def.label.replace('|', "\\|"),
            def.definition.replace('|', "\\|"),
            needs
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::format;
    use crate::metrics::model::MetricsReport;

    #[test]
    fn keys_index_the_catalog() {
        for (i, def) in CATALOG.iter().enumerate() {
            assert_eq!(def.key as usize, i, "{}", def.name);
            assert!(std::ptr::eq(def.key.def(), def));
            assert!(!def.label.is_empty(), "{} has no label", def.name);
            assert!(
                def.definition.ends_with('.'),
                "{}: a definition is a sentence",
                def.name
            );
        }
    }

    #[test]
    fn every_entry_is_in_the_json_in_catalog_order_with_its_shape() {
        let json = serde_json::to_value(Metrics::default()).unwrap();
        let object = json.as_object().unwrap();
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let names: Vec<&str> = CATALOG.iter().map(|d| d.name).collect();
        assert_eq!(keys, names);
        for def in CATALOG {
            let value = &object[def.name];
            let fields: &[&str] = match def.shape {
                Shape::Count => &["value"],
                Shape::Ratio => &["numerator", "denominator", "value"],
                Shape::Duration => &["n", "mean_minutes", "median_minutes", "p90_minutes"],
                Shape::Change => &["current", "earlier", "value", "current_n", "earlier_n"],
                Shape::Workload | Shape::BacklogAgeing | Shape::Categories => &["rows"],
                Shape::Highlights => &["total", "rows"],
            };
            let got: Vec<&str> = value
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(got, fields, "{}", def.name);
        }
    }

    #[test]
    fn every_entry_is_in_the_table_and_the_csv() {
        let report = MetricsReport::default();
        let table = String::from_utf8(format::table(&report)).unwrap();
        let csv = String::from_utf8(format::csv(&report).unwrap()).unwrap();
        for def in CATALOG {
            assert!(table.contains(def.label), "table lacks {}", def.name);
            assert!(
                csv.contains(&format!(",{},", def.name)),
                "CSV lacks {}",
                def.name
            );
        }
    }

    #[test]
    fn unknown_names_are_errors_naming_the_key() {
        let err = find("mttx").unwrap_err().to_string();
        assert!(err.contains("unknown metric `mttx`"), "{err}");
        assert_eq!(find("mttr").unwrap().key, MetricKey::mttr);
        assert_eq!(measure_unit("mttr.median_minutes"), Some(Unit::Minutes));
        assert_eq!(measure_unit("mttr.n"), Some(Unit::Count));
        assert_eq!(measure_unit("alerts_per_incident"), Some(Unit::Number));
        assert_eq!(measure_unit("noise_ratio"), Some(Unit::Share));
        assert_eq!(measure_unit("nope"), None);
    }

    #[test]
    fn docs_metrics_md_embeds_the_catalog() {
        embeds(
            ("<!-- catalog:begin -->\n", "<!-- catalog:end -->"),
            markdown_table(),
        );
        embeds(
            ("<!-- lists:begin -->\n", "<!-- lists:end -->"),
            lists_markdown_table(),
        );
    }

    #[test]
    fn list_shaped_figures_follow_the_catalog_in_the_json() {
        let m = Metrics {
            sla: Some(Vec::new()),
            time_saved: Some(crate::metrics::service_levels::TimeSaved {
                estimate: true,
                formula: String::new(),
                by_action: Vec::new(),
                runs: 0,
                failed: 0,
                unknown_outcome: 0,
                minutes_saved: 0.0,
                hours_saved: 0.0,
                hours_per_fte_month: 140.0,
                period_months: 1.0,
                fte_equivalent: 0.0,
                hourly_rate: None,
                currency: None,
                cost_saved: None,
                unavailable: None,
            }),
            ..Metrics::default()
        };
        let json = serde_json::to_value(&m).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names: Vec<&str> = CATALOG.iter().map(|d| d.name).collect();
        names.extend(LISTS.iter().map(|l| l.name));
        assert_eq!(keys, names);
        // Business-time durations not computed are absent, and read back as not computed.
        let plain = Metrics::default().without_targets();
        let json = serde_json::to_value(&plain).unwrap();
        for def in CATALOG
            .iter()
            .filter(|d| d.present == Presence::WithCalendar)
        {
            assert!(json.get(def.name).is_none(), "{}", def.name);
        }
        let back: Metrics = serde_json::from_value(json).unwrap();
        assert_eq!(back, plain);
    }

    /// docs/metrics.md holds `table` between the `markers`.
    fn embeds(markers: (&str, &str), table: String) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/metrics.md");
        let docs = std::fs::read_to_string(path).unwrap();
        let (begin, end) = markers;
        let start = docs
            .find(begin)
            .expect("docs/metrics.md has the begin marker")
            + begin.len();
        let stop = docs.find(end).expect("docs/metrics.md has the end marker");
        if docs[start..stop] != table {
            // SOCGAUGE_BLESS_DOCS=1 rewrites the table; the test still fails so that the change is
            // looked at and committed.
            if std::env::var_os("SOCGAUGE_BLESS_DOCS").is_some() {
                let updated = format!("{}{table}{}", &docs[..start], &docs[stop..]);
                std::fs::write(path, updated).unwrap();
            }
            panic!(
                "docs/metrics.md's catalog table differs from the catalog: run \
                 SOCGAUGE_BLESS_DOCS=1 cargo test --release --lib docs_metrics_md and commit it"
            );
        }
    }
}
