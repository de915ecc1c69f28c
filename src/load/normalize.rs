//! Normalisation: text rows → canonical values with the first problem of each row, appended to
//! the kind's `norm_*` table (`queries/load/normalize_*.sql`). A canonical CSV or Parquet file is
//! normalised straight from its reader when nothing in the query needs a join (which would lose
//! the file's row order, and with it the line numbers); vendor files, and canonical files read
//! with a named --input-timezone, are normalised from staging once every file is staged.

use crate::db::ToSql;

use crate::db::Db;
use crate::error::Result;
use crate::model::Kind;
use crate::queries::{load as q, Query};

/// The kind's normalisation query and the table it fills.
fn query(kind: Kind) -> (&'static Query, &'static str) {
    match kind {
        Kind::Incidents => (&q::NORMALIZE_INCIDENTS, "norm_incidents"),
        Kind::Alerts => (&q::NORMALIZE_ALERTS, "norm_alerts"),
        Kind::Automation => (&q::NORMALIZE_AUTOMATION, "norm_automation"),
    }
}

/// The table a kind's rows are normalised into.
pub(super) fn table(kind: Kind) -> &'static str {
    query(kind).1
}

/// Normalises the rows `source` yields (a parenthesised query with the kind's text columns,
/// `_file_seq`, `_line` and `_default_tenant`) into the kind's `norm_*` table.
pub(super) fn from_source(db: &Db, kind: Kind, source: &str, params: &[&dyn ToSql]) -> Result<()> {
    let (query, _) = query(kind);
    let sql = query.fill("/*source*/", source)?;
    db.execute_sql(sql.name, &sql.text, params)?;
    Ok(())
}

/// [`from_source`] for the rows of `files` files read in one statement, without parameters
/// (load/parquet_batch.rs, load/csv_batch.rs): the statement's timing (SOCGAUGE_TIMINGS) names
/// how many files it read, `load/normalize_alerts.sql (files: 12)`.
pub(super) fn from_files(db: &Db, kind: Kind, source: &str, files: usize) -> Result<()> {
    let (query, _) = query(kind);
    let sql = query.fill("/*source*/", source)?;
    db.execute_sql(&format!("{} (files: {files})", sql.name), &sql.text, &[])?;
    Ok(())
}

/// Normalises every row in staging (vendor files, staged canonical files).
pub(super) fn from_staging(db: &Db) -> Result<()> {
    let staged: super::KindsWithRows = db.one(&q::STAGED_KINDS, &[])?;
    for kind in Kind::ALL.into_iter().filter(|&kind| staged.has_rows(kind)) {
        let rows = q::STAGED_ROWS.fill("/*stage*/", kind.stage_table())?.text;
        from_source(db, kind, &format!("(\n{rows}\n)"), &[])?;
    }
    Ok(())
}
