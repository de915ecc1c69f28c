//! `socgauge mapping init FILE`: a starting mapping for an export of a tool without a built-in
//! source, guessed from its column names. Every guess is written out for the user to check; the
//! columns nothing matched are listed, commented, so none is forgotten.

use std::fmt::Write as _;
use std::path::Path;

use crate::cli::MappingInitArgs;
use crate::db::{Db, EngineOptions};
use crate::error::{Error, Result};
use crate::load::Format;
use crate::model::Kind;
use crate::queries::load as q;
use crate::sources::detect;

mod values;

/// Canonical field → column names (lower-case, without spaces, `_` or `-`) that usually hold it.
const GUESSES: &[(&str, &[&str])] = &[
    (
        "incident_id",
        &[
            "incidentid",
            "incidentnumber",
            "number",
            "caseid",
            "ticketid",
            "ticket",
            "key",
            "id",
        ],
    ),
    (
        "alert_id",
        &["alertid", "eventid", "findingid", "detectionid", "id"],
    ),
    ("run_id", &["runid", "executionid", "jobid", "id"]),
    (
        "incident_id@alerts",
        &["incidentid", "caseid", "parentid", "ticketid"],
    ),
    (
        "title",
        &[
            "title",
            "name",
            "summary",
            "shortdescription",
            "subject",
            "displayname",
        ],
    ),
    (
        "severity",
        &["severity", "priority", "urgency", "risklevel"],
    ),
    (
        "status",
        &[
            "status",
            "state",
            "incidentstate",
            "stage",
            "workflowstatus",
        ],
    ),
    (
        "classification",
        &[
            "classification",
            "verdict",
            "resolution",
            "closecode",
            "disposition",
            "determination",
        ],
    ),
    (
        "verdict",
        &[
            "verdict",
            "classification",
            "disposition",
            "determination",
            "resolution",
        ],
    ),
    (
        "first_activity_at",
        &[
            "firstactivity",
            "firstactivitytime",
            "firstseen",
            "starttime",
            "eventtime",
            "occurred",
        ],
    ),
    (
        "created_at",
        &[
            "createdat",
            "created",
            "createdtime",
            "opened",
            "openedat",
            "creationtime",
            "createdon",
            "syscreatedon",
            "openedon",
            "timegenerated",
            "detectiontime",
            "detected",
            "detectedat",
            "reportedat",
            "raised",
            "timestamp",
            "time",
            "date",
        ],
    ),
    (
        "acknowledged_at",
        &[
            "acknowledgedat",
            "acknowledged",
            "firstresponse",
            "assignedat",
            "inprogressdate",
            "firstmodifiedtime",
        ],
    ),
    (
        "contained_at",
        &["containedat", "contained", "containmenttime"],
    ),
    (
        "closed_at",
        &[
            "closedat",
            "closed",
            "closedtime",
            "closedon",
            "resolvedat",
            "resolved",
            "resolvedtime",
            "enddate",
        ],
    ),
    ("owner", &["owner", "assignee", "assignedto", "analyst"]),
    ("closed_by", &["closedby", "resolvedby"]),
    (
        "category",
        &[
            "category",
            "incidentcategory",
            "alertcategory",
            "categoryname",
        ],
    ),
    (
        "rule_id",
        &["ruleid", "detectorid", "analyticid", "signatureid"],
    ),
    (
        "rule_name",
        &[
            "rulename",
            "detector",
            "analytic",
            "signature",
            "searchname",
            "alertname",
        ],
    ),
    (
        "product",
        &[
            "product",
            "productname",
            "source",
            "vendor",
            "sensor",
            "tool",
        ],
    ),
    ("tactics", &["tactics", "tactic", "mitretactics"]),
    (
        "techniques",
        &[
            "techniques",
            "technique",
            "mitretechniques",
            "attacktechniques",
        ],
    ),
    (
        "entity_user",
        &["user", "username", "account", "accountname", "upn"],
    ),
    (
        "entity_host",
        &["host", "hostname", "device", "devicename", "computer"],
    ),
    ("entity_ip", &["ip", "ipaddress", "sourceip", "srcip"]),
    ("playbook", &["playbook", "workflow", "flow", "runbook"]),
    ("action", &["action", "actiontype", "step"]),
    (
        "started_at",
        &[
            "startedat",
            "started",
            "starttime",
            "executedat",
            "timestamp",
        ],
    ),
    (
        "finished_at",
        &["finishedat", "finished", "endtime", "completedat"],
    ),
    ("outcome", &["outcome", "result", "status"]),
    ("approved_by", &["approvedby", "approver"]),
];

