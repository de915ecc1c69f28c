//! The targets file (`--targets FILE`): service-level targets per severity, the business
//! calendar durations can be measured in, the amber band of the red/amber/green status and the
//! time-saved assumptions of automation. The same tables can sit inline in another TOML file (the
//! publish config): [`Targets::from_table`] reads them from a parsed table, and
//! [`Targets::from_file`] from a file of their own.
//!
//! Decisions the file format documents (docs/metrics.md, "Service levels"):
//! - a calendar is `hours = "24x7"` (business time = calendar time) or a time zone, working days
//!   and one span of working hours per day, `HH:MM-HH:MM` with the end after the start on the
//!   same day (`24:00` ends at midnight); a night shift across midnight is refused, not guessed;
//! - local hours are turned into UTC instants day by day in the calendar's zone, so a working day
//!   on a daylight-saving change is as long as the wall clock says (a time the change skips
//!   moves forward by the gap, 02:30 → 03:30; an ambiguous one takes the earlier instant);
//! - every key is checked: an unknown key, severity, weekday or zone is an error naming the file
//!   and the key (exit 2), never ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use toml::{Table, Value};

use crate::error::{Error, Result};
use crate::time::Zone;

/// The incident severities a target can name, most severe first (the order of the `sla` list).
pub const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "informational"];

/// The automation action kinds of the canonical model (docs/canonical-model.md).
pub const ACTIONS: [&str; 7] = [
    "enrich",
    "triage",
    "notify",
    "contain",
    "remediate",
    "close",
    "other",
];

/// The top-level keys the targets tables use; a publish config holding them inline may check
/// its other keys against its own list.
pub const KEYS: [&str; 5] = [
    "calendar",
    "target",
    "amber_band",
    "compliance_objective",
    "time_saved",
];

/// Minutes of analyst work one successful automated action of each kind replaces, by default:
/// socgauge's own conservative assumptions for the manual equivalent of the step (not figures
/// from a study; see docs/metrics.md, "Time saved by automation"). The targets file's
/// `[time_saved] minutes` replaces any of them.
pub const DEFAULT_MINUTES: [(&str, f64); 7] = [
    ("enrich", 5.0),
    ("triage", 10.0),
    ("notify", 2.0),
    ("contain", 15.0),
    ("remediate", 20.0),
    ("close", 2.0),
    ("other", 0.0),
];

/// Working hours of one full-time analyst in a month, by default: about 1,680 productive hours
/// a year (leave, training and meetings taken out) over twelve months.
pub const DEFAULT_HOURS_PER_FTE_MONTH: f64 = 140.0;

/// Default share of a target's compliance objective below which a status turns amber.
pub const DEFAULT_AMBER_BAND: f64 = 0.10;

/// Default share of incidents that must meet a target for its status to be green.
pub const DEFAULT_COMPLIANCE_OBJECTIVE: f64 = 0.95;

/// What a target measures: the end event of a duration metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Acknowledge,
    Contain,
    Resolve,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [
        TargetKind::Acknowledge,
        TargetKind::Contain,
        TargetKind::Resolve,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Acknowledge => "acknowledge",
            TargetKind::Contain => "contain",
            TargetKind::Resolve => "resolve",
        }
    }

    /// The targets file key of this kind's minutes.
    fn key(self) -> &'static str {
        match self {
            TargetKind::Acknowledge => "acknowledge_minutes",
            TargetKind::Contain => "contain_minutes",
            TargetKind::Resolve => "resolve_minutes",
        }
    }
}

/// Whether a target's durations are wall-clock time or business time (the calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hours {
    Calendar,
    Business,
}

impl Hours {
    pub fn name(self) -> &'static str {
        match self {
            Hours::Calendar => "calendar",
            Hours::Business => "business",
        }
    }
}

/// One severity × target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub severity: &'static str,
    pub kind: TargetKind,
    pub minutes: f64,
    pub hours: Hours,
    /// Share of incidents that must meet the target for a green status.
    pub compliance_objective: f64,
}

