//! The `mapped` source: any CSV/JSON export through a TOML mapping file. The mapping becomes a
//! staging script like the built-in sources' (`queries/sources/<name>/*.sql`), generated here
//! because its columns are the user's.
//!
//! ```toml
//! timestamp_format = "%d/%m/%Y %H:%M"   # optional strptime pattern for every timestamp
//! timezone = "Europe/Paris"             # optional zone of times without an offset
//!
//! [incidents]                           # and/or [alerts], [automation]
//! incident_id = "Number"                # a column
//! created_at = { column = "Opened", format = "%m/%d/%Y %I:%M %p" }
//! classification = { column = "Close code", map = { "Solved (Permanently)" = "true_positive" } }
//! title = { expr = "concat({Short description}, ' (', {Category}, ')')" }
//!
//! [domains]                              # product → domain, ahead of the built-in table
//! "Acme EDR" = "endpoint"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::Kind;
use crate::queries::text_literal as literal;

use super::{Shape, Source};

/// The source name of files read through a mapping file (`--source mapped`).
pub const NAME: &str = "mapped";

/// The mapping's setting of the zone of times without an offset, as messages name it.
const ZONE_SETTING: &str = "the mapping file's `timezone`";

/// A checked mapping file, ready to stage with.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub path: PathBuf,
    /// The synthetic source (one shape) that detection matches files against.
    pub source: Source,
    /// The staging script.
    pub script: String,
    /// Each mapped field (`[incidents] title`) with its SQL over a record `j` and whether it is
    /// the user's expression (`expr`): checked against the file before the script runs, so that
    /// an expression the engine cannot run names its field (load/vendor.rs).
    pub fields: Vec<MappedField>,
    /// Product pattern → domain rules.
    pub domains: Vec<(String, String)>,
    /// Close code → classification rules.
    pub close_codes: Vec<(String, String)>,
    /// Zone of times without an offset, when the mapping names one.
    pub timezone: Option<String>,
    /// Whether a time is read without a pattern of the mapping's own (neither its `format` nor
    /// the file's `timestamp_format`): only such times are read in the order a file's slash
    /// dates tell, so only then is that order worth a word to the user.
    pub times_without_format: bool,
}

