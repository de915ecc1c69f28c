//! Canonical Parquet files normalised together. A lake holds a file per kind, tenant and month:
//! an MSSP's lake of twenty clients over six months is 360 files, and normalising each on its
//! own cost DuckDB about 40 ms of binding and planning the normalisation query and its macros,
//! whatever the file's size: most of a month's run that the database answers in under a
//! second. The files of one kind whose columns have the same names and types are read instead
//! by one normalisation over one reader of the list of files (load/parquet_rows.sql over
//! load/read_parquet_files.sql), each row given its file's number, default tenant and path by a
//! join on the reader's name for its file, and its own line by its row number, so the rows,
//! rejects and line numbers are those of the files read one by one.
//!
//! A statement that fails leaves the load's transaction unusable and names no file, and a file
//! staged later may fail first while others wait: the load is then done again with each file
//! read on its own and in turn (`load::load`), so that the error names the first file at fault
//! as before.

use std::path::PathBuf;

use crate::db::Db;
use crate::error::Result;
use crate::load::batches::Read;
use crate::load::lake_months::MeasuredWindow;
use crate::load::normalize;
use crate::load::read::quote_ident;
use crate::load::read::read_error;
use crate::load::reader_path::ReaderPath;
use crate::model::Kind;
use crate::queries::{load as q, text_literal};

/// Files read by one statement at most.
const FILES_PER_STATEMENT: usize = 512;

/// One file's rows, ready to be read.
pub struct ParquetRows {
    pub kind: Kind,
    /// The expression of each canonical column over the file's columns
    /// (load/parquet_rows.sql's `/*columns*/`).
    pub columns: String,
    /// The file's columns those expressions read, as the file names them.
    pub used: Vec<String>,
    /// The reader's hive options (load/lake.rs).
    pub hive: &'static str,
    /// Only the incidents still needed in this window are read (load/parquet_open_rows.sql).
    pub open_in: Option<MeasuredWindow>,
    /// What files read in one statement share: `columns`, the names and types of all their
    /// columns, `hive` and `open_in`.
    pub shape: String,
    pub path: PathBuf,
    pub seq: i32,
    pub tenant: String,
    pub path_text: String,
    /// The reader cannot number the rows (the file holds a column named `file_row_number`):
    /// numbered by position (load/number_lines.sql).
    pub numbered_after: bool,
    /// Read on its own: numbered after, or holding a column named `filename`, the name the
    /// reader of several files gives each row's file.
    pub alone: bool,
}

impl ParquetRows {
    /// Copies the rows into the kind's staging table (`target`) now: a file that cannot be
    /// normalised in place (load/stage_rows.sql).
    pub fn stage(&self, db: &Db, reader: &ReaderPath, target: &str) -> Result<()> {
        let rows = statement(&[(self, reader)])?;
        let sql = q::STAGE_ROWS
            .fill("/*target*/", target)?
            .fill("/*rows*/", &rows)?;
        db.execute_sql(sql.name, &sql.text, &[])
            .map_err(|e| read_error(&self.path, e))?;
        if self.numbered_after {
            number_lines(db, target, self.seq)?;
        }
        Ok(())
    }
}

/// The files waiting to be read, with the links DuckDB reads them by (kept until then).
pub struct ParquetBatch {
    /// Files are read together; otherwise each as soon as it is added.
    together: bool,
    waiting: Vec<(ParquetRows, ReaderPath)>,
}

impl ParquetBatch {
    pub fn new(together: bool) -> ParquetBatch {
        ParquetBatch {
            together,
            waiting: Vec::new(),
        }
    }

    /// Adds a file's rows; reads them at once when files are read one by one, or when the file
    /// must be read alone. A file read on its own fails with an error naming it.
    pub fn add(&mut self, db: &Db, rows: ParquetRows, reader: ReaderPath) -> Result<()> {
        if self.together && !rows.alone {
            self.waiting.push((rows, reader));
            return Ok(());
        }
        // A file read on its own fails with an error naming it, never as read together.
        match read_together(db, &[(&rows, &reader)])? {
            Read::Done | Read::FailedTogether => Ok(()),
        }
    }

