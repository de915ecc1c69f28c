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
    ("status", &["status", "state", "stage"]),
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
            "resolvedat",
            "resolved",
            "resolvedtime",
            "enddate",
        ],
    ),
    ("owner", &["owner", "assignee", "assignedto", "analyst"]),
    ("closed_by", &["closedby", "resolvedby"]),
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
    let columns = columns_of(&args.file)?;
    let text = draft(&args.file, &columns);
    crate::output::write(args.output.as_deref(), text.as_bytes())
}

/// The column names (CSV header) or top-level keys (JSON records) of an export.
fn columns_of(path: &Path) -> Result<Vec<String>> {
    if !path.exists() {
        return Err(Error::MissingPath {
            path: path.to_path_buf(),
        });
    }
    let format = Format::of(path).ok_or_else(|| Error::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    let db = Db::open_in_memory(&EngineOptions::default())?;
    match format {
        Format::Csv => Ok(crate::load::csv_header(&db, path)?.1),
        Format::Parquet => crate::load::parquet_header(&db, path),
        Format::Json => {
            let path_text = path.to_string_lossy().to_string();
            db.execute(&q::JSON_RAW, &[&path_text])
                .map_err(|e| crate::load::read_error(path, e))?;
            let value = crate::load::records_structure(&db)?.unwrap_or(serde_json::Value::Null);
            // The candidate with the most keys of its own is most likely the records.
            let best = detect::candidates(&value)
                .into_iter()
                .max_by_key(|c| c.keys.iter().filter(|k| !k.contains('.')).count());
            let mut keys: Vec<String> = best
                .map(|c| c.keys.into_iter().filter(|k| !k.contains('.')).collect())
                .unwrap_or_default();
            keys.sort();
            Ok(keys)
        }
    }
}

fn squash(name: &str) -> String {
    detect::normalise_key(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The mapping text for a file with these columns.
fn draft(path: &Path, columns: &[String]) -> String {
    let squashed: Vec<String> = columns.iter().map(|c| squash(c)).collect();
    let find = |field: &str, taken: &[String]| -> Option<String> {
        let names = GUESSES.iter().find(|(f, _)| *f == field)?.1;
        names.iter().find_map(|n| {
            squashed
                .iter()
                .position(|s| s == n)
                .map(|i| columns[i].clone())
                .filter(|c| !taken.contains(c))
        })
    };
    let kind = if find("alert_id", &[]).is_some_and(|c| squash(&c) != "id") {
        Kind::Alerts
    } else {
        Kind::Incidents
    };
    let mut used = Vec::new();
    let mut lines = Vec::new();
    for field in kind.columns() {
        let key = if kind == Kind::Alerts && *field == "incident_id" {
            "incident_id@alerts"
        } else {
            field
        };
        match find(key, &used) {
            Some(column) => {
                lines.push(format!("{field} = {}", toml_string(&column)));
                used.push(column);
            }
            None => lines.push(format!("# {field} = \"\"")),
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# socgauge mapping for {} — guessed from its columns: check every line.\n\
         # A field is a column name, or {{ column = \"…\", map = {{ \"source value\" = \"canonical\" }},\n\
         # format = \"%d/%m/%Y %H:%M\" }}, or {{ expr = \"DuckDB SQL with {{Column name}}\" }}.\n\
         # Canonical fields and values: docs/canonical-model.md. Load with:\n\
         #   socgauge ingest --mapping THIS.toml {}\n",
        path.display(),
        path.display()
    );
    let _ = writeln!(
        out,
        "# timestamp_format = \"%m/%d/%Y %H:%M:%S\"   # when times are not ISO 8601 or epoch numbers\n\
         # timezone = \"UTC\"                       # zone of times written without an offset\n"
    );
    let _ = writeln!(out, "[{}]", kind.name());
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let unused: Vec<&String> = columns.iter().filter(|c| !used.contains(c)).collect();
    if !unused.is_empty() {
        let _ = writeln!(out, "\n# Columns not mapped:");
        for c in unused {
            let _ = writeln!(out, "#   {}", toml_string(c));
        }
    }
    let _ = writeln!(
        out,
        "\n# Product → domain rules ahead of the built-in table:\n[domains]\n# \"Acme EDR\" = \"endpoint\""
    );
    out
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
        let cols: Vec<String> = [
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
        .map(|s| s.to_string())
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