pub fn init(args: &MappingInitArgs) -> Result<()> {
    crate::output::refuse_inputs(
        "--output",
        args.output.as_deref(),
        &[("the export to map", &args.file)],
    )?;
    if let Some(out) = args.output.as_deref().filter(|o| *o != Path::new("-")) {
        crate::output::refuse_overwrite(&[out.to_path_buf()], args.force)?;
    }
    let profiles = profile(&args.file)?;
    let text = draft(&args.file, &profiles);
    crate::output::write(args.output.as_deref(), text.as_bytes())
}

/// What the sample says about one column.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub name: String,
    /// Sampled rows holding a value (missing-value markers such as `?` do not count).
    pub filled: i64,
    /// Values that are ISO 8601 or epoch timestamps.
    pub instants: i64,
    /// The distinct values, most frequent first (at most 100), with their canonical readings.
    pub values: Vec<Seen>,
    /// For a column of slash/dash/dot dates: the format and how its order was told.
    pub dates: Option<DateGuess>,
    /// Every sampled value is a JSON object or list (a nested field, such as PagerDuty's
    /// `priority`): never mapped as a value.
    pub nested: bool,
}

/// One distinct value and how the loader reads it as each enumeration.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub value: String,
    pub n: i64,
    pub native: std::collections::BTreeMap<String, Option<String>>,
}

/// A date column's strptime format, and how its day/month order was told.
#[derive(Debug, Clone, PartialEq)]
pub struct DateGuess {
    pub format: String,
    pub why: String,
    /// The order could not be told: the format is month-first by default.
    pub unsure: bool,
}

#[derive(Debug, serde::Deserialize)]
struct ColumnStats {
    filled: i64,
    instants: i64,
    dated: i64,
    first_max: Option<i64>,
    second_max: Option<i64>,
}

#[derive(Debug, serde::Deserialize)]
struct ValueRow {
    value: String,
    n: i64,
    severity: Option<String>,
    status: Option<String>,
    verdict: Option<String>,
    closed_by: Option<String>,
    action: Option<String>,
    outcome: Option<String>,
}

/// Day-first and month-first date patterns (date part, then the time forms exports write), the
/// separators `/`, `-` and `.`.
fn date_formats(day_first: bool) -> Vec<String> {
    let times = [
        ", %I:%M:%S.%g %p",
        ", %I:%M:%S %p",
        ", %H:%M:%S.%g",
        ", %H:%M:%S",
        " %I:%M:%S %p",
        " %I:%M %p",
        " %H:%M:%S.%g",
        " %H:%M:%S",
        " %H:%M",
        "",
    ];
    let mut out = Vec::new();
    for sep in ["/", "-", "."] {
        for year in ["%Y", "%y"] {
            for time in times {
                let date = if day_first {
                    format!("%d{sep}%m{sep}{year}")
                } else {
                    format!("%m{sep}%d{sep}{year}")
                };
                out.push(format!("{date}{time}"));
            }
        }
    }
    out
}