/// One field of a mapping as the load runs it.
#[derive(Debug, Clone)]
pub struct MappedField {
    /// `[incidents] title`.
    pub name: String,
    pub sql: String,
    /// The user's SQL expression (`expr`), which can fail on a value; a column, a value map
    /// or a time pattern cannot.
    pub expression: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    timestamp_format: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    incidents: Option<BTreeMap<String, Field>>,
    #[serde(default)]
    alerts: Option<BTreeMap<String, Field>>,
    #[serde(default)]
    automation: Option<BTreeMap<String, Field>>,
    #[serde(default)]
    domains: BTreeMap<String, String>,
    /// ServiceNow close code → classification, ahead of the built-in table.
    #[serde(default)]
    close_codes: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Field {
    Column(String),
    Spec(Spec),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    #[serde(default)]
    column: Option<String>,
    /// A DuckDB SQL expression; `{Column name}` stands for that column's text.
    #[serde(default)]
    expr: Option<String>,
    /// Source value → canonical value (matched ignoring case and spaces).
    #[serde(default)]
    map: BTreeMap<String, String>,
    /// strptime pattern of this timestamp column.
    #[serde(default)]
    format: Option<String>,
}

const TIMESTAMPS: &[&str] = &[
    "first_activity_at",
    "created_at",
    "acknowledged_at",
    "contained_at",
    "closed_at",
    "started_at",
    "finished_at",
    "approved_at",
];

const DOMAINS: &[&str] = &[
    "identity",
    "endpoint",
    "cloud",
    "email",
    "network",
    "application",
    "data",
    "other",
];

impl Mapping {
    /// Reads and checks a mapping file: known kinds and fields, a column or an expression for
    /// each, the required fields present, domains valid.
    pub fn from_file(path: &Path) -> Result<Mapping> {
        let text = crate::settings_file::read(path)?;
        Mapping::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Mapping> {
        let bad = |message: String| Error::Mapping {
            path: path.to_path_buf(),
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        // The file's own settings are checked here, so that an error names this file and key
        // rather than the flags they stand in for.
        if let Some(zone) = &file.timezone {
            crate::time::Zone::parse(zone).map_err(|m| bad(format!("timezone: {m}")))?;
        }
        if let Some(format) = &file.timestamp_format {
            crate::load::check_date_format(format, "timestamp_format", ZONE_SETTING)
                .map_err(|e| bad(e.to_string()))?;
        }
        let mut statements = Vec::new();
        let mut checked_fields = Vec::new();
        let mut requires = Vec::new();
        let mut kinds = Vec::new();
        let mut provides = Vec::new();
        let mut times_without_format = false;
        for (kind, fields) in [
            (Kind::Incidents, &file.incidents),
            (Kind::Alerts, &file.alerts),
            (Kind::Automation, &file.automation),
        ] {
            let Some(fields) = fields else { continue };
            let (id, created) = match kind {
                Kind::Incidents => ("incident_id", "created_at"),
                Kind::Alerts => ("alert_id", "created_at"),
                Kind::Automation => ("run_id", "started_at"),
            };
            for required in [id, created] {
                if !fields.contains_key(required) {
                    return Err(bad(format!("[{kind}] needs `{required}`")));
                }
            }
            let mut exprs = Vec::new();
            for column in kind.columns() {
                let expr = match fields.get(*column) {
                    None => "NULL".to_string(),
                    Some(field) => {
                        let default_format = file.timestamp_format.as_deref();
                        let own_format = match field {
                            Field::Spec(spec) => spec.format.as_deref(),
                            Field::Column(_) => None,
                        };
                        times_without_format |=
                            TIMESTAMPS.contains(column) && own_format.or(default_format).is_none();
                        let expr = field_sql(field, column, default_format)
                            .map_err(|m| bad(format!("[{kind}] {column}: {m}")))?;
                        checked_fields.push(MappedField {
                            name: format!("[{kind}] {column}"),
                            sql: expr.clone(),
                            expression: matches!(field, Field::Spec(Spec { expr: Some(_), .. })),
                        });
                        provides.push(format!("{kind}.{column}"));
                        // Every mapped column must be in the file: a misspelt one would otherwise
                        // load as empty without a word.
                        requires.extend(field_columns(field));
                        expr
                    }
                };
                exprs.push(format!("{expr} AS {column}"));
            }
            if let Some(unknown) = fields
                .keys()
                .find(|k| !kind.columns().contains(&k.as_str()))
            {
                return Err(bad(format!(
                    "[{kind}] `{unknown}` is not a canonical field; the fields are: {}",
                    kind.columns().join(", ")
                )));
            }
            // Alerts named by a product get their domain from the product table unless mapped.
            if kind == Kind::Alerts
                && !fields.contains_key("domain")
                && fields.contains_key("product")
            {
                if let Some(pos) = kind.columns().iter().position(|c| *c == "domain") {
                    exprs[pos] = "src_product_domain(product_expr) AS domain".replace(
                        "product_expr",
                        &field_sql(&fields["product"], "product", None).unwrap_or("NULL".into()),
                    );
                }
            }
            statements.push(format!(
                "INSERT INTO {} ({}, _file_seq, _line)\nSELECT {},\n       getvariable('sg_file_seq'), k\nFROM sg_records\nORDER BY k;",
                kind.stage_table(),
                kind.columns().join(", "),
                exprs.join(",\n       ")
            ));
            kinds.push(kind.name().to_string());
        }
        if statements.is_empty() && file.domains.is_empty() && file.close_codes.is_empty() {
            return Err(bad(
                "maps nothing: add an [incidents], [alerts] or [automation] table (or [domains] / [close_codes] rules)".into(),
            ));
        }
        let mut close_codes = Vec::new();
        for (code, classification) in &file.close_codes {
            let c = classification.trim().to_lowercase();
            if ![
                "true_positive",
                "benign_positive",
                "false_positive",
                "undetermined",
            ]
            .contains(&c.as_str())
            {
                return Err(bad(format!(
                    "[close_codes] \"{code}\" = \"{classification}\": not a classification (true_positive, benign_positive, false_positive, undetermined)"
                )));
            }
            close_codes.push((code.clone(), c));
        }
        let mut domains = Vec::new();
        for (pattern, domain) in &file.domains {
            let domain = domain.trim().to_lowercase();
            if !DOMAINS.contains(&domain.as_str()) {
                return Err(bad(format!(
                    "[domains] \"{pattern}\" = \"{domain}\": not a domain ({})",
                    DOMAINS.join(", ")
                )));
            }
            domains.push((pattern.clone(), domain));
        }
        requires.sort();
        requires.dedup();
        let shape = Shape {
            id: "mapping".into(),
            describe: format!("the columns named in {}", path.display()),
            formats: vec!["csv".into(), "json".into(), "parquet".into()],
            kinds,
            requires,
            excludes: Vec::new(),
            query: String::new(),
            provides,
            lacks: Vec::new(),
            notes: None,
        };
        Ok(Mapping {
            path: path.to_path_buf(),
            source: Source {
                name: NAME.into(),
                title: "Mapped export".into(),
                about: "any CSV/JSON export through a mapping file".into(),
                shapes: if statements.is_empty() {
                    Vec::new()
                } else {
                    vec![shape]
                },
            },
            script: statements.join("\n\n"),
            fields: checked_fields,
            domains,
            close_codes,
            timezone: file.timezone,
            times_without_format,
        })
    }
}

/// The text of one column of a record.
fn column_sql(name: &str) -> String {
    format!("src_col(j, {})", literal(name))
}

/// The columns a field reads (detection needs them present), as detection sees keys (a
/// `[UTC]`-style header suffix dropped).
fn field_columns(field: &Field) -> Vec<String> {
    match field {
        Field::Column(c) => vec![super::detect::normalise_key(c)],
        Field::Spec(spec) => {
            let mut cols: Vec<String> = spec
                .column
                .iter()
                .map(|c| super::detect::normalise_key(c))
                .collect();
            // An expression that fails the check reads nothing; field_sql names its fault.
            if let Some(Ok(checked)) = spec.expr.as_deref().map(super::sandbox::check) {
                cols.extend(checked.columns().map(super::detect::normalise_key));
            }
            cols
        }
    }
}

fn field_sql(
    field: &Field,
    canonical: &str,
    default_format: Option<&str>,
) -> std::result::Result<String, String> {
    let (value, map, format) = match field {
        Field::Column(c) if c.trim().is_empty() => return Err("the column name is empty".into()),
        Field::Column(c) => (column_sql(c), None, None),
        Field::Spec(spec) => {
            let value = match (&spec.column, &spec.expr) {
                (Some(c), None) => column_sql(c),
                (None, Some(e)) => {
                    // Only the placeholders the check read are replaced: a `{…}` inside a text
                    // literal stays text (replacing it would end the literal and let a column
                    // name become SQL).
                    let sql = super::sandbox::check(e)?.to_sql(column_sql);
                    format!("CAST(({sql}) AS VARCHAR)")
                }
                _ => return Err("give exactly one of `column` or `expr`".into()),
            };
            // A field's own pattern is checked here, as the file's timestamp_format is.
            if let Some(format) = &spec.format {
                crate::load::check_date_format(format, "format", ZONE_SETTING)
                    .map_err(|e| e.to_string())?;
            }
            (
                value,
                (!spec.map.is_empty()).then_some(&spec.map),
                spec.format.as_deref(),
            )
        }
    };
    let mut sql = value;
    if let Some(map) = map {
        // The value's matching key is computed once and found among the keys of the map's
        // spellings (the first that matches, as a CASE's first arm): written as CASE arms on
        // the key, DuckDB computed the value and its key again for every arm of every row.
        let keys: Vec<String> = map
            .keys()
            .map(|from| format!("sg_key({})", literal(from)))
            .collect();
        let values: Vec<String> = map.values().map(|to| literal(to)).collect();
        sql = format!(
            "coalesce([{}][list_position([{}], sg_key({sql}))], {sql})",
            values.join(", "),
            keys.join(", ")
        );
    }
    if TIMESTAMPS.contains(&canonical) {
        sql = match format.or(default_format) {
            Some(f) => format!("src_time_as({sql}, {})", literal(f)),
            None => format!("src_time({sql})"),
        };
    }
    Ok(sql)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_becomes_a_staging_script() {
        let m = Mapping::parse(
            Path::new("m.toml"),
            r#"
timestamp_format = "%d/%m/%Y %H:%M"
[incidents]
incident_id = "Number"
created_at = "Opened"
classification = { column = "Close code", map = { "Solved" = "true_positive" } }
title = { expr = "concat({Short description}, '!')" }
[domains]
"Acme EDR" = "endpoint"
"#,
        )
        .unwrap();
        assert_eq!(
            m.source.shapes[0].requires,
            vec!["close code", "number", "opened", "short description"]
        );
        assert!(m
            .script
            .contains("src_time_as(src_col(j, 'Opened'), '%d/%m/%Y %H:%M') AS created_at"));
        assert!(m.script.contains(
            "coalesce(['true_positive'][list_position([sg_key('Solved')], \
             sg_key(src_col(j, 'Close code')))], src_col(j, 'Close code'))"
        ));
        assert!(m
            .script
            .contains("concat(src_col(j, 'Short description'), '!')"));
        assert_eq!(
            m.domains,
            vec![("Acme EDR".to_string(), "endpoint".to_string())]
        );
    }

    #[test]
    fn mapping_errors_name_the_problem() {
        let err = |t: &str| {
            Mapping::parse(Path::new("m.toml"), t)
                .unwrap_err()
                .to_string()
        };
        assert!(err("[incidents]\nincident_id = \"A\"").contains("needs `created_at`"));
        assert!(
            err("[incidents]\nincident_id = \"A\"\ncreated_at = \"B\"\nvibe = \"C\"")
                .contains("`vibe` is not a canonical field")
        );
        assert!(err("").contains("maps nothing"));
        assert!(
            err("[alerts]\nalert_id = \"A\"\ncreated_at = \"B\"\n[domains]\nx = \"moon\"")
                .contains("not a domain")
        );
    }
}
