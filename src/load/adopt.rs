//! One write per row. A canonical table that is empty at the start of a load (a first load, and
//! every run on files) takes the load's normalised table itself, renamed into its place
//! (`queries/load/adopt_rows.sql`), instead of a copy of every loadable row: the rows are written
//! once, by the normalisation. A table that already holds rows gets the copy
//! (`queries/load/merge_*.sql`), which replaces the stored rows of the same ids.

use serde::Deserialize;

use super::normalize;
use super::read::quote_ident;
use crate::db::Db;
use crate::error::Result;
use crate::model::Kind;
use crate::queries::load as q;

/// Where a kind's normalised table is created (`/*… storage*/` of `load/staging.sql`): in the
/// database when the canonical table is empty and can adopt it, else as a TEMP table.
pub(super) fn storage(canonical_table_empty: bool) -> &'static str {
    if canonical_table_empty {
        ""
    } else {
        "TEMP"
    }
}

/// A column of a table, as `load/table_layout.sql` lists it.
#[derive(Deserialize)]
struct Column {
    name: String,
    #[serde(rename = "type")]
    data_type: String,
    nullable: bool,
    default_value: Option<String>,
}

/// The rows of one id that lose to another are known before either path runs
/// (`load/losing_rows.sql`).
pub(super) fn mark_losing_rows(db: &Db, kind: Kind) -> Result<()> {
    let sql = q::LOSING_ROWS
        .fill("/*norm*/", normalize::table(kind))?
        .fill("/*id*/", kind.id_column())?;
    db.batch_sql(sql.name, &sql.text)
}

/// Whether a table carries anything but its columns and NOT NULL constraints
/// (`load/table_extras.sql`).
#[derive(Deserialize)]
struct Extras {
    extras: bool,
}

/// Moves the kind's loadable rows into its empty canonical table by renaming the normalised
/// table into its place. Returns false, having changed nothing, when the normalised table is not
/// in the database (the canonical table held rows at the start), when its columns would not be
/// the canonical table's, in order and type (a database some other version laid out otherwise),
/// or when the canonical table carries an index, another constraint, a reference or a comment
/// that the rename would lose (added to the database by its user): the merge then copies the
/// rows.
pub(super) fn adopt(db: &Db, kind: Kind) -> Result<bool> {
    let norm = normalize::table(kind);
    let Extras { extras } = db.one(&q::TABLE_EXTRAS, &[&kind.name()])?;
    if extras {
        return Ok(false);
    }
    let canonical: Vec<Column> = db.rows(&q::TABLE_LAYOUT, &[&kind.name()])?;
    let normalised: Vec<Column> = db.rows(&q::TABLE_LAYOUT, &[&norm])?;
    let adopted: Vec<(&str, &str)> = normalised
        .iter()
        .filter(|c| c.name != "_file_seq" && c.name != "_problem")
        .map(|c| {
            let name = if c.name == "_line" {
                "source_line"
            } else {
                c.name.as_str()
            };
            (name, c.data_type.as_str())
        })
        .collect();
    let wanted: Vec<(&str, &str)> = canonical
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.as_str()))
        .collect();
    if normalised.is_empty()
        || adopted != wanted
        || canonical.iter().any(|c| c.default_value.is_some())
    {
        return Ok(false);
    }
    let not_null: String = canonical
        .iter()
        .filter(|c| !c.nullable)
        .map(|c| {
            format!(
                "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;\n",
                kind.name(),
                quote_ident(&c.name)
            )
        })
        .collect();
    let sql = q::ADOPT_ROWS
        .fill("/*norm*/", norm)?
        .fill("/*table*/", kind.name())?
        .fill("/*not null*/", &not_null)?;
    db.batch_sql(sql.name, &sql.text)?;
    Ok(true)
}
