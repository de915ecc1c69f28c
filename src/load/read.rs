//! Copies one file into staging with DuckDB's own readers. Rust only decides which source and
//! shape the file is, and which of its columns feed which canonical column; every row is read,
//! and later parsed, by DuckDB.

use std::path::Path;

use duckdb::ToSql;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::load::files::{Format, InputFile};
use crate::load::LoadOptions;
use crate::model::Kind;
use crate::queries::{load as q, Query};
use crate::sources::{self, detect, SourceChoice};

/// What staging one file found.
#[derive(Debug, Clone)]
pub struct Staged {
    pub kind: Kind,
    /// Columns of the file that are not canonical and were ignored.
    pub ignored: Vec<String>,
}

/// Stages `file` as file number `seq` of this load.
/// `sources_ready` says whether the vendor helpers are set up in this load (done on first need).
pub fn stage(
    db: &Db,
    file: &InputFile,
    seq: i32,
    options: &LoadOptions,
    sources_ready: &mut bool,
) -> Result<Staged> {
    let path_text = file.path.to_string_lossy().to_string();
    let size = std::fs::metadata(&file.path)
        .map_err(|source| Error::Io {
            path: file.path.clone(),
            source,
        })?
        .len();
    if size == 0 {
        return Err(Error::ReadFile {
            path: file.path.clone(),
            message: "the file is empty".into(),
        });
    }
    let tenant = options.default_tenant.as_str();
    let canonical_allowed = matches!(options.source, SourceChoice::Auto | SourceChoice::Canonical);
    let forced_canonical = options.source == SourceChoice::Canonical;
    let path = file.path.as_path();
    match file.format {
        Format::Csv => {
            let header = column_names(db, &q::CSV_HEADER, path, &path_text)?;
            if forced_canonical
                || (canonical_allowed && Kind::recognise(&lowercase(&header)).is_some())
            {
                return stage_csv(db, path, &path_text, seq, tenant);
            }
            db.batch(&q::CSV_RESET_ERRORS)?;
            db.execute(&q::CSV_RECORDS, &[&path_text])
                .map_err(|e| read_error(path, e))?;
            let malformed = db.execute(&q::CSV_MALFORMED, &[&seq])?;
            if malformed > 0 {
                db.execute(&q::CSV_FIX_RECORD_LINES, &[&seq])?;
            }
            db.batch(&q::CSV_RESET_ERRORS)?;
            stage_vendor(db, file, seq, options, &header, sources_ready)
        }
        Format::Json => {
            db.execute(&q::JSON_RAW, &[&path_text])
                .map_err(|e| read_error(path, e))?;
            if canonical_allowed {
                if let Some(staged) =
                    stage_json(db, path, &path_text, seq, tenant, forced_canonical)?
                {
                    return Ok(staged);
                }
            }
            stage_vendor(db, file, seq, options, &[], sources_ready)
        }
        Format::Parquet => {
            let header = column_names(db, &q::PARQUET_HEADER, path, &path_text)?;
            if forced_canonical
                || (canonical_allowed && Kind::recognise(&lowercase(&header)).is_some())
            {
                return stage_parquet(db, path, &path_text, seq, tenant);
            }
            db.execute(&q::PARQUET_RECORDS, &[&path_text])
                .map_err(|e| read_error(path, e))?;
            stage_vendor(db, file, seq, options, &header, sources_ready)
        }
    }
}

