//! Canonical CSV files normalised together. An MSSP's exports come as a file per kind and
//! client (and often per month): sixty small CSV files, each sniffed, then normalised by a
//! statement of its own that costs DuckDB about 40 ms to bind and plan whatever the file's size.
//! The files of one kind read with the same dialect and header (the sniffer's delimiter, quote,
//! escape, lines skipped and column names: load/csv_dialect.sql) are read instead by one
//! normalisation over one reader of the list of files (load/read_csv_files.sql), each row given
//! its file's number, default tenant and path by its file's position in the list. The reader
//! keeps the files' order and each file's rows in order, so each file's rows are then numbered,
//! and its unparsable lines rejected and its lines checked, as when it is read alone
//! (read.rs, `check_csv_rows`): the rows, rejects and line numbers are those of the files read
//! one by one.
//!
//! A statement that fails, or a file's check that fails afterwards, leaves the load's
//! transaction unusable or names a file that a load reading each file in turn might not reach
//! first: the load is then done again with each file read on its own (`load::load`).

use std::path::PathBuf;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::load::batches::Read;
use crate::load::line_count::CountedLines;
use crate::load::normalize;
use crate::load::read::{check_csv_rows, one_to_a_line, CsvDialect, CsvReader};
use crate::load::reader_path::ReaderPath;
use crate::model::Kind;
use crate::queries::{load as q, text_literal, Sql};

/// Files read by one statement at most.
const FILES_PER_STATEMENT: usize = 512;

/// One canonical CSV file's rows, ready to be read.
pub struct CsvRows {
    pub kind: Kind,
    /// The expression of each canonical column over the file's columns (the reader's
    /// `/*columns*/`).
    pub columns: String,
    /// The condition a row with any value meets (read.rs, `has_a_value`).
    pub has_value: String,
    pub dialect: CsvDialect,
    pub path: PathBuf,
    pub seq: i32,
    pub tenant: String,
    pub path_text: String,
    /// The file's lines, counted by the pass over its text (text_copy.rs, `csv_text`).
    pub lines: Option<CountedLines>,
}

impl CsvRows {
    /// Whether one statement reads both files: the same kind, reader options (the dialect and
    /// the columns), columns' expressions and row condition.
    fn reads_like(&self, other: &CsvRows) -> bool {
        self.kind == other.kind
            && self.dialect.options == other.dialect.options
            && self.columns == other.columns
            && self.has_value == other.has_value
    }
}

/// The CSV files waiting to be read, with the paths DuckDB reads them by.
pub struct CsvBatch {
    /// Files are read together; otherwise each is read as it is staged (read.rs).
    together: bool,
    waiting: Vec<(CsvRows, ReaderPath)>,
}

impl CsvBatch {
    pub fn new(together: bool) -> CsvBatch {
        CsvBatch {
            together,
            waiting: Vec::new(),
        }
    }

    /// Whether files wait to be read together rather than each as it is staged.
    pub fn together(&self) -> bool {
        self.together
    }

    pub fn add(&mut self, rows: CsvRows, reader: ReaderPath) {
        self.waiting.push((rows, reader));
    }