/// Reads the file's records into a sample and profiles every column with DuckDB.
fn profile(path: &Path) -> Result<Vec<Profile>> {
    let (db, columns) = open_sample(path)?;
    let mut profiles = Vec::new();
    for name in &columns {
        let stats: ColumnStats = db.one(&q::MAPPING_COLUMN_PROFILE, &[name])?;
        let rows: Vec<ValueRow> = db.rows(&q::MAPPING_COLUMN_VALUES, &[name])?;
        let values = rows
            .into_iter()
            .map(|r| Seen {
                value: r.value,
                n: r.n,
                native: [
                    ("severity", r.severity),
                    ("status", r.status),
                    ("classification", r.verdict.clone()),
                    ("verdict", r.verdict),
                    ("closed_by", r.closed_by),
                    ("action", r.action),
                    ("outcome", r.outcome),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            })
            .collect::<Vec<Seen>>();
        let nested = !values.is_empty()
            && values
                .iter()
                .all(|v| v.value.starts_with('{') || v.value.starts_with('['));
        profiles.push(Profile {
            name: name.clone(),
            filled: stats.filled,
            instants: stats.instants,
            values,
            dates: None,
            nested,
        });
        let dates = if stats.dated > 0 && stats.dated * 2 >= stats.filled {
            Some(stats)
        } else {
            None
        };
        if let Some(stats) = dates {
            let guess = date_guess(&db, name, &stats, &profiles)?;
            if let Some(last) = profiles.last_mut() {
                last.dates = guess;
            }
        }
    }
    // Cross-checks look at columns after this one too: redo the unsure ones now that every
    // column is profiled.
    for i in 0..profiles.len() {
        if profiles[i].dates.as_ref().is_some_and(|d| d.unsure) {
            let stats: ColumnStats = db.one(&q::MAPPING_COLUMN_PROFILE, &[&profiles[i].name])?;
            let name = profiles[i].name.clone();
            profiles[i].dates = date_guess(&db, &name, &stats, &profiles)?;
        }
    }
    // Still unsure: the order another date column of the same file proves (exports write every
    // date alike), when the proven columns agree.
    let proven: Vec<(bool, String)> = profiles
        .iter()
        .filter_map(|p| {
            let d = p.dates.as_ref().filter(|d| !d.unsure)?;
            Some((d.why.starts_with("day-first"), p.name.clone()))
        })
        .collect();
    let agreed = proven
        .first()
        .map(|(day, _)| *day)
        .filter(|day| proven.iter().all(|(d, _)| d == day));
    if let Some(day_first) = agreed {
        for profile in profiles.iter_mut() {
            if !profile.dates.as_ref().is_some_and(|d| d.unsure) {
                continue;
            }
            let name = profile.name.clone();
            let mut best: Option<(i64, String)> = None;
            for format in date_formats(day_first) {
                #[derive(serde::Deserialize)]
                struct Parsed {
                    parsed: i64,
                }
                let p: Parsed = db.one(&q::MAPPING_DATE_FORMATS, &[&name, &format])?;
                if p.parsed > 0 && best.as_ref().is_none_or(|(n, _)| p.parsed > *n) {
                    best = Some((p.parsed, format));
                }
            }
            if let Some((_, format)) = best {
                let order = if day_first {
                    "day-first"
                } else {
                    "month-first"
                };
                let like: Vec<&str> = proven.iter().map(|(_, n)| n.as_str()).collect();
                profile.dates = Some(DateGuess {
                    format,
                    why: format!("{order} like {} (no field above 12 here)", like.join(", ")),
                    unsure: false,
                });
            }
        }
    }
    Ok(profiles)
}

/// The format of a date column and its order: a first field above 12 proves day-first, a second
/// above 12 month-first; when every value is ambiguous, the rows' ISO or epoch time columns
/// decide (the reading nearer to them wins); else month-first, flagged as unsure.
fn date_guess(
    db: &Db,
    name: &str,
    stats: &ColumnStats,
    profiles: &[Profile],
) -> Result<Option<DateGuess>> {
    #[derive(serde::Deserialize)]
    struct Parsed {
        parsed: i64,
    }
    #[derive(serde::Deserialize)]
    struct Votes {
        day_first: i64,
        month_first: i64,
    }
    let best = |day_first: bool| -> Result<Option<String>> {
        let mut best: Option<(i64, String)> = None;
        for format in date_formats(day_first) {
            let p: Parsed = db.one(&q::MAPPING_DATE_FORMATS, &[&name, &format])?;
            if p.parsed > 0 && best.as_ref().is_none_or(|(n, _)| p.parsed > *n) {
                best = Some((p.parsed, format));
            }
        }
        Ok(best.map(|(_, f)| f))
    };
    let first = stats.first_max.unwrap_or(0);
    let second = stats.second_max.unwrap_or(0);
    if first > 12 {
        return Ok(best(true)?.map(|format| DateGuess {
            format,
            why: format!("day-first: a first field of {first} (above 12)"),
            unsure: false,
        }));
    }
    if second > 12 {
        return Ok(best(false)?.map(|format| DateGuess {
            format,
            why: format!("month-first: a second field of {second} (above 12)"),
            unsure: false,
        }));
    }
    let (Some(day), Some(month)) = (best(true)?, best(false)?) else {
        return Ok(None);
    };
    let references = profiles
        .iter()
        .filter(|p| p.name != name && p.filled > 0 && p.instants * 10 >= p.filled * 9);
    let (mut for_day, mut for_month) = (0, 0);
    let mut used = Vec::new();
    for r in references {
        let v: Votes = db.one(
            &q::MAPPING_DATE_CROSS_CHECK,
            &[&name, &day, &month, &r.name],
        )?;
        if v.day_first + v.month_first > 0 {
            used.push(r.name.clone());
        }
        for_day += v.day_first;
        for_month += v.month_first;
    }
    Ok(Some(if for_day > for_month {
        DateGuess {
            format: day,
            why: format!(
                "day-first: no field above 12, but read day-first {for_day} of {} rows agree better with {}",
                for_day + for_month,
                used.join(", ")
            ),
            unsure: false,
        }
    } else if for_month > for_day {
        DateGuess {
            format: month,
            why: format!(
                "month-first: no field above 12, but read month-first {for_month} of {} rows agree better with {}",
                for_day + for_month,
                used.join(", ")
            ),
            unsure: false,
        }
    } else {
        DateGuess {
            format: month,
            why: "COULD NOT TELL day-first from month-first (no field above 12, no ISO or epoch time column to compare): month-first assumed, check".into(),
            unsure: true,
        }
    }))
}

/// The file's records in a sample table (`sg_sample`) of a fresh in-memory database, with the
/// column names (CSV header order) or top-level keys (JSON records).
fn open_sample(path: &Path) -> Result<(Db, Vec<String>)> {
    if !path.exists() {
        return Err(Error::MissingPath {
            path: path.to_path_buf(),
        });
    }
    let format = Format::of(path).ok_or_else(|| Error::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    // UTF-16 and UTF-32 are refused with what to do, as a load refuses them.
    if matches!(format, Format::Csv | Format::Json) {
        crate::load::check_encoding(path)?;
    }
    let db = Db::open_in_memory(&EngineOptions::default())?;
    db.execute(
        &q::SETTINGS,
        &[
            &0_i64,
            &0_i32,
            &"1970-01-01T00:00:00Z",
            &None::<String>,
            &None::<String>,
            &None::<String>,
        ],
    )?;
    for query in [&q::MACROS, &q::ENUMS, &q::MAPPING_MACROS] {
        db.batch(query)?;
    }
    // A CSV file in Windows-1252, or mixing line ends, is read from the copy a load reads.
    let text = match format {
        Format::Csv => crate::load::csv_text(path),
        _ => crate::load::CsvText::default(),
    };
    let copy = match format {
        Format::Csv => crate::load::TextCopy::for_csv_reader(path, &text)?,
        _ => None,
    };
    let reader =
        crate::load::reader_path::ReaderPath::of(copy.as_ref().map_or(path, |c| c.path()))?;
    let path_text = reader.as_str();
    let wrap = |e: Error| crate::load::read_error(path, e);
    let columns = match format {
        Format::Csv => {
            // The header and the sample read with the dialect the load will use.
            let (dialect, columns) = crate::load::csv_header(&db, path, &reader, text.quote_free)?;
            let records = crate::load::csv_records(&dialect, &columns)?;
            db.execute_sql(
                records.name,
                &records.text,
                &[&path_text, &dialect.header_line()],
            )
            .map_err(wrap)?;
            db.batch(&q::RECORDS_ARE_VALUES)?;
            columns
        }
        Format::Parquet => {
            let columns = crate::load::parquet_header(&db, path, &reader)?;
            db.execute(&q::PARQUET_RECORDS, &[&path_text])
                .map_err(wrap)?;
            db.batch(&q::RECORDS_ARE_VALUES)?;
            columns
        }
        Format::Json => {
            crate::load::read_json_values(&db, path, path_text)?;
            let value = crate::load::records_structure(&db)?.unwrap_or(serde_json::Value::Null);
            // The candidate with the most keys of its own is most likely the records.
            let best = detect::candidates(&value)
                .into_iter()
                .max_by_key(|c| c.keys.iter().filter(|k| !k.contains('.')).count());
            match &best {
                Some(c) => crate::load::gather_records(&db, c).map_err(wrap)?,
                None => db.batch(&q::RECORDS_ARE_VALUES)?,
            }
            #[derive(serde::Deserialize)]
            struct Key {
                key: String,
            }
            let keys: Vec<Key> = db.rows(&q::MAPPING_KEYS, &[])?;
            keys.into_iter().map(|k| k.key).collect()
        }
    };
    db.batch(&q::MAPPING_SAMPLE)?;
    Ok((db, columns))
}

fn squash(name: &str) -> String {
    detect::normalise_key(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Canonical fields whose values are an enumeration, and the guesser of each.
const ENUMERATED: &[&str] = &[
    "severity",
    "status",
    "classification",
    "verdict",
    "closed_by",
    "action",
    "outcome",
];

/// The proposal for an enumerated field mapped to `column`.
fn propose(field: &str, column: &Profile) -> values::Proposal {
    let seen: Vec<values::Seen> = column
        .values
        .iter()
        .map(|s| values::Seen {
            value: s.value.clone(),
            native: s.native.get(field).cloned().flatten(),
        })
        .collect();
    match field {
        "severity" => values::severity(&column.name, &seen),
        "status" => values::status(&column.name, &seen),
        "classification" | "verdict" => values::verdict(&seen),
        "closed_by" => values::closed_by(&seen),
        "action" => values::action(&seen),
        _ => values::outcome(&seen),
    }
}

/// The mapping text for a file whose columns are profiled as `profiles`.
fn draft(path: &Path, profiles: &[Profile]) -> String {
    let columns: Vec<String> = profiles.iter().map(|p| p.name.clone()).collect();
    let squashed: Vec<String> = columns.iter().map(|c| squash(c)).collect();
    let filled = |i: usize| profiles[i].filled > 0 && !profiles[i].nested;
    // A column named as the canonical field itself (`tenant`, `first_activity_at`) comes first,
    // then the names GUESSES lists for it.
    let find = |field: &str, taken: &[String]| -> Option<String> {
        let own = squash(field.split('@').next().unwrap_or(field));
        let guessed = GUESSES
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[][..], |(_, names)| names);
        std::iter::once(own.as_str())
            .chain(guessed.iter().copied())
            .find_map(|n| {
                squashed
                    .iter()
                    .enumerate()
                    .find(|(i, s)| *s == n && filled(*i) && !taken.contains(&columns[*i]))
                    .map(|(i, _)| columns[i].clone())
            })
    };
    let kind = if find("alert_id", &[]).is_some_and(|c| squash(&c) != "id") {
        Kind::Alerts
    } else {
        Kind::Incidents
    };
    let mut used = Vec::new();
    let mut lines = Vec::new();
    let mut unsure = Vec::new();
    for field in kind.columns() {
        let key = if kind == Kind::Alerts && *field == "incident_id" {
            "incident_id@alerts"
        } else {
            field
        };
        let Some(column) = find(key, &used) else {
            lines.push(format!("# {field} = \"\""));
            continue;
        };
        let profile = &profiles[columns.iter().position(|c| *c == column).unwrap_or(0)];
        let header_zone = zone_hint(&column);
        if let Some(dates) = profile.dates.as_ref().filter(|_| is_timestamp(field)) {
            lines.push(format!(
                "{field} = {{ column = {}, format = {} }}   # {}{}",
                toml_string(&column),
                toml_string(&dates.format),
                dates.why,
                header_zone
            ));
            if dates.unsure {
                unsure.push(column.clone());
            }
        } else if ENUMERATED.contains(field) {
            let p = propose(field, profile);
            lines.extend(enumerated_lines(field, &column, &p));
        } else {
            lines.push(format!(
                "{field} = {}{}",
                toml_string(&column),
                if header_zone.is_empty() {
                    String::new()
                } else {
                    format!("   #{}", header_zone.trim_start_matches(';'))
                }
            ));
        }
        used.push(column);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# socgauge mapping for {} — guessed from its columns and a sample of its values: check\n\
         # every line. A field is a column name, or {{ column = \"…\", map = {{ \"source value\" = \"canonical\" }},\n\
         # format = \"%d/%m/%Y %H:%M\" }}, or {{ expr = \"DuckDB SQL with {{Column name}}\" }}.\n\
         # Canonical fields and values: docs/canonical-model.md. Load with:\n\
         #   socgauge ingest --mapping THIS.toml {}\n",
        path.display(),
        path.display()
    );
    if !unsure.is_empty() {
        let _ = writeln!(
            out,
            "# CHECK: could not tell whether these dates are day-first or month-first: {}\n",
            unsure
                .iter()
                .map(|c| toml_string(c))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        out,
        "# timestamp_format = \"%m/%d/%Y %H:%M:%S\"   # when times are not ISO 8601 or epoch numbers\n\
         # timezone = \"UTC\"                       # zone of times written without an offset\n"
    );
    let _ = writeln!(out, "[{}]", kind.name());
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let empty: Vec<&String> = profiles
        .iter()
        .filter(|p| p.filled == 0 && !used.contains(&p.name))
        .map(|p| &p.name)
        .collect();
    let unused: Vec<&String> = profiles
        .iter()
        .filter(|p| p.filled > 0 && !used.contains(&p.name))
        .map(|p| &p.name)
        .collect();
    if !unused.is_empty() {
        let _ = writeln!(out, "\n# Columns not mapped:");
        for c in unused {
            let _ = writeln!(out, "#   {}", toml_string(c));
        }
    }
    if !empty.is_empty() {
        let _ = writeln!(out, "\n# Columns empty in the sample (not mapped):");
        for c in empty {
            let _ = writeln!(out, "#   {}", toml_string(c));
        }
    }
    let _ = writeln!(
        out,
        "\n# Product → domain rules ahead of the built-in table:\n[domains]\n# \"Acme EDR\" = \"endpoint\""
    );
    out
}

fn is_timestamp(field: &str) -> bool {
    field.ends_with("_at")
}

/// ` header says UTC` for a column named like `CreatedTime [UTC]`: its times are UTC whatever
/// the mapping's zone (written as a comment for the user).
fn zone_hint(column: &str) -> String {
    let trimmed = column.trim();
    match trimmed.rfind(" [") {
        Some(at) if trimmed.ends_with(']') => {
            format!("; header names the zone {}", &trimmed[at + 1..])
        }
        _ => String::new(),
    }
}

/// The lines of an enumerated field: the plain column when every value reads as it is, a map
/// (or an expression) of the guesses, or the field left unmapped when nothing could be guessed.
fn enumerated_lines(field: &str, column: &str, p: &values::Proposal) -> Vec<String> {
    let mut lines = Vec::new();
    let unknown = |lines: &mut Vec<String>| {
        if !p.unknown.is_empty() {
            lines.push(format!(
                "#   not guessed (rows holding them would be rejected; add them to the map): {}",
                p.unknown
                    .iter()
                    .map(|v| toml_string(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    };
    if let Some(expr) = &p.expr {
        lines.push(format!("{field} = {{ expr = {} }}", toml_string(expr)));
        lines.push(format!("#   {}", p.why));
    } else if p.map.is_empty() && p.unknown.is_empty() {
        lines.push(format!("{field} = {}   # {}", toml_string(column), p.why));
    } else if p.map.is_empty() {
        lines.push(format!(
            "# {field} = {}   # left unmapped: no value of this column could be read as a {field}",
            toml_string(column)
        ));
        unknown(&mut lines);
    } else {
        let entries = p
            .map
            .iter()
            .map(|(from, to)| format!("{} = {}", toml_string(from), toml_string(to)))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(format!(
            "{field} = {{ column = {}, map = {{ {entries} }} }}",
            toml_string(column)
        ));
        lines.push(format!("#   guessed {}", p.why));
        unknown(&mut lines);
    }
    lines
}

fn toml_string(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04X}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_from_a_servicenow_like_header() {
        let cols: Vec<Profile> = [
            "Number",
            "Opened",
            "Priority",
            "State",
            "Assigned to",
            "Closed",
            "Close code",
            "Odd \"one\"",
        ]
        .iter()
        .map(|s| Profile {
            name: s.to_string(),
            filled: 1,
            ..Profile::default()
        })
        .collect();
        let text = draft(Path::new("sir.csv"), &cols);
        assert!(text.contains("[incidents]"));
        assert!(text.contains("incident_id = \"Number\""));
        assert!(text.contains("created_at = \"Opened\""));
        assert!(text.contains("severity = \"Priority\""));
        assert!(text.contains("classification = \"Close code\""));
        assert!(text.contains("owner = \"Assigned to\""));
        assert!(text.contains("#   \"Odd \\\"one\\\"\""));
        // The draft is a valid mapping once read back.
        crate::sources::mapped::Mapping::parse(Path::new("m.toml"), &text).unwrap();
    }
}
