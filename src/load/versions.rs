//! Versions across loads. An export that says when each incident or alert was last updated
//! (`sg_row_versions`, filled by the source scripts) decides which row of an id wins within a
//! load (`load/losing_rows.sql`); the version of the row kept is stored (`row_versions`), so that
//! a later load of an older export loses to it too, whatever order a consultant loads the
//! downloads in.

use serde::Deserialize;

use super::normalize;
use crate::db::Db;
use crate::error::Result;
use crate::model::Kind;
use crate::queries::load as q;

/// Makes a version outside the years socgauge reads no version (`load/row_versions_in_range.sql`).
/// Run once every file is staged, before any version is compared.
pub(super) fn keep_in_range(db: &Db) -> Result<()> {
    db.batch(&q::ROW_VERSIONS_IN_RANGE)
}

#[derive(Deserialize)]
struct Present {
    loaded: bool,
    stored: bool,
}

#[derive(Deserialize)]
struct KeptStored {
    file: String,
    n: i64,
}

/// Marks this load's rows of `kind` that a stored row's newer version supersedes, then records
/// the versions of the rows the load keeps. Returns a note per file whose rows kept the stored
/// state. Run after the losing rows are marked and before the merge or adoption, which read
/// them. Nothing runs when neither side has versions (canonical files).
pub(super) fn keep_newer_stored(db: &Db, kind: Kind, stored_rows: bool) -> Result<Vec<String>> {
    // No export says when an automation run was updated.
    if kind == Kind::Automation {
        return Ok(Vec::new());
    }
    let present: Present = db.one(&q::ROW_VERSIONS_PRESENT, &[&kind.name()])?;
    if !present.loaded && !present.stored {
        return Ok(Vec::new());
    }
    let norm = normalize::table(kind);
    let mut notes = Vec::new();
    if present.loaded && present.stored && stored_rows {
        let mark = q::STORED_NEWER_ROWS
            .fill("/*norm*/", norm)?
            .fill("/*kind*/", kind.name())?
            .fill("/*id*/", kind.id_column())?;
        db.batch_sql(mark.name, &mark.text)?;
        let counts = q::STORED_NEWER_COUNTS
            .fill("/*norm*/", norm)?
            .fill("/*id*/", kind.id_column())?;
        let kept: Vec<KeptStored> = db.rows_sql(counts.name, &counts.text, &[])?;
        notes.extend(kept.iter().map(|k| {
            format!(
                "`{}`: {} of its {} kept the state an earlier load stored, whose export says \
                 they were updated later than this file does",
                super::one_line(&k.file),
                k.n,
                kind.name()
            )
        }));
    }
    let record = q::RECORD_ROW_VERSIONS
        .fill("/*norm*/", norm)?
        .fill("/*kind*/", kind.name())?
        .fill("/*id*/", kind.id_column())?;
    db.batch_sql(record.name, &record.text)?;
    Ok(notes)
}