/// The business calendar.
#[derive(Debug, Clone, PartialEq)]
pub enum Calendar {
    /// Every instant is working time: business time equals calendar time.
    AlwaysOn,
    Working(WorkingCalendar),
}

/// Working days and hours in a time zone, minus holidays.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkingCalendar {
    pub zone: Zone,
    pub zone_name: String,
    /// Monday first.
    pub workdays: [bool; 7],
    pub start: NaiveTime,
    /// `None`: midnight at the end of the day (`24:00`).
    pub end: Option<NaiveTime>,
    pub holidays: BTreeSet<NaiveDate>,
}

/// What one successful automated action saves, and how hours become FTEs and money.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSavedSettings {
    /// Minutes per action kind, defaults replaced by the file's `minutes`.
    pub minutes: BTreeMap<String, (f64, Source)>,
    /// Minutes per playbook name, overriding its action kind.
    pub playbook_minutes: BTreeMap<String, f64>,
    pub hours_per_fte_month: f64,
    pub hourly_rate: Option<f64>,
    pub currency: Option<String>,
}

/// Where a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// socgauge's documented default.
    Default,
    /// The targets file.
    Targets,
}

impl Default for TimeSavedSettings {
    fn default() -> Self {
        TimeSavedSettings {
            minutes: DEFAULT_MINUTES
                .iter()
                .map(|(k, v)| (k.to_string(), (*v, Source::Default)))
                .collect(),
            playbook_minutes: BTreeMap::new(),
            hours_per_fte_month: DEFAULT_HOURS_PER_FTE_MONTH,
            hourly_rate: None,
            currency: None,
        }
    }
}

/// A parsed, checked targets file.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// The file the tables came from, for messages.
    pub origin: PathBuf,
    pub calendar: Option<Calendar>,
    /// Ordered by severity (critical first), then acknowledge, contain, resolve.
    pub targets: Vec<Target>,
    pub amber_band: f64,
    pub time_saved: TimeSavedSettings,
}

impl Targets {
    /// Reads and checks a targets file.
    pub fn from_file(path: &Path) -> Result<Targets> {
        let text = crate::settings_file::read(path)?;
        let table: Table = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].lines().count().max(1)
            });
            Error::Targets {
                path: path.to_path_buf(),
                message: format!("line {line}: {}", e.message()),
            }
        })?;
        if table.is_empty() {
            return Err(Error::Targets {
                path: path.to_path_buf(),
                message: "the file is empty: give [[target]] tables (and a [calendar] for \
                          business time)"
                    .into(),
            });
        }
        for key in table.keys() {
            if !KEYS.contains(&key.as_str()) {
                return Err(bad(
                    path,
                    key,
                    format!("unknown key; a targets file holds {}", KEYS.join(", ")),
                ));
            }
        }
        Targets::from_table(&table, path)
    }

    /// Reads the targets tables (`[calendar]`, `[[target]]`, `amber_band`,
    /// `compliance_objective`, `[time_saved]`) of a parsed TOML table, ignoring its other keys
    /// (a publish config holds its own); `origin` names the file in messages.
    pub fn from_table(table: &Table, origin: &Path) -> Result<Targets> {
        let calendar = match table.get("calendar") {
            None => None,
            Some(Value::Table(t)) => Some(parse_calendar(t, origin)?),
            Some(_) => return Err(bad(origin, "calendar", "expected a table `[calendar]`")),
        };
        let amber_band = share(table, "amber_band", origin, DEFAULT_AMBER_BAND)?;
        let objective = share(
            table,
            "compliance_objective",
            origin,
            DEFAULT_COMPLIANCE_OBJECTIVE,
        )?;
        let targets = match table.get("target") {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                parse_targets(items, origin, calendar.is_some(), objective)?
            }
            Some(_) => {
                return Err(bad(
                    origin,
                    "target",
                    "expected `[[target]]` tables, one per severity",
                ))
            }
        };
        let time_saved = match table.get("time_saved") {
            None => TimeSavedSettings::default(),
            Some(Value::Table(t)) => parse_time_saved(t, origin)?,
            Some(_) => return Err(bad(origin, "time_saved", "expected a table `[time_saved]`")),
        };
        Ok(Targets {
            origin: origin.to_path_buf(),
            calendar,
            targets,
            amber_band,
            time_saved,
        })
    }
}

