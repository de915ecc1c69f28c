//! Staging a vendor export: its records (already in `sg_json_raw`, whatever the file format) are
//! matched against the shapes the sources declare, gathered where they sit in the file, and
//! handed to the shape's SQL script. Rust reads the records' structure, never the rows.

use std::path::Path;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::load::dates::{FileProof, Sibling};
use crate::load::files::InputFile;
use crate::load::read::{read_error, record_file, Staged};
use crate::load::LoadOptions;
use crate::model::Kind;
use crate::queries::load as q;
use crate::setting_names::Setting;
use crate::sources::{self, detect, SourceChoice};

/// A vendor export (its records already in `sg_json_raw`): recognise the source and shape from
/// the records' structure, gather the records, and run the shape's mapping script. `header` is
/// a tabular file's column list as the reader names them (empty for JSON): it still names the
/// shape of a file without rows. `written` is that header as the file writes it, repeats not
/// renamed.
/// What the files of a load staged so far tell the next one.
#[derive(Debug, Default)]
pub struct StageContext {
    /// Whether the vendor helpers are set up in this load (done on first need).
    pub sources_ready: bool,
    /// What each vendor file's dates proved of their order.
    pub proofs: Vec<FileProof>,
    /// The sibling whose day-first dates the file being staged again follows.
    pub follow: Option<Sibling>,
}