    /// Whether files wait to be read: an error staging a later file may then not be the one a
    /// load reading each file in turn would stop at.
    pub fn waiting(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Normalises the rows of every waiting file: per kind and shape, in the files' order, up
    /// to [`FILES_PER_STATEMENT`] files a statement.
    pub fn read(&mut self, db: &Db) -> Result<Read> {
        let waiting = std::mem::take(&mut self.waiting);
        let mut groups: Vec<Vec<(&ParquetRows, &ReaderPath)>> = Vec::new();
        for (rows, reader) in &waiting {
            // The rows find their file by the reader's name for it: one name per statement.
            let group = groups.iter_mut().find(|g| {
                g[0].0.kind == rows.kind
                    && g[0].0.shape == rows.shape
                    && g.iter().all(|(_, other)| other.as_str() != reader.as_str())
            });
            match group {
                Some(group) => group.push((rows, reader)),
                None => groups.push(vec![(rows, reader)]),
            }
        }
        for group in &groups {
            for files in group.chunks(FILES_PER_STATEMENT) {
                // Even a statement of one file (a chunk's last) may fail after a later file
                // than the one read apart would name first.
                match read_together(db, files) {
                    Ok(Read::Done) => {}
                    Ok(Read::FailedTogether) | Err(_) => return Ok(Read::FailedTogether),
                }
            }
        }
        Ok(Read::Done)
    }
}

/// Normalises the rows of `files` (one kind and shape) in one statement. A file read on its own
/// fails with an error naming it; several, with [`Read::FailedTogether`].
fn read_together(db: &Db, files: &[(&ParquetRows, &ReaderPath)]) -> Result<Read> {
    let Some((first, _)) = files.first() else {
        return Ok(Read::Done);
    };
    let source = format!("(\n{}\n)", statement(files)?);
    match (
        normalize::from_files(db, first.kind, &source, files.len()),
        files,
    ) {
        (Ok(()), _) => {}
        (Err(e), [(rows, _)]) => return Err(read_error(&rows.path, e)),
        (Err(_), _) => return Ok(Read::FailedTogether),
    }
    // Read alone (`add`), its rows lie together, in the file's order.
    if let [(rows, _)] = files {
        if rows.numbered_after {
            number_lines(db, normalize::table(first.kind), rows.seq)?;
        }
    }
    Ok(Read::Done)
}

/// The query yielding the rows of `files` (load/parquet_rows.sql). Each file's reader, number,
/// default tenant and path are written into it as literals, filled last and in one pass, so
/// that no placeholder's text in them is filled.
fn statement(files: &[(&ParquetRows, &ReaderPath)]) -> Result<String> {
    let Some((first, first_reader)) = files.first() else {
        return Err(crate::error::Error::Internal(
            "no Parquet file to read".into(),
        ));
    };
    let whole = if first.open_in.is_some() {
        "false"
    } else {
        "true"
    };
    let rows = if let [_] = files {
        let (line, numbered) = if first.numbered_after {
            ("CAST(NULL AS BIGINT)", "")
        } else {
            (
                "CAST(file_row_number + 1 AS BIGINT)",
                ", file_row_number = true",
            )
        };
        let columns: Vec<String> = first.used.iter().map(|c| quote_ident(c)).collect();
        q::READ_PARQUET
            .fill("/*line*/", line)?
            .fill("/*whole*/", whole)?
            .fill("/*hive*/", first.hive)?
            .fill("/*numbered*/", numbered)?
            .fill("/*columns*/", &columns.join(", "))?
            .fill_all(&[
                ("/*file*/", &text_literal(first_reader.as_str())),
                ("/*seq*/", &first.seq.to_string()),
                ("/*tenant*/", &text_literal(&first.tenant)),
                ("/*source*/", &text_literal(&first.path_text)),
            ])?
    } else {
        let links: Vec<String> = files
            .iter()
            .map(|(_, reader)| text_literal(reader.as_str()))
            .collect();
        let values: Vec<String> = files
            .iter()
            .zip(&links)
            .map(|((rows, _), link)| {
                format!(
                    "({link}, CAST({} AS INTEGER), {}, {}, {whole})",
                    rows.seq,
                    text_literal(&rows.tenant),
                    text_literal(&rows.path_text)
                )
            })
            .collect();
        let columns: Vec<String> = first
            .used
            .iter()
            .map(|c| format!("r.{}", quote_ident(c)))
            .collect();
        q::READ_PARQUET_FILES
            .fill("/*hive*/", first.hive)?
            .fill("/*columns*/", &columns.join(", "))?
            .fill_all(&[
                ("/*files*/", &links.join(", ")),
                ("/*file values*/", &values.join(",\n")),
            ])?
    };
    let rows_read = match first.open_in {
        None => "true".to_string(),
        Some(window) => {
            let instant = |at: chrono::DateTime<chrono::Utc>| {
                format!(
                    "CAST({} AS TIMESTAMPTZ)",
                    text_literal(&crate::metrics::scope::rfc3339_micros(at))
                )
            };
            q::PARQUET_OPEN_ROWS
                .fill("/*open from*/", &instant(window.from))?
                .fill("/*open to*/", &instant(window.to))?
                .fill("/*created from*/", &instant(window.incidents_from))?
                .text
        }
    };
    // The rows last: they hold the paths and tenants (see Sql::fill_all).
    Ok(q::PARQUET_ROWS
        .fill("/*rows read*/", &rows_read)?
        .fill("/*columns*/", &first.columns)?
        .fill("/*files*/", &rows.text)?
        .text)
}

/// Numbers the rows of file `seq` in `target` by their position, from line 1.
fn number_lines(db: &Db, target: &str, seq: i32) -> Result<()> {
    let sql = q::NUMBER_LINES.fill("/*target*/", target)?;
    db.execute_sql(sql.name, &sql.text, &[&seq, &1_i64])?;
    Ok(())
}