fn bad(path: &Path, key: &str, message: impl Into<String>) -> Error {
    Error::Targets {
        path: path.to_path_buf(),
        message: format!("key `{key}`: {}", message.into()),
    }
}

/// A share in [0, 1] at `key`, or `default`.
fn share(table: &Table, key: &str, origin: &Path, default: f64) -> Result<f64> {
    match table.get(key) {
        None => Ok(default),
        Some(v) => match number(v) {
            Some(x) if (0.0..=1.0).contains(&x) => Ok(x),
            _ => Err(bad(
                origin,
                key,
                format!("expected a share from 0 to 1 (0.10 = 10 %), found {v}"),
            )),
        },
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

fn check_keys(table: &Table, at: &str, allowed: &[&str], origin: &Path) -> Result<()> {
    for key in table.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(bad(
                origin,
                &format!("{at}.{key}"),
                format!("unknown key; `{at}` takes {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

fn parse_calendar(t: &Table, origin: &Path) -> Result<Calendar> {
    check_keys(
        t,
        "calendar",
        &["timezone", "workdays", "hours", "holidays"],
        origin,
    )?;
    let hours = match t.get("hours") {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => {
            return Err(bad(
                origin,
                "calendar.hours",
                format!("expected a string such as \"08:00-18:00\" or \"24x7\", found {other}"),
            ))
        }
        None => {
            return Err(bad(
                origin,
                "calendar.hours",
                "missing: give the working hours (\"08:00-18:00\") or \"24x7\"",
            ))
        }
    };
    // The zone is read first whatever the hours: a 24x7 calendar needs none, but one given is
    // checked like any other (a typo must not pass because this calendar does not read it).
    let zone = match t.get("timezone") {
        Some(Value::String(s)) => Some((
            Zone::parse(s.trim()).map_err(|m| bad(origin, "calendar.timezone", m))?,
            s.trim().to_string(),
        )),
        Some(other) => {
            return Err(bad(
                origin,
                "calendar.timezone",
                format!("expected an IANA name such as \"Europe/Paris\", found {other}"),
            ))
        }
        None => None,
    };
    if hours.eq_ignore_ascii_case("24x7") || hours == "24/7" {
        for key in ["workdays", "holidays"] {
            if t.contains_key(key) {
                return Err(bad(
                    origin,
                    &format!("calendar.{key}"),
                    "a 24x7 calendar has no working days or holidays: business time is calendar time",
                ));
            }
        }
        return Ok(Calendar::AlwaysOn);
    }
    let (zone, zone_name) = zone.ok_or_else(|| {
        bad(
            origin,
            "calendar.timezone",
            "missing: working hours are local to a time zone (\"Europe/Paris\", \"UTC\")",
        )
    })?;
    let (start, end) = parse_hours(&hours).map_err(|m| bad(origin, "calendar.hours", m))?;
    let mut workdays = [false; 7];
    match t.get("workdays") {
        None => workdays[..5].iter_mut().for_each(|d| *d = true),
        Some(Value::Array(days)) => {
            for (i, day) in days.iter().enumerate() {
                let key = format!("calendar.workdays[{i}]");
                let name = day.as_str().ok_or_else(|| {
                    bad(origin, &key, format!("expected a day name, found {day}"))
                })?;
                let index = weekday(name).ok_or_else(|| {
                    bad(
                        origin,
                        &key,
                        format!("`{name}` is not a day; use mon, tue, wed, thu, fri, sat, sun"),
                    )
                })?;
                workdays[index] = true;
            }
            if !workdays.contains(&true) {
                return Err(bad(
                    origin,
                    "calendar.workdays",
                    "no working day: name at least one (or use hours = \"24x7\")",
                ));
            }
        }
        Some(other) => {
            return Err(bad(
                origin,
                "calendar.workdays",
                format!("expected a list such as [\"mon\", \"tue\"], found {other}"),
            ))
        }
    }
    let mut holidays = BTreeSet::new();
    match t.get("holidays") {
        None => {}
        Some(Value::Array(days)) => {
            for (i, day) in days.iter().enumerate() {
                let key = format!("calendar.holidays[{i}]");
                let text = match day {
                    Value::String(s) => s.trim().to_string(),
                    Value::Datetime(d) => d.to_string(),
                    other => {
                        return Err(bad(
                            origin,
                            &key,
                            format!("expected a date \"YYYY-MM-DD\", found {other}"),
                        ))
                    }
                };
                let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|_| bad(origin, &key, format!("`{text}` is not a date YYYY-MM-DD")))?;
                holidays.insert(date);
            }
        }
        Some(other) => {
            return Err(bad(
                origin,
                "calendar.holidays",
                format!("expected a list of dates, found {other}"),
            ))
        }
    }
    Ok(Calendar::Working(WorkingCalendar {
        zone,
        zone_name,
        workdays,
        start,
        end,
        holidays,
    }))
}

/// `HH:MM-HH:MM`, the end after the start (`24:00`: midnight at the day's end, as `None`).
fn parse_hours(text: &str) -> std::result::Result<(NaiveTime, Option<NaiveTime>), String> {
    let usage = format!(
        "`{text}` is not a span of working hours: write HH:MM-HH:MM such as \"08:00-18:00\" \
         (\"00:00-24:00\" for whole days, \"24x7\" for round-the-clock)"
    );
    let (a, b) = text.split_once('-').ok_or_else(|| usage.clone())?;
    let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
    let start = time(a).ok_or_else(|| usage.clone())?;
    let end = if b.trim() == "24:00" {
        None
    } else {
        Some(time(b).ok_or_else(|| usage.clone())?)
    };
    if end.is_some_and(|e| e <= start) {
        return Err(format!(
            "`{text}`: the working hours must end after they start on the same day; a shift \
             across midnight is not supported (use \"24x7\", or whole days \"00:00-24:00\")"
        ));
    }
    Ok((start, end))
}

fn weekday(name: &str) -> Option<usize> {
    let n = name.trim().to_ascii_lowercase();
    [
        ["mon", "monday"],
        ["tue", "tuesday"],
        ["wed", "wednesday"],
        ["thu", "thursday"],
        ["fri", "friday"],
        ["sat", "saturday"],
        ["sun", "sunday"],
    ]
    .iter()
    .position(|forms| forms.contains(&n.as_str()))
}

fn parse_targets(
    items: &[Value],
    origin: &Path,
    has_calendar: bool,
    objective: f64,
) -> Result<Vec<Target>> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("target[{i}]");
        let Value::Table(t) = item else {
            return Err(bad(origin, &at, "expected a `[[target]]` table"));
        };
        check_keys(
            t,
            &at,
            &[
                "severity",
                "acknowledge_minutes",
                "contain_minutes",
                "resolve_minutes",
                "hours",
                "compliance_objective",
            ],
            origin,
        )?;
        let severity_text = match t.get("severity") {
            Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
            Some(other) => {
                return Err(bad(
                    origin,
                    &format!("{at}.severity"),
                    format!("expected a severity name, found {other}"),
                ))
            }
            None => return Err(bad(origin, &format!("{at}.severity"), "missing")),
        };
        let severity = SEVERITIES
            .iter()
            .find(|s| **s == severity_text)
            .copied()
            .ok_or_else(|| {
                bad(
                    origin,
                    &format!("{at}.severity"),
                    format!(
                        "unknown severity `{severity_text}`; expected one of {}",
                        SEVERITIES.join(", ")
                    ),
                )
            })?;
        if !seen.insert(severity) {
            return Err(bad(
                origin,
                &format!("{at}.severity"),
                format!("severity `{severity}` has two [[target]] tables; give each once"),
            ));
        }
        let hours = match t.get("hours") {
            None => Hours::Calendar,
            Some(Value::String(s)) if s.trim() == "calendar" => Hours::Calendar,
            Some(Value::String(s)) if s.trim() == "business" => {
                if !has_calendar {
                    return Err(bad(
                        origin,
                        &format!("{at}.hours"),
                        "\"business\" needs a [calendar] table (time zone, working days and hours)",
                    ));
                }
                Hours::Business
            }
            Some(other) => {
                return Err(bad(
                    origin,
                    &format!("{at}.hours"),
                    format!("expected \"calendar\" or \"business\", found {other}"),
                ))
            }
        };
        let objective = share(t, "compliance_objective", origin, objective).map_err(|_| {
            bad(
                origin,
                &format!("{at}.compliance_objective"),
                "expected a share from 0 to 1 (0.95 = 95 %)",
            )
        })?;
        let mut any = false;
        for kind in TargetKind::ALL {
            let Some(v) = t.get(kind.key()) else {
                continue;
            };
            let minutes = number(v).filter(|m| *m > 0.0).ok_or_else(|| {
                bad(
                    origin,
                    &format!("{at}.{}", kind.key()),
                    format!("expected a number of minutes above 0, found {v}"),
                )
            })?;
            any = true;
            out.push(Target {
                severity,
                kind,
                minutes,
                hours,
                compliance_objective: objective,
            });
        }
        if !any {
            return Err(bad(
                origin,
                &at,
                "no target: give acknowledge_minutes, contain_minutes or resolve_minutes",
            ));
        }
    }
    let rank = |s: &str| {
        SEVERITIES
            .iter()
            .position(|x| *x == s)
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|t| (rank(t.severity), t.kind));
    Ok(out)
}

/// The most minutes one automated action may be said to save: a year.
const MAX_MINUTES_PER_RUN: f64 = 525_600.0;
/// The highest hourly rate accepted (any currency).
const MAX_HOURLY_RATE: f64 = 1e9;

fn parse_time_saved(t: &Table, origin: &Path) -> Result<TimeSavedSettings> {
    check_keys(
        t,
        "time_saved",
        &[
            "minutes",
            "playbook_minutes",
            "hours_per_fte_month",
            "hourly_rate",
            "currency",
        ],
        origin,
    )?;
    let mut s = TimeSavedSettings::default();
    // Upper bounds keep every product finite (an infinite sum would be a JSON null): no single
    // action saves more than a year of work, a month has at most 744 hours.
    let minutes_of = |key: &str, v: &Value| {
        number(v)
            .filter(|m| (0.0..=MAX_MINUTES_PER_RUN).contains(m))
            .ok_or_else(|| {
                bad(
                    origin,
                    key,
                    format!(
                        "expected a number of minutes from 0 to {MAX_MINUTES_PER_RUN} (a year), found {v}"
                    ),
                )
            })
    };
    match t.get("minutes") {
        None => {}
        Some(Value::Table(m)) => {
            for (action, v) in m {
                let key = format!("time_saved.minutes.{action}");
                if !ACTIONS.contains(&action.as_str()) {
                    return Err(bad(
                        origin,
                        &key,
                        format!(
                            "unknown action kind; expected one of {}",
                            ACTIONS.join(", ")
                        ),
                    ));
                }
                s.minutes
                    .insert(action.clone(), (minutes_of(&key, v)?, Source::Targets));
            }
        }
        Some(other) => {
            return Err(bad(
                origin,
                "time_saved.minutes",
                format!("expected a table such as {{ enrich = 5, triage = 10 }}, found {other}"),
            ))
        }
    }
    match t.get("playbook_minutes") {
        None => {}
        Some(Value::Table(m)) => {
            for (playbook, v) in m {
                let key = format!("time_saved.playbook_minutes.\"{playbook}\"");
                s.playbook_minutes
                    .insert(playbook.clone(), minutes_of(&key, v)?);
            }
        }
        Some(other) => {
            return Err(bad(
                origin,
                "time_saved.playbook_minutes",
                format!("expected a table of playbook names and minutes, found {other}"),
            ))
        }
    }
    if let Some(v) = t.get("hours_per_fte_month") {
        s.hours_per_fte_month = number(v)
            .filter(|h| *h > 0.0 && *h <= 744.0)
            .ok_or_else(|| {
                bad(
                    origin,
                    "time_saved.hours_per_fte_month",
                    format!(
                        "expected a number of hours above 0 and at most 744 (a month), found {v}"
                    ),
                )
            })?;
    }
    if let Some(v) = t.get("hourly_rate") {
        s.hourly_rate = Some(
            number(v)
                .filter(|r| (0.0..=MAX_HOURLY_RATE).contains(r))
                .ok_or_else(|| {
                    bad(
                        origin,
                        "time_saved.hourly_rate",
                        format!(
                            "expected an amount per hour from 0 to {MAX_HOURLY_RATE}, found {v}"
                        ),
                    )
                })?,
        );
    }
    match t.get("currency") {
        None => {}
        Some(Value::String(c)) if !c.trim().is_empty() && c.trim().chars().count() <= 8 => {
            s.currency = Some(c.trim().to_string())
        }
        Some(other) => {
            return Err(bad(
                origin,
                "time_saved.currency",
                format!("expected a short currency code such as \"EUR\", found {other}"),
            ))
        }
    }
    Ok(s)
}

impl Calendar {
    /// The working intervals `[start, end)` as UTC epoch microseconds, ascending and disjoint,
    /// over every local day that touches `[from, to]` (one day of margin each side). A 24x7
    /// calendar is one interval covering the whole span.
    pub fn intervals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(i64, i64)> {
        match self {
            Calendar::AlwaysOn => vec![(
                (from - Duration::days(1)).timestamp_micros(),
                (to + Duration::days(1)).timestamp_micros(),
            )],
            Calendar::Working(w) => w.intervals(from, to),
        }
    }
}

impl WorkingCalendar {
    fn intervals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(i64, i64)> {
        let first = self.zone.local_date(from) - Duration::days(1);
        let last = self.zone.local_date(to) + Duration::days(1);
        let mut out: Vec<(i64, i64)> = Vec::new();
        let mut day = first;
        while day <= last {
            let works = self.workdays[day.weekday().num_days_from_monday() as usize]
                && !self.holidays.contains(&day);
            if works {
                let start = self.zone.local_to_utc(day.and_time(self.start));
                let end = match self.end {
                    Some(end) => self.zone.local_to_utc(day.and_time(end)),
                    None => self.zone.midnight(day + Duration::days(1)),
                };
                let (s, e) = (start.timestamp_micros(), end.timestamp_micros());
                if e > s {
                    // Whole days (00:00-24:00) touch the next one: one interval, not two.
                    match out.last_mut() {
                        Some(last) if last.1 >= s => last.1 = last.1.max(e),
                        _ => out.push((s, e)),
                    }
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn parse(text: &str) -> Result<Targets> {
        let table: Table = toml::from_str(text).unwrap();
        Targets::from_table(&table, Path::new("t.toml"))
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn micros(t: DateTime<Utc>) -> i64 {
        t.timestamp_micros()
    }

    const PARIS: &str = r#"
        [calendar]
        timezone = "Europe/Paris"
        workdays = ["mon", "tue", "wed", "thu", "fri"]
        hours = "08:00-18:00"
        holidays = ["2026-03-30"]
    "#;

    #[test]
    fn working_days_follow_the_wall_clock_across_the_spring_change() {
        // Friday 27 March 2026 is CET (UTC+1); Sunday 29 March 02:00 the clocks go to CEST
        // (UTC+2); Monday 30 is a holiday here; Tuesday 31 is CEST.
        let t = parse(PARIS).unwrap();
        let cal = t.calendar.unwrap();
        let got = cal.intervals(utc(2026, 3, 27, 12, 0), utc(2026, 3, 31, 12, 0));
        assert_eq!(
            got,
            vec![
                // Thursday 26 (the day of margin): 07:00Z–17:00Z
                (
                    micros(utc(2026, 3, 26, 7, 0)),
                    micros(utc(2026, 3, 26, 17, 0))
                ),
                // Friday 27: 08:00 CET = 07:00Z to 18:00 CET = 17:00Z
                (
                    micros(utc(2026, 3, 27, 7, 0)),
                    micros(utc(2026, 3, 27, 17, 0))
                ),
                // Saturday, Sunday: none; Monday 30: holiday; Tuesday 31: 06:00Z–16:00Z
                (
                    micros(utc(2026, 3, 31, 6, 0)),
                    micros(utc(2026, 3, 31, 16, 0))
                ),
                // Wednesday 1 April (margin)
                (
                    micros(utc(2026, 4, 1, 6, 0)),
                    micros(utc(2026, 4, 1, 16, 0))
                ),
            ]
        );
    }

    #[test]
    fn whole_days_on_the_autumn_change_last_25_hours() {
        let t = parse(
            r#"[calendar]
               timezone = "Europe/Paris"
               workdays = ["sun"]
               hours = "00:00-24:00""#,
        )
        .unwrap();
        let got = t
            .calendar
            .unwrap()
            .intervals(utc(2026, 10, 25, 12, 0), utc(2026, 10, 25, 13, 0));
        // Sunday 25 October 2026: midnight CEST = 24 Oct 22:00Z to midnight CET = 25 Oct 23:00Z.
        assert_eq!(
            got,
            vec![(
                micros(utc(2026, 10, 24, 22, 0)),
                micros(utc(2026, 10, 25, 23, 0))
            )]
        );
    }

    #[test]
    fn a_skipped_local_time_moves_past_the_gap() {
        // 02:30 does not exist on 29 March 2026 in Paris: it moves forward by the hour the
        // clocks skip, to 03:30 CEST = 01:30Z (as every local time socgauge reads).
        let t = parse(
            r#"[calendar]
               timezone = "Europe/Paris"
               workdays = ["sun"]
               hours = "02:30-04:00""#,
        )
        .unwrap();
        let got = t
            .calendar
            .unwrap()
            .intervals(utc(2026, 3, 29, 12, 0), utc(2026, 3, 29, 12, 0));
        assert_eq!(
            got,
            vec![(
                micros(utc(2026, 3, 29, 1, 30)),
                micros(utc(2026, 3, 29, 2, 0))
            )]
        );
    }

    #[test]
    fn round_the_clock_is_one_interval() {
        let t = parse("[calendar]\nhours = \"24x7\"").unwrap();
        assert_eq!(t.calendar, Some(Calendar::AlwaysOn));
        let got = t
            .calendar
            .unwrap()
            .intervals(utc(2026, 1, 1, 0, 0), utc(2026, 2, 1, 0, 0));
        assert_eq!(
            got,
            vec![(
                micros(utc(2025, 12, 31, 0, 0)),
                micros(utc(2026, 2, 2, 0, 0))
            )]
        );
    }

    #[test]
    fn targets_are_ordered_by_severity_then_kind() {
        let t = parse(
            r#"
            [[target]]
            severity = "low"
            resolve_minutes = 10080
            [[target]]
            severity = "critical"
            resolve_minutes = 1440
            acknowledge_minutes = 15
            "#,
        )
        .unwrap();
        let got: Vec<(&str, TargetKind, f64)> = t
            .targets
            .iter()
            .map(|t| (t.severity, t.kind, t.minutes))
            .collect();
        assert_eq!(
            got,
            vec![
                ("critical", TargetKind::Acknowledge, 15.0),
                ("critical", TargetKind::Resolve, 1440.0),
                ("low", TargetKind::Resolve, 10080.0)
            ]
        );
        assert_eq!(t.amber_band, DEFAULT_AMBER_BAND);
        assert_eq!(t.time_saved.hours_per_fte_month, 140.0);
    }

    #[test]
    fn bad_files_name_the_key() {
        let cases = [
            (
                "[[target]]\nseverity = \"urgent\"\nresolve_minutes = 5",
                "key `target[0].severity`: unknown severity `urgent`",
            ),
            (
                "[calendar]\ntimezone = \"Europe/Parris\"\nhours = \"08:00-18:00\"",
                "key `calendar.timezone`: `Europe/Parris` is not a time zone",
            ),
            (
                "[calendar]\ntimezone = \"Mars/Olympus\"\nhours = \"24x7\"",
                "key `calendar.timezone`: `Mars/Olympus` is not a time zone",
            ),
            (
                "[calendar]\ntimezone = 2\nhours = \"24x7\"",
                "key `calendar.timezone`: expected an IANA name such as \"Europe/Paris\", found 2",
            ),
            (
                "[calendar]\ntimezone = \"UTC\"\nhours = \"18:00-08:00\"",
                "key `calendar.hours`: `18:00-08:00`: the working hours must end after they start",
            ),
            (
                "[calendar]\ntimezone = \"UTC\"\nhours = \"8-6\"",
                "key `calendar.hours`: `8-6` is not a span of working hours",
            ),
            (
                "[calendar]\ntimezone = \"UTC\"\nhours = \"08:00-18:00\"\nworkdays = [\"mo\"]",
                "key `calendar.workdays[0]`: `mo` is not a day",
            ),
            (
                "[calendar]\ntimezone = \"UTC\"\nhours = \"08:00-18:00\"\nholidays = [\"25/12/2026\"]",
                "key `calendar.holidays[0]`: `25/12/2026` is not a date",
            ),
            (
                "[[target]]\nseverity = \"high\"\nresolve_minutes = 5\nhours = \"business\"",
                "key `target[0].hours`: \"business\" needs a [calendar] table",
            ),
            (
                "[[target]]\nseverity = \"high\"\nresolve_minutes = -5",
                "key `target[0].resolve_minutes`: expected a number of minutes above 0",
            ),
            (
                "[[target]]\nseverity = \"high\"\nresolve_mins = 5",
                "key `target[0].resolve_mins`: unknown key",
            ),
            (
                "[[target]]\nseverity = \"high\"\n[[target]]\nseverity = \"high\"\nresolve_minutes = 1",
                "key `target[0]`: no target",
            ),
            (
                "[[target]]\nseverity = \"high\"\nresolve_minutes = 1\n[[target]]\nseverity = \"High\"\nresolve_minutes = 1",
                "key `target[1].severity`: severity `high` has two [[target]] tables",
            ),
            ("amber_band = 10", "key `amber_band`: expected a share from 0 to 1"),
            // Bounded so that every product stays finite (an infinite sum is no JSON number).
            (
                "[time_saved]\nminutes = { enrich = 1e308 }",
                "key `time_saved.minutes.enrich`: expected a number of minutes from 0 to 525600",
            ),
            (
                "[time_saved]\nplaybook_minutes = { \"Isolate host\" = 1e300 }",
                "key `time_saved.playbook_minutes.\"Isolate host\"`: expected a number of minutes from 0",
            ),
            (
                "[time_saved]\nhourly_rate = 1e300",
                "key `time_saved.hourly_rate`: expected an amount per hour from 0 to",
            ),
            (
                "[time_saved]\nhours_per_fte_month = 745",
                "key `time_saved.hours_per_fte_month`: expected a number of hours above 0 and at most 744",
            ),
            (
                "[time_saved]\nminutes = { enrichment = 5 }",
                "key `time_saved.minutes.enrichment`: unknown action kind",
            ),
            (
                "[calendar]\nhours = \"24x7\"\nholidays = [\"2026-12-25\"]",
                "key `calendar.holidays`: a 24x7 calendar has no working days or holidays",
            ),
        ];
        for (text, expected) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{text}");
            let message = err.to_string();
            assert!(message.starts_with("`t.toml`: "), "{message}");
            assert!(message.contains(expected), "{text}\n→ {message}");
        }
    }

    #[test]
    fn time_saved_overrides_keep_the_other_defaults() {
        let t = parse(
            r#"[time_saved]
               minutes = { enrich = 7 }
               playbook_minutes = { "Isolate host" = 30 }
               hours_per_fte_month = 120
               hourly_rate = 55.5
               currency = "EUR""#,
        )
        .unwrap();
        let s = &t.time_saved;
        assert_eq!(s.minutes["enrich"], (7.0, Source::Targets));
        assert_eq!(s.minutes["triage"], (10.0, Source::Default));
        assert_eq!(s.playbook_minutes["Isolate host"], 30.0);
        assert_eq!(s.hours_per_fte_month, 120.0);
        assert_eq!(s.hourly_rate, Some(55.5));
        assert_eq!(s.currency.as_deref(), Some("EUR"));
    }
}