    pub fn waiting(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Normalises the rows of every waiting file: per kind and shape, in the files' order, up
    /// to [`FILES_PER_STATEMENT`] files a statement. Any failure, even of a statement of one
    /// file, is [`Read::FailedTogether`]: an earlier file waiting in another group may be the
    /// one a load reading each file in turn stops at.
    pub fn read(&mut self, db: &Db) -> Result<Read> {
        let waiting = std::mem::take(&mut self.waiting);
        let mut groups: Vec<Vec<(&CsvRows, &ReaderPath)>> = Vec::new();
        for (rows, reader) in &waiting {
            let group = groups.iter_mut().find(|g| g[0].0.reads_like(rows));
            match group {
                Some(group) => group.push((rows, reader)),
                None => groups.push(vec![(rows, reader)]),
            }
        }
        for group in &groups {
            for files in group.chunks(FILES_PER_STATEMENT) {
                if !matches!(read_together(db, files), Ok(true)) {
                    return Ok(Read::FailedTogether);
                }
            }
        }
        Ok(Read::Done)
    }
}

/// Normalises the rows of `files` (one kind and shape) in one statement, then numbers and
/// checks each file's rows in turn (read.rs, `check_csv_rows`). Returns whether every file's rows and rejected lines were
/// found to be its records, one each (read.rs, `check_csv_rows`).
fn read_together(db: &Db, files: &[(&CsvRows, &ReaderPath)]) -> Result<bool> {
    let Some((first, _)) = files.first() else {
        return Ok(true);
    };
    db.batch(&q::CSV_BATCH_RESET)?;
    let source = format!("(\n{}\n)", statement(files)?);
    normalize::from_files(db, first.kind, &source, files.len())?;
    #[derive(serde::Deserialize)]
    struct Faults {
        errors: bool,
    }
    let faults: Faults = db.one(&q::CSV_BATCH_FAULTS, &[])?;
    let target = normalize::table(first.kind);
    let one_to_a_line = if faults.errors || files.len() == 1 {
        Vec::new()
    } else {
        files_one_to_a_line(db, files, target)?
    };
    for (position, (rows, reader)) in (0_i64..).zip(files) {
        if one_to_a_line.contains(&rows.seq) {
            continue;
        }
        if faults.errors {
            db.execute(&q::CSV_FILE_ERRORS, &[&position])?;
        }
        let read = CsvReader {
            path: reader,
            lines: rows.lines,
        };
        let checked = check_csv_rows(
            db,
            &rows.path,
            &read,
            rows.seq,
            &rows.dialect,
            target,
            faults.errors,
        )?;
        // The reader of several files has been seen to leave out a file's unparsable last
        // line when more files follow: every file's rows and rejected lines must be its
        // records as counted, else the files are read one by one.
        if !checked && files.len() > 1 {
            return Ok(false);
        }
    }
    db.batch(&q::CSV_RESET_ERRORS)?;
    db.batch(&q::CSV_BATCH_RESET)?;
    Ok(true)
}

/// Of several files read without a line the reader could not parse, the ones done: their rows
/// are numbered by their positions, by one statement for all (load/number_lines_files.sql), and
/// sit one to a line, as their records counted by one query (load/csv_records_files.sql) and
/// their lines counted before tell (read.rs, `one_to_a_line`). That is what `check_csv_rows`
/// does for such a file, a statement or two each; a file not found so gets it.
fn files_one_to_a_line(
    db: &Db,
    files: &[(&CsvRows, &ReaderPath)],
    target: &'static str,
) -> Result<Vec<i32>> {
    let Some((first, _)) = files.first() else {
        return Ok(Vec::new());
    };
    let seqs: Vec<i32> = files.iter().map(|(rows, _)| rows.seq).collect();
    let seqs = serde_json::Value::from(seqs).to_string();
    // Files read together share the dialect, and with it the header's line.
    let first_line = first.dialect.header_line() + 1;
    let number = q::NUMBER_LINES_FILES.fill("/*target*/", target)?;
    db.execute_sql(number.name, &number.text, &[&seqs, &first_line])?;
    #[derive(serde::Deserialize)]
    struct FileRecords {
        seq: i32,
        records: i64,
    }
    let records = q::CSV_RECORDS_FILES.fill("/*target*/", target)?;
    let records: Vec<FileRecords> = db.rows_sql(records.name, &records.text, &[&seqs])?;
    Ok(files
        .iter()
        .zip(&records)
        .filter(|((rows, _), read)| {
            read.seq == rows.seq
                && rows
                    .lines
                    .and_then(|counted| counted.of(&rows.path))
                    .is_some_and(|lines| one_to_a_line(&rows.dialect, lines, read.records))
        })
        .map(|((rows, _), _)| rows.seq)
        .collect())
}

/// The query yielding the rows of `files` (load/read_csv_files.sql). The files' paths, numbers,
/// default tenants and recorded paths are written into it as literals, filled in one pass with
/// the reader's options and the columns (which hold the files' column names), so that no
/// placeholder's text in any of them is filled.
fn statement(files: &[(&CsvRows, &ReaderPath)]) -> Result<String> {
    let Some((first, _)) = files.first() else {
        return Err(Error::Internal("no CSV file to read".into()));
    };
    let list = |item: &dyn Fn(&CsvRows, &ReaderPath) -> String| {
        files
            .iter()
            .map(|(rows, reader)| item(rows, reader))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let links = list(&|_, reader| text_literal(reader.as_str()));
    let seqs = list(&|rows, _| rows.seq.to_string());
    let tenants = list(&|rows, _| text_literal(&rows.tenant));
    let sources = list(&|rows, _| text_literal(&rows.path_text));
    Ok(Sql::from(&q::READ_CSV_FILES)
        .fill_all(&[
            ("/*columns*/", &first.columns),
            ("/*dialect*/", &first.dialect.options),
            ("/*has a value*/", &first.has_value),
            ("/*files*/", &links),
            ("/*seqs*/", &seqs),
            ("/*tenants*/", &tenants),
            ("/*sources*/", &sources),
        ])?
        .text)
}