pub(super) fn stage_vendor(
    db: &Db,
    file: &InputFile,
    seq: i32,
    options: &LoadOptions,
    header: &[String],
    written: &[String],
    context: &mut StageContext,
) -> Result<Staged> {
    let path = file.path.as_path();
    let path_text = file.path.to_string_lossy().to_string();
    let path_text = path_text.as_str();
    let format = file.format;
    if !context.sources_ready {
        crate::load::prepare_sources(db, options)?;
        context.sources_ready = true;
    }
    let structure = records_structure(db)
        .map_err(|e| read_error(path, e))?
        .unwrap_or_else(|| header_structure(header));
    let candidates = detect::candidates(&structure);
    if candidates.iter().all(|c| c.keys.is_empty()) {
        // Top-level values that are themselves lists: arrays one after another (`[…]\n[…]`),
        // each of which the reader takes as one value, not as records.
        let message = if structure.is_array() {
            "the file holds JSON arrays one after another (or arrays of arrays), not records: \
             write one array of records per file, or one record per line"
        } else {
            "the file holds no records (no rows, or no JSON objects)"
        };
        return Err(Error::ReadFile {
            path: path.to_path_buf(),
            message: message.into(),
        });
    }
    let mapped_source;
    let pool: &[sources::Source] = match (&options.source, &options.mapping) {
        (SourceChoice::Named(name), Some(mapping)) if name == sources::mapped::NAME => {
            mapped_source = [mapping.source.clone()];
            &mapped_source
        }
        (SourceChoice::Named(name), None) if name == sources::mapped::NAME => {
            return Err(Error::Usage(options.names.mapped_needs_mapping()))
        }
        (SourceChoice::Named(name), _) => {
            let source = sources::find(name)?.ok_or_else(|| {
                Error::Usage(format!(
                    "{}: unknown source `{name}`",
                    options.names.of(Setting::Source)
                ))
            })?;
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
    let recognised = detect::recognise(pool, &candidates).map_err(|mut near| {
        // A mapping the file does not fit is what the user meant to read it with: what it
        // still needs comes first, before the built-in sources nearest by chance.
        if let Some(mapping) = &options.mapping {
            if let Err(mapped) =
                detect::recognise(std::slice::from_ref(&mapping.source), &candidates)
            {
                near.retain(|n| n.source != mapping.source.name);
                near.splice(0..0, mapped.into_iter().take(1));
            }
        }
        unknown_source(path, &options.source, &candidates, near)
    })?;
    // Records inside a member of each page (`{"value": [...]}`): a page naming that member
    // twice would lose one of its lists.
    if recognised.candidate.path != "$" {
        super::read::refuse_repeated_member(db, path)?;
    }
    let script = if recognised.source.is_mapping() {
        let mapping = options
            .mapping
            .as_ref()
            .ok_or_else(|| Error::Usage(options.names.mapped_needs_mapping()))?;
        mapping.script.clone()
    } else {
        recognised
            .shape
            .script(&recognised.source.name)?
            .sql
            .to_string()
    };
    // A tabular file's header as its script reads it (vendor_header.rs).
    let renames = if header.is_empty() {
        Vec::new()
    } else {
        super::vendor_header::refuse_repeated(path, written, &script)?;
        super::vendor_header::renames(header, &script)
    };
    if recognised.candidate.path == "$" && !recognised.candidate.list && !renames.is_empty() {
        let (spelt, read_as): (Vec<String>, Vec<String>) = renames.into_iter().unzip();
        let as_json = |names: &[String]| serde_json::Value::from(names.to_vec()).to_string();
        db.execute(&q::RECORDS_RENAMED, &[&as_json(&spelt), &as_json(&read_as)])
            .map_err(|e| read_error(path, e))?;
        db.batch(&q::RECORDS_VIEW)?;
    } else {
        gather_records(db, &recognised.candidate).map_err(|e| read_error(path, e))?;
        if header.is_empty() {
            // JSON whose keys, at any depth, the script spells in another case (PowerShell's
            // `ConvertTo-Json` writes `DisplayName` for Graph's `displayName`).
            let helpers = crate::sources::helpers();
            let own = format!("{}.sql", recognised.source.name);
            let mut scripts = vec![script.as_str()];
            scripts.extend(
                helpers
                    .iter()
                    .filter(|h| h.name == own || h.name == "macros.sql")
                    .map(|h| h.sql),
            );
            let keys = if has_unmerged(&structure) {
                // Every object key of the records, at any depth, read from their text.
                super::read::keys_of(db, &q::RECORDS_KEYS).map_err(|e| read_error(path, e))?
            } else {
                nested_keys(&structure)
            };
            let renames = super::vendor_header::key_renames(&keys, &scripts);
            rename_json_keys(db, &renames, &keys, seq).map_err(|e| read_error(path, e))?;
        }
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
    if recognised.candidate.path == "$" && !recognised.candidate.list {
        db.execute(&q::NON_RECORD_VALUES, &[&seq])?;
    } else if recognised.candidate.list {
        db.execute(&q::NON_RECORD_ITEMS, &[&seq])?;
        // The list as the file's keys name it (`$."value"` → `value`, `$.hits.hits` →
        // `hits.hits`), as the message of a canonical file names it.
        let path = &recognised.candidate.path;
        let keys = path.strip_prefix("$.").unwrap_or(path).replace('"', "");
        let named = format!("`{}`", crate::csv_safe::escape_controls(&keys));
        db.execute(&q::NON_PAGE_VALUES, &[&seq, path, &named])
            .map_err(|e| super::read::read_error(&file.path, e))?;
    }
    super::read::set_file_seq(db, seq)?;
    let (proof, told) = crate::load::set_date_order(db, options, context.follow.as_ref())?;
    // Files read through a mapping are not one tool's (every mapping is source `mapped`), and
    // their own formats decide: their proofs are neither shared nor followed.
    if !recognised.source.is_mapping() {
        context.proofs.push(FileProof {
            seq,
            file: path_text.to_string(),
            source: recognised.source.name.clone(),
            proof,
            earlier: false,
        });
    }
    let mapping = options
        .mapping
        .as_ref()
        .filter(|_| recognised.source.is_mapping());
    // A mapping whose every time has its pattern reads none in the order told: saying which
    // order its slash dates seem to take (or to set --date-format) would be beside the point.
    let mapping_formats_every_time = mapping.is_some_and(|m| !m.times_without_format);
    if let Some(told) = told.filter(|_| !mapping_formats_every_time) {
        db.execute_sql(
            "note date order",
            "INSERT INTO stage_notes VALUES (?, ?, NULL)",
            &[&seq, &told],
        )?;
    }
    if let Some(mapping) = mapping {
        check_mapped_fields(db, mapping)?;
    }
    if let Err(e) = db.batch_sql(&format!("sources/{source}"), &script) {
        return Err(match mapping {
            Some(mapping) => failed_on_a_value(mapping, path, e),
            None => read_error(path, e),
        });
    }
    db.batch(&q::RELEASE_RECORDS)?;
    Ok(Staged {
        kind,
        ignored: Vec::new(),
    })
}

/// Binds each field of a mapping to the file's records (`sg_records`; no row is read), so that
/// an expression the engine cannot take (a function that does not fit its types, a syntax
/// error) is refused naming its field: the fix is in the mapping (exit 2).
fn check_mapped_fields(db: &Db, mapping: &crate::sources::mapped::Mapping) -> Result<()> {
    for field in &mapping.fields {
        let check = format!("SELECT {} AS v FROM sg_records LIMIT 0", field.sql);
        if let Err(Error::Query { source, .. }) =
            db.rows_sql::<serde_json::Value>("check mapping", &check, &[])
        {
            return Err(Error::Mapping {
                path: mapping.path.clone(),
                message: format!(
                    "{}: the expression cannot be run: {}",
                    field.name,
                    // The first line: the engine lists every candidate function after it.
                    crate::error::duckdb_text(&source)
                        .lines()
                        .next()
                        .unwrap_or_default()
                ),
            });
        }
    }
    Ok(())
}

/// The mapped script failed once its fields were bound: a value one of the mapping's
/// expressions cannot take (a CAST of `P1` to INTEGER). Only expressions can fail so, and the
/// load's transaction is then aborted (nothing more can be asked of the file), so the error names
/// the mapping's expressions; without any, it is the file's reading error.
fn failed_on_a_value(
    mapping: &crate::sources::mapped::Mapping,
    path: &Path,
    error: Error,
) -> Error {
    let expressions: Vec<&str> = mapping
        .fields
        .iter()
        .filter(|f| f.expression)
        .map(|f| f.name.as_str())
        .collect();
    // What a value can make an expression raise; anything else (memory, an interruption) is
    // not the mapping's.
    let on_a_value = |source: &duckdb::Error| {
        let text = crate::error::duckdb_text(source);
        [
            "Conversion Error",
            "Out of Range Error",
            "Invalid Input Error",
        ]
        .iter()
        .any(|kind| text.starts_with(kind))
    };
    match (&error, expressions.as_slice()) {
        (_, []) => read_error(path, error),
        (Error::Query { source, .. }, names) if on_a_value(source) => Error::Mapping {
            path: mapping.path.clone(),
            message: format!(
                "{}: the expression{} failed on a value of `{}`; make {} read every value \
                 (TRY_CAST instead of CAST, try_strptime instead of strptime, a CASE for the \
                 values it cannot take): {}",
                names.join(", "),
                if names.len() == 1 { "" } else { "s" },
                crate::csv_safe::escape_controls(&path.display().to_string()),
                if names.len() == 1 { "it" } else { "each" },
                crate::error::duckdb_text(source)
            ),
        },
        _ => read_error(path, error),
    }
}

/// The records where `candidate` says they sit in the file's values (`sg_json_raw`), as the view
/// `sg_records` the scripts read: the values themselves, the object at a path in each, or the
/// elements of a list there (or the object at a path in each element).
pub fn gather_records(db: &Db, candidate: &detect::Candidate) -> Result<()> {
    if candidate.path == "$" && !candidate.list {
        return db.batch(&q::RECORDS_ARE_VALUES);
    }
    if candidate.list {
        db.execute(&q::RECORDS_IN_LIST, &[&candidate.path, &candidate.item])?;
    } else {
        db.execute(&q::RECORDS_AT, &[&candidate.path])?;
    }
    db.batch(&q::RECORDS_VIEW)
}

/// Whether a merged JSON structure gave up somewhere (`"JSON"`: a member that is an object in
/// one record and a list or text in another), so that it lists no key below it.
fn has_unmerged(structure: &serde_json::Value) -> bool {
    match structure {
        serde_json::Value::String(t) => t == "JSON",
        serde_json::Value::Object(members) => members.values().any(has_unmerged),
        serde_json::Value::Array(items) => items.iter().any(has_unmerged),
        _ => false,
    }
}

/// Every object key of a merged JSON structure, at any depth, each once, in order.
fn nested_keys(structure: &serde_json::Value) -> Vec<String> {
    let mut keys = std::collections::BTreeSet::new();
    let mut pending = vec![structure];
    while let Some(value) = pending.pop() {
        match value {
            serde_json::Value::Object(members) => {
                for (key, member) in members {
                    keys.insert(key.clone());
                    pending.push(member);
                }
            }
            serde_json::Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    keys.into_iter().collect()
}

/// Renames keys of the gathered records at every depth (`"DisplayName":` → `"displayName":`),
/// then points `sg_records` at the renamed records (load/records_keys_renamed.sql). A key
/// appears in JSON text only as a quoted name before a colon, in the records' compact form:
/// a value holding the same text has its quotes escaped and never matches. Where a record may
/// now hold a key twice in one object (a spelling renamed to is also among the file's `keys`, or
/// two are renamed to one), such records are rejected (load/records_keys_repeated.sql); so are
/// records that write one of their own keys twice (load/records_top_keys_repeated.sql), with no
/// key renamed.
fn rename_json_keys(
    db: &Db,
    renames: &[(String, String)],
    keys: &[String],
    seq: i32,
) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Repeated {
        repeated: bool,
    }
    // A record that writes a key twice needs the same check, renamed or not.
    let written_twice = renames.is_empty() && {
        let found: Repeated = db.one(&q::RECORDS_TOP_KEYS_REPEATED, &[])?;
        found.repeated
    };
    if renames.is_empty() && !written_twice {
        return Ok(());
    }
    let quoted = |key: &str| format!("{}:", serde_json::Value::from(key));
    let mut text = "CAST(json(r.j) AS VARCHAR)".to_string();
    let mut params: Vec<String> = Vec::new();
    for (spelt, read_as) in renames {
        params.push(quoted(spelt));
        params.push(quoted(read_as));
        text = format!("replace({text}, ${}, ${})", params.len() - 1, params.len());
    }
    let targets: std::collections::BTreeSet<&str> = renames
        .iter()
        .map(|(_, read_as)| read_as.as_str())
        .collect();
    let may_repeat = written_twice
        || targets.len() < renames.len()
        || keys.iter().any(|key| targets.contains(key.as_str()));
    let sql = q::RECORDS_KEYS_RENAMED
        .fill("/*renamed*/", &text)?
        .fill("/*may repeat*/", if may_repeat { "true" } else { "false" })?;
    let refs: Vec<&dyn crate::db::ToSql> =
        params.iter().map(|p| p as &dyn crate::db::ToSql).collect();
    db.execute_sql(sql.name, &sql.text, &refs)?;
    if may_repeat {
        db.execute(&q::RECORDS_KEYS_REPEATED, &[&seq])?;
    }
    db.batch(&q::RECORDS_VIEW_KEYED)
}

/// The keys of records whose merged structure is `structure`, as matching sees them (none when
/// the records are not objects).
pub(super) fn top_level_keys(structure: &serde_json::Value) -> Vec<String> {
    match structure {
        serde_json::Value::Object(members) => {
            members.keys().map(|k| detect::normalise_key(k)).collect()
        }
        _ => Vec::new(),
    }
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

/// Whether a canonical file (its records have `structure`, its columns are of `kind`) is read
/// through the user's mapping file (`--mapping`, with `--source auto`) rather than as
/// canonical: a canonical file whose times need the mapping's formats, as `mapping init`
/// writes one for it (its "Load with" line gives no `--source`). Only when the mapping reads
/// that kind alone and every canonical column the file has: a canonical file beside the export
/// the mapping was written for (another kind, or more columns) would lose rows or columns
/// through it, and is read as canonical.
pub(super) fn fits_mapping(
    options: &LoadOptions,
    structure: &serde_json::Value,
    kind: Kind,
) -> bool {
    let (SourceChoice::Auto, Some(mapping)) = (&options.source, &options.mapping) else {
        return false;
    };
    let Some(shape) = mapping.source.shapes.first() else {
        return false;
    };
    if shape.kinds.as_slice() != [kind.name()] {
        return false;
    }
    let Ok(recognised) = detect::recognise(
        std::slice::from_ref(&mapping.source),
        &detect::candidates(structure),
    ) else {
        return false;
    };
    let mapped: std::collections::BTreeSet<String> = shape
        .requires
        .iter()
        .map(|column| detect::normalise_key(column))
        .collect();
    kind.columns()
        .iter()
        .filter(|column| recognised.candidate.keys.contains(**column))
        .all(|column| mapped.contains(*column))
}

/// The structure of a tabular file's records: one text field per column of its header, as
/// the sources' shapes are matched against.
pub(super) fn header_structure(header: &[String]) -> serde_json::Value {
    serde_json::Value::Object(
        header
            .iter()
            .map(|h| (h.clone(), serde_json::Value::String("VARCHAR".into())))
            .collect(),
    )
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
            // Keys are data: a line break in one would start a line of its own in the message.
            crate::csv_safe::escape_controls(&keys.join(", ")).into_owned()
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
             alerts alert_id and created_at, automation run_id and started_at\n  \
             another tool's export: `socgauge mapping init FILE` writes a mapping file to load it \
             with (--mapping)"
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