/// A vendor export (its records already in `sg_json_raw`): recognise the source and shape from
/// the records' structure, gather the records, and run the shape's mapping script. `header` is
/// a tabular file's column list: it still names the shape of a file without rows.
fn stage_vendor(
    db: &Db,
    file: &InputFile,
    seq: i32,
    options: &LoadOptions,
    header: &[String],
    sources_ready: &mut bool,
) -> Result<Staged> {
    let path = file.path.as_path();
    let path_text = file.path.to_string_lossy().to_string();
    let path_text = path_text.as_str();
    let format = file.format;
    if !*sources_ready {
        crate::load::prepare_sources(db, options)?;
        *sources_ready = true;
    }
    let structure = records_structure(db)?.unwrap_or_else(|| {
        serde_json::Value::Object(
            header
                .iter()
                .map(|h| (h.clone(), serde_json::Value::String("VARCHAR".into())))
                .collect(),
        )
    });
    let candidates = detect::candidates(&structure);
    if candidates.iter().all(|c| c.keys.is_empty()) {
        return Err(Error::ReadFile {
            path: path.to_path_buf(),
            message: "the file holds no records (no rows, or no JSON objects)".into(),
        });
    }
    let mapped_source;
    let pool: &[sources::Source] = match (&options.source, &options.mapping) {
        (SourceChoice::Named(name), Some(mapping)) if name == "mapped" => {
            mapped_source = [mapping.source.clone()];
            &mapped_source
        }
        (SourceChoice::Named(name), None) if name == "mapped" => {
            return Err(Error::Usage("--source mapped needs --mapping FILE".into()))
        }
        (SourceChoice::Named(name), _) => {
            let source = sources::find(name)?
                .ok_or_else(|| Error::Usage(format!("--source: unknown source `{name}`")))?;
            std::slice::from_ref(source)
        }
        (_, Some(mapping)) => {
            // With a mapping file, files that fit it are read through it before any built-in
            // source is tried.
            mapped_source = [mapping.source.clone()];
            match detect::recognise(&mapped_source, &candidates) {
                _ if mapping.source.shapes.is_empty() => sources::registry()?,
                Ok(_) => &mapped_source,
                Err(_) => sources::registry()?,
            }
        }
        _ => sources::registry()?,
    };
    let recognised = detect::recognise(pool, &candidates)
        .map_err(|near| unknown_source(path, &options.source, &candidates, near))?;
    if recognised.candidate.path == "$" && !recognised.candidate.list {
        db.batch(&q::RECORDS_ARE_VALUES)?;
    } else {
        let records = if recognised.candidate.list {
            &q::RECORDS_IN_LIST
        } else {
            &q::RECORDS_AT
        };
        db.execute(records, &[&recognised.candidate.path])
            .map_err(|e| read_error(path, e))?;
        db.batch(&q::RECORDS_VIEW)?;
    }
    // The file's first kind: where lines set aside by the reader or the script are counted.
    let first_kind = recognised
        .shape
        .kinds
        .first()
        .map_or("incidents", String::as_str);
    let kind = Kind::ALL
        .into_iter()
        .find(|x| x.name() == first_kind)
        .unwrap_or(Kind::Incidents);
    let source = format!("{}/{}", recognised.source.name, recognised.shape.id);
    record_file(
        db,
        seq,
        path_text,
        format,
        first_kind,
        &options.default_tenant,
        &source,
    )?;
    db.execute_sql(
        "set sg_file_seq",
        &format!("SET VARIABLE sg_file_seq = {seq}"),
        &[],
    )?;
    let script = if recognised.source.name == "mapped" {
        let mapping = options
            .mapping
            .as_ref()
            .ok_or_else(|| Error::Usage("--source mapped needs --mapping FILE".into()))?;
        mapping.script.clone()
    } else {
        recognised
            .shape
            .script(&recognised.source.name)?
            .sql
            .to_string()
    };
    db.batch_sql(&format!("sources/{source}"), &script)
        .map_err(|e| read_error(path, e))?;
    db.batch(&q::RELEASE_RECORDS)?;
    Ok(Staged {
        kind,
        ignored: Vec::new(),
    })
}

/// The merged structure of the records in `sg_json_raw` (`None` when it holds none).
pub fn records_structure(db: &Db) -> Result<Option<serde_json::Value>> {
    #[derive(serde::Deserialize)]
    struct Structure {
        structure: Option<String>,
    }
    let structure: Structure = db.one(&q::JSON_STRUCTURE, &[])?;
    Ok(structure
        .structure
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok()))
}

