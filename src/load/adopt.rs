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

/// The rows of one id that lose to another are known before either path runs
/// (`load/losing_rows.sql`).
pub(super) fn mark_losing_rows(db: &Db, kind: Kind) -> Result<()> {
    let sql = q::LOSING_ROWS
        .fill("/*norm*/", normalize::table(kind))?
        .fill("/*id*/", kind.id_column())?
        .fill("/*kind*/", kind.name())?;
    db.batch_sql(sql.name, &sql.text)
}

/// Whether the canonical table can adopt the normalised one, and the columns whose NOT NULL
/// constraint it then sets again (`load/adoption.sql`).
#[derive(Deserialize)]
struct Adoption {
    adoptable: bool,
    not_null: Vec<String>,
}

/// Moves the kind's loadable rows into its empty canonical table by renaming the normalised
/// table into its place. Returns false, having changed nothing, when `load/adoption.sql` finds
/// that it cannot (the canonical table held rows at the start, another layout, or something of
/// the user's a rename would lose): the merge then copies the rows.
pub(super) fn adopt(db: &Db, kind: Kind) -> Result<bool> {
    let norm = normalize::table(kind);
    let adoption: Adoption = db.one(&q::ADOPTION, &[&kind.name(), &norm])?;
    if !adoption.adoptable {
        return Ok(false);
    }
    let not_null: String = adoption
        .not_null
        .iter()
        .map(|column| {
            format!(
                "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;\n",
                kind.name(),
                quote_ident(column)
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