/// The error for a file no source recognises: the nearest shapes and what they still need.
fn unknown_source(
    path: &Path,
    choice: &SourceChoice,
    candidates: &[detect::Candidate],
    near: Vec<detect::Near>,
) -> Error {
    let headline = match choice {
        SourceChoice::Named(name) => format!("not an export socgauge reads as `{name}`"),
        _ => "no source recognises this file (see `socgauge sources`)".to_string(),
    };
    let found = candidates
        .first()
        .map(|c| {
            let mut keys: Vec<&str> = c
                .keys
                .iter()
                .map(String::as_str)
                .filter(|k| !k.contains('.'))
                .collect();
            if keys.len() > 20 {
                keys.truncate(20);
                keys.push("…");
            }
            keys.join(", ")
        })
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| "(none)".into());
    let closest = near
        .iter()
        .take(3)
        .map(|n| {
            format!(
                "    {}/{} ({}): needs {}",
                n.source,
                n.shape,
                n.describe,
                n.missing.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let closest = if *choice == SourceChoice::Auto {
        format!(
            "{closest}\n    canonical (socgauge's own columns): incidents need incident_id and created_at, \
             alerts alert_id and created_at, automation run_id and started_at"
        )
    } else {
        closest
    };
    Error::UnknownSource {
        path: path.to_path_buf(),
        headline,
        found,
        closest,
    }
}

fn stage_csv(db: &Db, path: &Path, path_text: &str, seq: i32, tenant: &str) -> Result<Staged> {
    let header = column_names(db, &q::CSV_HEADER, path, path_text)?;
    let (kind, plan) = plan_columns(path, &header)?;
    record_file(
        db,
        seq,
        path_text,
        Format::Csv,
        kind.name(),
        tenant,
        "canonical",
    )?;
    db.batch(&q::CSV_RESET_ERRORS)?;
    let columns = plan.select_list(quote_ident);
    let sql = fill(&q::READ_CSV, kind, &columns);
    db.execute_sql(q::READ_CSV.name, &sql, &[&path_text, &seq])
        .map_err(|e| read_error(path, e))?;
    let malformed = db.execute(&q::CSV_MALFORMED, &[&seq])?;
    if malformed > 0 {
        let fix = q::CSV_FIX_LINES
            .sql
            .replace("/*target*/", kind.stage_table());
        db.execute_sql(q::CSV_FIX_LINES.name, &fix, &[&seq])?;
    }
    db.batch(&q::CSV_RESET_ERRORS)?;
    Ok(Staged {
        kind,
        ignored: plan.ignored,
    })
}

/// A JSON file in the canonical model (its values already in `sg_json_raw`), or `None` when its
/// records are not canonical and `--source` allows other sources.
fn stage_json(
    db: &Db,
    path: &Path,
    path_text: &str,
    seq: i32,
    tenant: &str,
    forced: bool,
) -> Result<Option<Staged>> {
    db.batch(&q::JSON_RECORDS)?;
    let mut keys = json_keys(db)?;
    if Kind::recognise(&lowercase(&keys)).is_none() {
        // `{"value": [...]}`-style exports: the records are the elements of a member list.
        #[derive(serde::Deserialize)]
        struct Member {
            key: String,
        }
        let members: Vec<Member> = db.rows(&q::JSON_LIST_MEMBERS, &[])?;
        for member in members {
            let json_path = json_member_path(&member.key);
            db.execute(&q::JSON_RECORDS_FROM_LIST, &[&json_path])
                .map_err(|e| read_error(path, e))?;
            let inner = json_keys(db)?;
            if Kind::recognise(&lowercase(&inner)).is_some() {
                keys = inner;
                break;
            }
            db.batch(&q::JSON_RECORDS)?;
        }
    }
    if !forced && Kind::recognise(&lowercase(&keys)).is_none() {
        return Ok(None);
    }
    let (kind, plan) = plan_columns(path, &keys)?;
    record_file(
        db,
        seq,
        path_text,
        Format::Json,
        kind.name(),
        tenant,
        "canonical",
    )?;
    let mut n = 1;
    let columns = plan.select_list(|_| {
        n += 1;
        format!("json_extract_string(j, ${n})")
    });
    let sql = fill(&q::READ_JSON, kind, &columns);
    let paths: Vec<String> = plan.sources().map(json_member_path).collect();
    let mut params: Vec<&dyn ToSql> = vec![&seq];
    params.extend(paths.iter().map(|p| p as &dyn ToSql));
    db.execute_sql(q::READ_JSON.name, &sql, &params)
        .map_err(|e| read_error(path, e))?;
    Ok(Some(Staged {
        kind,
        ignored: plan.ignored,
    }))
}

fn stage_parquet(db: &Db, path: &Path, path_text: &str, seq: i32, tenant: &str) -> Result<Staged> {
    let header = column_names(db, &q::PARQUET_HEADER, path, path_text)?;
    let (kind, plan) = plan_columns(path, &header)?;
    record_file(
        db,
        seq,
        path_text,
        Format::Parquet,
        kind.name(),
        tenant,
        "canonical",
    )?;
    let columns = plan.select_list(|source| {
        format!("json_extract_string(to_json({}), '$')", quote_ident(source))
    });
    let sql = fill(&q::READ_PARQUET, kind, &columns);
    db.execute_sql(q::READ_PARQUET.name, &sql, &[&path_text, &seq])
        .map_err(|e| read_error(path, e))?;
    Ok(Staged {
        kind,
        ignored: plan.ignored,
    })
}

fn record_file(
    db: &Db,
    seq: i32,
    path_text: &str,
    format: Format,
    kind: &str,
    tenant: &str,
    source: &str,
) -> Result<()> {
    let format = format.to_string();
    db.execute(
        &q::STAGE_FILE,
        &[&seq, &path_text, &format, &kind, &tenant, &source],
    )?;
    Ok(())
}

/// Which file column feeds each canonical column of the recognised kind.
struct ColumnPlan {
    /// For each canonical column (in table order), the file's columns that match it (several
    /// when names differ only in case, as in JSON records written by different tools; the first
    /// non-null wins).
    sources: Vec<Vec<String>>,
    ignored: Vec<String>,
}

impl ColumnPlan {
    /// The SELECT list: one expression per canonical column (NULL where the file lacks it).
    fn select_list(&self, mut expr: impl FnMut(&str) -> String) -> String {
        self.sources
            .iter()
            .map(|names| match names.as_slice() {
                [] => "NULL".to_string(),
                [one] => expr(one),
                many => format!(
                    "coalesce({})",
                    many.iter().map(|n| expr(n)).collect::<Vec<_>>().join(", ")
                ),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every file column used, in the order `select_list` visits them.
    fn sources(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().flatten().map(String::as_str)
    }
}

/// Matches a file's columns to the canonical ones (case-insensitive; the first of duplicates wins).
fn plan_columns(path: &Path, columns: &[String]) -> Result<(Kind, ColumnPlan)> {
    let lower = lowercase(columns);
    let kind = Kind::recognise(&lower).ok_or_else(|| Error::UnknownKind {
        path: path.to_path_buf(),
        found: if columns.is_empty() {
            "(none)".to_string()
        } else {
            columns.join(", ")
        },
    })?;
    let canonical = kind.columns();
    let sources = canonical
        .iter()
        .map(|c| {
            lower
                .iter()
                .zip(columns)
                .filter(|(l, _)| l == c)
                .map(|(_, name)| name.clone())
                .collect()
        })
        .collect();
    let ignored = columns
        .iter()
        .zip(&lower)
        .filter(|(_, l)| !canonical.contains(&l.as_str()))
        .map(|(c, _)| c.clone())
        .collect();
    Ok((kind, ColumnPlan { sources, ignored }))
}

fn lowercase(columns: &[String]) -> Vec<String> {
    columns
        .iter()
        .map(|c| c.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect()
}

/// Fills a reader template: the staging table with its canonical column list, and the SELECT list.
fn fill(query: &Query, kind: Kind, columns: &str) -> String {
    let target = format!(
        "{} ({}, _file_seq, _line)",
        kind.stage_table(),
        kind.columns().join(", ")
    );
    query
        .sql
        .replace("/*target*/", &target)
        .replace("/*columns*/", columns)
}

fn column_names(db: &Db, query: &Query, path: &Path, path_text: &str) -> Result<Vec<String>> {
    let mut stmt = db
        .conn()
        .prepare(query.sql)
        .map_err(Error::query(query.name))?;
    let rows = stmt.query([path_text]).map_err(|source| Error::ReadFile {
        path: path.to_path_buf(),
        message: source.to_string(),
    })?;
    Ok(rows.as_ref().map(|s| s.column_names()).unwrap_or_default())
}

fn json_keys(db: &Db) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Key {
        key: String,
    }
    let keys: Vec<Key> = db.rows(&q::JSON_KEYS, &[])?;
    Ok(keys.into_iter().map(|k| k.key).collect())
}

/// A JSON path selecting one member by name, safe for any name.
fn json_member_path(key: &str) -> String {
    format!("$.{}", detect::quote_member(key))
}

/// A SQL identifier, quoted, for a column name that came from a file.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn read_error(path: &Path, error: Error) -> Error {
    match error {
        Error::Query { source, .. } => Error::ReadFile {
            path: path.to_path_buf(),
            message: source.to_string(),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_paths_are_quoted() {
        assert_eq!(quote_ident(r#"a"b"#), r#""a""b""#);
        assert_eq!(json_member_path(r#"x"y"#), r#"$."x\"y""#);
    }

    #[test]
    fn plan_matches_columns_case_insensitively_and_lists_the_rest() {
        let cols: Vec<String> = ["Incident_ID", "CREATED_AT", "Extra"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (kind, plan) = plan_columns(Path::new("f.csv"), &cols).unwrap();
        assert_eq!(kind, Kind::Incidents);
        assert_eq!(plan.ignored, vec!["Extra".to_string()]);
        assert_eq!(
            plan.sources().collect::<Vec<_>>(),
            vec!["Incident_ID", "CREATED_AT"]
        );
    }
}
