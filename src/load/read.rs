//! Copies one file into staging with DuckDB's own readers. Rust only decides which source and
//! shape the file is, and which of its columns feed which canonical column; every row is read,
//! and later parsed, by DuckDB.

use std::path::Path;

use crate::db::ToSql;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::load::batches::Batches;
use crate::load::csv_batch::CsvRows;
use crate::load::files::{Format, InputFile};
use crate::load::line_count::CountedLines;
use crate::load::parquet_batch::ParquetRows;
use crate::load::reader_path::ReaderPath;
use crate::load::text_copy::TextCopy;
use crate::load::vendor::{fits_mapping, header_structure, StageContext};
use crate::load::{normalize, LoadOptions};
use crate::model::Kind;
use crate::queries::{load as q, Query, Sql};
use crate::sources::{detect, SourceChoice};

/// What staging one file found.
#[derive(Debug, Clone)]
pub struct Staged {
    pub kind: Kind,
    /// Columns of the file that are not canonical and were ignored.
    pub ignored: Vec<String>,
}

/// Sets the file number the staging scripts stamp on every row they write
/// (`getvariable('sg_file_seq')`): the one place that variable is set.
pub fn set_file_seq(db: &Db, seq: i32) -> Result<()> {
    db.execute_sql(
        "set sg_file_seq",
        &format!("SET VARIABLE sg_file_seq = {seq}"),
        &[],
    )?;
    Ok(())
}

/// Stages `file` as file number `seq` of this load.
/// `context` carries what the files staged before tell this one (vendor.rs).
pub fn stage(
    db: &Db,
    file: &InputFile,
    seq: i32,
    options: &LoadOptions,
    context: &mut StageContext,
    batch: &mut Batches,
) -> Result<Staged> {
    let path_text = file.path.to_string_lossy().to_string();
    let reader = ReaderPath::of(&file.path)?;
    let metadata = std::fs::metadata(&file.path).map_err(|source| Error::Io {
        path: file.path.clone(),
        source,
    })?;
    // A pipe or a device reads as empty, and could be read once only where the load reads a
    // file several times (its encoding, its dialect, its rows).
    if !metadata.is_file() {
        return Err(Error::ReadFile {
            path: file.path.clone(),
            message: "it is not a regular file (a pipe or a device): save the export to a file \
                      and give its path"
                .into(),
        });
    }
    let size = metadata.len();
    if size == 0 || (size <= 1 << 16 && super::encoding::holds_no_text(&file.path)) {
        return Err(Error::ReadFile {
            path: file.path.clone(),
            message: "the file is empty (no header line, no record)".into(),
        });
    }
    if file.format == Format::Json
        && size <= 1 << 16
        && super::encoding::is_empty_json_page(&file.path)
    {
        return Err(Error::ReadFile {
            path: file.path.clone(),
            message: "the file holds no records (an empty page of an export: `[]`, or an empty \
                      `value` or `results` list): load it with the other pages, or leave it out"
                .into(),
        });
    }
    if file.format == Format::Csv
        && size <= 1 << 16
        && super::encoding::holds_only_empty_fields(&file.path)
    {
        return Err(Error::ReadFile {
            path: file.path.clone(),
            message: "the file holds only empty fields (no header line, no record): export \
                      the data again"
                .into(),
        });
    }
    let start = match file.format {
        Format::Parquet => super::encoding::Start::Plain,
        Format::Csv | Format::Json => super::encoding::check(&file.path)?,
    };
    // A CSV export in Windows-1252, or mixing `\r\n` and `\n` line ends, is read from a copy
    // in UTF-8 with one kind (text_copy.rs): the reader would reject its accented lines, or
    // refuse it. Messages name the file; its lines keep their numbers.
    let csv_text = match file.format {
        Format::Csv => super::text_copy::csv_text(&file.path),
        _ => super::text_copy::CsvText::default(),
    };
    let readable_copy = TextCopy::for_csv_reader(&file.path, &csv_text)?;
    let reader = match &readable_copy {
        Some(copy) => ReaderPath::of(copy.path())?,
        None => reader,
    };
    let tenant = options.default_tenant.as_str();
    // A copy's lines are its own: counted again if needed.
    let lines = csv_text.lines.filter(|_| readable_copy.is_none());
    let canonical = CanonicalFile {
        path: file.path.as_path(),
        path_text: &path_text,
        reader: &reader,
        lines,
        seq,
        tenant,
        // A named input zone looks local times up per day (a join): such files go through staging.
        in_place: options.input_zone.transitions().is_empty(),
        open_in: file.open_in,
    };
    let canonical_allowed = matches!(options.source, SourceChoice::Auto | SourceChoice::Canonical);
    let forced_canonical = options.source == SourceChoice::Canonical;
    let path = file.path.as_path();
    match file.format {
        Format::Csv => {
            let (dialect, header) = csv_header(db, path, &reader, csv_text.quote_free)?;
            if let Some(note) = preamble_note(&dialect.preamble) {
                db.execute(&q::CSV_PREAMBLE_NOTE, &[&seq, &note])?;
            }
            if csv_text.windows_1252 {
                let note =
                    "read as Windows-1252 (Excel's \"CSV (Comma delimited)\"), as it is not \
                            UTF-8: save it as \"CSV UTF-8\" to be sure of its characters";
                db.execute(&q::CSV_PREAMBLE_NOTE, &[&seq, &note])?;
            }
            let canonical_kind = Kind::recognise(&lowercase(&header));
            if forced_canonical
                || (canonical_allowed
                    && canonical_kind.is_some_and(|kind| {
                        !fits_mapping(options, &header_structure(&header), kind)
                    }))
            {
                // A copy in UTF-8 lives only while the file is staged: it is read at once.
                let together = batch.csv.together() && readable_copy.is_none();
                let (staged, rows) = stage_csv(db, &canonical, dialect, &header, together)?;
                if let Some(rows) = rows {
                    batch.csv.add(rows, reader);
                }
                return Ok(staged);
            }
            db.batch(&q::CSV_RESET_ERRORS)?;
            let records = csv_records(&dialect, &header)?;
            db.execute_sql(
                records.name,
                &records.text,
                &[&reader.as_str(), &dialect.header_line()],
            )
            .map_err(|e| read_error(path, e))?;
            refuse_quote_across_lines(db, path)?;
            let malformed = db.execute(
                &q::CSV_MALFORMED,
                &[&seq, &dialect.delimiter, &dialect.quote],
            )?;
            let rows = ReadRows {
                table: "sg_json_raw",
                line: "k",
                of_file: "true".into(),
            };
            let first_line = dialect.header_line() + 1;
            let read = CsvReader {
                path: &reader,
                lines,
            };
            let records = own_lines(db, &read, seq, &dialect, &rows, first_line)?;
            if malformed > 0 && records != Records::Renumbered {
                db.execute(&q::CSV_FIX_RECORD_LINES, &[&seq])?;
            }
            db.batch(&q::CSV_RESET_ERRORS)?;
            let written = header_as_written(db, path, &reader, &dialect.options)?;
            super::vendor::stage_vendor(db, file, seq, options, &header, &written, context)
        }
        Format::Json => {
            if super::encoding::json_array_unclosed(path) {
                return Err(Error::ReadFile {
                    path: file.path.clone(),
                    message: "the JSON array is never closed (the file does not end with its final `]`): the \
                              export was cut short, or text follows the array; export it again and load the \
                              whole file, one array per file"
                        .into(),
                });
            }
            // DuckDB's JSON reader does not skip a byte order mark: it reads a copy without it.
            let copy = match start {
                super::encoding::Start::Utf8Bom => Some(TextCopy::without_bom(path)?),
                _ => None,
            };
            let read_from = copy.as_ref().map_or_else(
                || reader.as_str().to_string(),
                |c| c.path().to_string_lossy().to_string(),
            );
            read_json_values(db, path, &read_from)?;
            drop(copy);
            // Sentinel's tables as the Log Analytics query API answers: rows of columns.
            #[derive(serde::Deserialize)]
            struct Answer {
                tables: bool,
            }
            let answer: Vec<Answer> = db.rows(&q::JSON_TABLES_ANSWER, &[])?;
            if answer.first().is_some_and(|a| a.tables) {
                db.batch(&q::JSON_ANSWER_ROWS)
                    .map_err(|e| read_error(path, e))?;
                refuse_answer_faults(db, path)?;
                db.batch(&q::JSON_TABLES_AS_RECORDS)
                    .map_err(|e| read_error(path, e))?;
            }
            let mapped = match (&options.mapping, canonical_allowed) {
                (Some(_), true) => super::vendor::records_structure(db)
                    .map_err(|e| read_error(path, e))?
                    .is_some_and(|structure| {
                        let keys = super::vendor::top_level_keys(&structure);
                        Kind::recognise(&keys)
                            .is_some_and(|kind| fits_mapping(options, &structure, kind))
                    }),
                _ => false,
            };
            if canonical_allowed && !mapped {
                if let Some(staged) =
                    stage_json(db, path, &path_text, seq, tenant, forced_canonical)?
                {
                    return Ok(staged);
                }
            }
            super::vendor::stage_vendor(db, file, seq, options, &[], &[], context)
        }
        Format::Parquet => {
            let header = parquet_header(db, path, &reader)?;
            let canonical_kind = Kind::recognise(&lowercase(&header));
            if forced_canonical
                || (canonical_allowed
                    && canonical_kind.is_some_and(|kind| {
                        !fits_mapping(options, &header_structure(&header), kind)
                    }))
            {
                let (staged, rows) = stage_parquet(db, &canonical, header)?;
                if let Some(rows) = rows {
                    batch.parquet.add(db, rows, reader)?;
                }
                return Ok(staged);
            }
            db.execute(&q::PARQUET_RECORDS, &[&reader.as_str()])
                .map_err(|e| read_error(path, e))?;
            super::vendor::stage_vendor(db, file, seq, options, &header, &header, context)
        }
    }
}

/// The largest JSON value DuckDB's reader takes by default.
const JSON_VALUE_DEFAULT_BYTES: u64 = 16 << 20;
/// The largest JSON value read at all: the reader keeps buffers of about twice this per thread,
/// within the memory limit.
const JSON_VALUE_MAX_BYTES: u64 = 256 << 20;

/// Reads the top-level values of a JSON file into `sg_json_raw` (load/json_raw.sql), with room
/// for its first value when that is an object larger than the reader's default (a Log Analytics
/// answer of 300,000 rows, or a Graph export written as one page: each one object), up to
/// [`JSON_VALUE_MAX_BYTES`]. Arrays and NDJSON of ordinary records keep the reader's own buffers.
pub(crate) fn read_json_values(db: &Db, path: &Path, read_from: &str) -> Result<()> {
    let first = super::encoding::first_json_object_len(path).unwrap_or(0);
    if first > JSON_VALUE_MAX_BYTES {
        return Err(value_too_large(path, JSON_VALUE_MAX_BYTES));
    }
    let limit = first
        .saturating_add(1 << 20)
        .clamp(JSON_VALUE_DEFAULT_BYTES, JSON_VALUE_MAX_BYTES);
    let sql = q::JSON_RAW.fill("/*max object*/", &limit.to_string())?;
    db.execute_sql(sql.name, &sql.text, &[&read_from])
        .map_err(|e| match &e {
            Error::Query { source, .. }
                if crate::error::duckdb_text(source).contains("maximum_object_size") =>
            {
                value_too_large(path, limit)
            }
            _ => read_error(path, e),
        })?;
    Ok(())
}

/// The refusal of a JSON value larger than socgauge reads as one (`limit` bytes).
fn value_too_large(path: &Path, limit: u64) -> Error {
    Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "a JSON value larger than {} MB (one answer, page, document or line holding many \
             records), more than socgauge reads as one: export the records as NDJSON (one per \
             line), as a JSON array, or in several pages",
            limit >> 20
        ),
    }
}

/// Refuses a Log Analytics answer that cannot read as records without losing or misplacing a
/// value (load/json_tables_faults.sql), naming the answer and row; the service never writes one.
fn refuse_answer_faults(db: &Db, path: &Path) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Fault {
        answer: i64,
        row: Option<i64>,
        fault: String,
    }
    let faults: Vec<Fault> = db
        .rows(&q::JSON_TABLES_FAULTS, &[])
        .map_err(|e| read_error(path, e))?;
    let Some(f) = faults.into_iter().next() else {
        return Ok(());
    };
    let place = match (f.answer, f.row) {
        (1, Some(row)) => format!("row {row} of its result table"),
        (1, None) => "its result table".to_string(),
        (answer, Some(row)) => format!("answer {answer}, row {row} of its result table"),
        (answer, None) => format!("answer {answer}, its result table"),
    };
    Err(Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "a Log Analytics query answer that cannot be read as records ({place}): {}; the service \
             writes every row with one cell per column under distinct names, so the file was edited \
             or cut short: query it again, or export the rows as CSV",
            super::one_line(&f.fault)
        ),
    })
}

/// A canonical file being read: what every reader needs to know about it.
struct CanonicalFile<'a> {
    path: &'a Path,
    /// The path as the user gave it: what the load records.
    path_text: &'a str,
    /// What DuckDB reads.
    reader: &'a ReaderPath,
    /// The text's lines, when the reader reads the file itself (no copy) and the pass over its
    /// text counted them (text_copy.rs, `csv_text`).
    lines: Option<CountedLines>,
    seq: i32,
    tenant: &'a str,
    /// Normalise straight from the reader, rather than through staging.
    in_place: bool,
    /// Read only the incidents open in this window (a lake's partition: load/lake_months.rs).
    open_in: Option<super::lake_months::MeasuredWindow>,
}

/// Stages a canonical CSV file of columns `header`: its rows, read in place, are returned to be
/// normalised with the other files' when `together` (load/csv_batch.rs); otherwise they are
/// read now, into the kind's normalised table or staging, numbered and checked.
fn stage_csv(
    db: &Db,
    file: &CanonicalFile,
    dialect: CsvDialect,
    header: &[String],
    together: bool,
) -> Result<(Staged, Option<CsvRows>)> {
    if let Err(repeated) = refuse_repeated_columns(file.path, header, None) {
        // The reader's `title_1` may be a column of that name: the header as written tells.
        let written = header_as_written(db, file.path, file.reader, &dialect.options)?;
        refuse_repeated_columns(file.path, header, Some(&written)).map_err(|_| repeated)?;
    }
    let (kind, plan) = plan_columns(file.path, header)?;
    record_file(
        db,
        file.seq,
        file.path_text,
        Format::Csv,
        kind.name(),
        file.tenant,
        "canonical",
    )?;
    let columns = plan.select_list(quote_ident);
    let has_value = has_a_value(header);
    let staged = Staged {
        kind,
        ignored: plan.ignored,
    };
    // The reader of several files names each row's file by its column `file_index`: a file
    // with a column of that name is read alone.
    let own_file_index = header.iter().any(|c| c.eq_ignore_ascii_case("file_index"));
    if together && file.in_place && !own_file_index {
        let rows = CsvRows {
            kind,
            columns,
            has_value,
            dialect,
            path: file.path.to_path_buf(),
            seq: file.seq,
            tenant: file.tenant.to_string(),
            path_text: file.path_text.to_string(),
            lines: file.lines,
        };
        return Ok((staged, Some(rows)));
    }
    db.batch(&q::CSV_RESET_ERRORS)?;
    // Filled in one pass: the options and the columns hold the file's column names.
    let rows = Sql::from(&q::READ_CSV)
        .fill_all(&[
            ("/*dialect*/", &dialect.options),
            ("/*has a value*/", &has_value),
            ("/*columns*/", &columns),
        ])?
        .text;
    let reader = file.reader.as_str();
    let params: [&dyn ToSql; 4] = [&reader, &file.seq, &file.tenant, &file.path_text];
    let target = if file.in_place {
        normalize::from_source(db, kind, &format!("(\n{rows}\n)"), &params)
            .map_err(|e| read_error(file.path, e))?;
        normalize::table(kind)
    } else {
        let sql = q::STAGE_ROWS
            .fill("/*target*/", kind.stage_table())?
            .fill("/*rows*/", &rows)?;
        db.execute_sql(sql.name, &sql.text, &params)
            .map_err(|e| read_error(file.path, e))?;
        kind.stage_table()
    };
    let read = CsvReader {
        path: file.reader,
        lines: file.lines,
    };
    check_csv_rows(db, file.path, &read, file.seq, &dialect, target, true)?;
    db.batch(&q::CSV_RESET_ERRORS)?;
    Ok((staged, None))
}

/// What follows reading the rows of CSV file `seq` into `target`: they are numbered by their
/// positions (load/number_lines.sql), a quoted value that ran over lines refuses the file, the
/// lines the reader could not parse (`sg_csv_errors`, when `reader_errors`: none otherwise) are
/// kept as rejected rows, and the rows get their own lines where they do not sit one to a
/// line. Returns whether the rows and rejected lines were found to be the file's records, one
/// each (see [`own_lines`]).
pub(super) fn check_csv_rows(
    db: &Db,
    path: &Path,
    reader: &CsvReader,
    seq: i32,
    dialect: &CsvDialect,
    target: &'static str,
    reader_errors: bool,
) -> Result<bool> {
    let first_line = dialect.header_line() + 1;
    let number = q::NUMBER_LINES.fill("/*target*/", target)?;
    db.execute_sql(number.name, &number.text, &[&seq, &first_line])?;
    let malformed = if reader_errors {
        refuse_quote_across_lines(db, path)?;
        db.execute(
            &q::CSV_MALFORMED,
            &[&seq, &dialect.delimiter, &dialect.quote],
        )?
    } else {
        0
    };
    let rows = ReadRows {
        table: target,
        line: "_line",
        of_file: format!("t._file_seq = {seq}"),
    };
    let records = own_lines(db, reader, seq, dialect, &rows, first_line)?;
    if malformed > 0 && records != Records::Renumbered {
        let fix = q::CSV_FIX_LINES.fill("/*target*/", target)?;
        db.execute_sql(fix.name, &fix.text, &[&seq])?;
    }
    Ok(records != Records::Unchecked)
}

/// What DuckDB reads a CSV file by, with the text's lines when they are known already (the
/// pass over the file's own text counted them: text_copy.rs, `csv_text`); otherwise they are
/// counted when needed.
pub(super) struct CsvReader<'a> {
    pub path: &'a ReaderPath,
    pub lines: Option<CountedLines>,
}

/// Whether the `records` a reader read from a CSV file of `lines` lines (its rows and the lines
/// it rejected) sit one to a line below the header: the rows then keep the numbers of their
/// positions ([`own_lines`]). Never for a dialect whose records cannot be counted.
pub(super) fn one_to_a_line(dialect: &CsvDialect, lines: u64, records: i64) -> bool {
    dialect.single_bytes().is_some()
        && i64::try_from(lines).ok() == Some(dialect.header_line() + records)
}

/// What counting a CSV file's lines found of the records its reader read ([`own_lines`]).
#[derive(PartialEq, Eq)]
enum Records {
    /// One to a line: the rows keep the numbers of their positions.
    OneToALine,
    /// Blank lines or line breaks inside quotes between them: the rows were given their lines.
    Renumbered,
    /// Not the file's records as counted, or not counted (a delimiter, quote or escape of
    /// several bytes, a file that cannot be read again): the rows keep the numbers of their
    /// positions.
    Unchecked,
}

/// Where the rows the reader gave from one CSV file went: the table, the column holding each
/// row's line (numbered from its position), and the condition that picks the file's rows (`t`
/// names the table).
struct ReadRows {
    table: &'static str,
    line: &'static str,
    of_file: String,
}

impl ReadRows {
    /// The file's rows, as a subquery.
    fn positions(&self) -> String {
        format!(
            "(SELECT t.{} FROM {} AS t WHERE {})",
            self.line, self.table, self.of_file
        )
    }
}

/// Gives the rows and rejected lines of a CSV file their own line numbers when they do not sit one
/// to a line (blank lines between rows, line breaks inside quoted values): the reader keeps the
/// rows' order but not their lines, and numbers the lines it rejects without the breaks inside
/// quotes. Whether they do is told by counting the file's lines (a pass at memory speed; a
/// compressed file's text is decompressed for it); only a file where they do not is read again,
/// with the reader's delimiter, quote and escape, for the lines that start no record
/// (load/line_count.rs), few in a usual file, from which each row's line follows
/// (load/csv_remap_rows.sql). A file whose records are not the reader's keeps the numbers of the
/// rows' positions.
fn own_lines(
    db: &Db,
    reader: &CsvReader,
    seq: i32,
    dialect: &CsvDialect,
    rows: &ReadRows,
    first_line: i64,
) -> Result<Records> {
    let Some((delimiter, quote, escape)) = dialect.single_bytes() else {
        return Ok(Records::Unchecked);
    };
    let text = Path::new(reader.path.as_str());
    let counted = reader.lines.and_then(|counted| counted.of(text));
    let Some(lines) = counted.or_else(|| super::line_count::lines(text).ok()) else {
        return Ok(Records::Unchecked);
    };
    #[derive(serde::Deserialize)]
    struct Read {
        records: i64,
    }
    let read = q::CSV_RECORDS_READ.fill("/*rows*/", &rows.positions())?;
    let read: Vec<Read> = db.rows_sql(read.name, &read.text, &[&seq])?;
    let records = read.first().map_or(0, |r| r.records);
    if one_to_a_line(dialect, lines, records) {
        return Ok(Records::OneToALine);
    }
    let header_line = u64::try_from(dialect.header_line()).unwrap_or(0);
    let Ok(breaks) = super::line_count::record_breaks(text, delimiter, quote, escape, header_line)
    else {
        return Ok(Records::Unchecked);
    };
    let as_json = |lines: &[u64]| serde_json::Value::from(lines.to_vec()).to_string();
    db.execute(
        &q::CSV_RECORD_BREAKS,
        &[
            &as_json(&breaks.skipped),
            &as_json(&breaks.continued),
            &dialect.header_line(),
        ],
    )?;
    #[derive(serde::Deserialize)]
    struct Agree {
        agree: bool,
    }
    let found = i64::try_from(breaks.records).unwrap_or(i64::MAX);
    let check = q::CSV_RECORD_LINES_AGREE.fill("/*rows*/", &rows.positions())?;
    let agree: Vec<Agree> = db.rows_sql(
        check.name,
        &check.text,
        &[&seq, &found, &dialect.header_line()],
    )?;
    let agree = agree.first().is_some_and(|a| a.agree);
    if agree {
        db.execute(&q::CSV_REMAP_MALFORMED, &[&seq])?;
        let remap = q::CSV_REMAP_ROWS
            .fill("/*target*/", rows.table)?
            .fill("/*line*/", rows.line)?
            .fill("/*of file*/", &rows.of_file)?;
        db.execute_sql(
            remap.name,
            &remap.text,
            &[&seq, &first_line, &dialect.header_line()],
        )?;
    }
    db.batch(&q::RELEASE_RECORD_BREAKS)?;
    Ok(if agree {
        Records::Renumbered
    } else {
        Records::Unchecked
    })
}

/// Refuses a CSV file in which a quoted value the reader could not end ran over line breaks:
/// the rows it ran over would be lost without a count. The reader reports a quote that never
/// closes and one followed by stray text alike, so a multi-line value with stray text after its
/// quote is refused too (nothing is lost, the row needs fixing either way). A quote left open on
/// the last line runs over no break and is rejected alone.
fn refuse_quote_across_lines(db: &Db, path: &Path) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct First {
        line: Option<i64>,
    }
    let first: First = db.one(&q::CSV_QUOTE_ACROSS_LINES, &[])?;
    match first.line {
        None => Ok(()),
        Some(line) => Err(Error::ReadFile {
            path: path.to_path_buf(),
            message: format!(
                "line {line} opens a quoted value that runs over the lines after it and is not \
                 properly closed (it never closes, or text follows its closing quote), so the \
                 CSV reader cannot tell where that row ends and the rows it ran over could be \
                 neither loaded nor counted; fix the quoting of that row and load again (lines \
                 are counted without the line breaks inside quoted values)"
            ),
        }),
    }
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
    let mut keys = keys_of(db, &q::JSON_KEYS)?;
    // The member whose list holds the records, when they sit in one.
    let mut list_member = None;
    if Kind::recognise(&lowercase(&keys)).is_none() {
        // `{"value": [...]}`-style exports: the records are the elements of a member list.
        #[derive(serde::Deserialize)]
        struct Member {
            key: String,
        }
        let members: Vec<Member> = db.rows(&q::JSON_LIST_MEMBERS, &[])?;
        // Every member list is looked at: a file holding two lists of records (incidents and
        // alerts) is refused, as reading one would drop the other without a word. Lists of
        // something else (Splunk's `fields`, `messages`) are no records and pass.
        let mut records: Vec<(String, Vec<String>)> = Vec::new();
        // The member whose elements sg_json_records holds now: the list of records is staged
        // again only when another member was looked at after it.
        let mut staged = None;
        for member in members {
            let json_path = json_member_path(&member.key);
            db.execute(&q::JSON_RECORDS_FROM_LIST, &[&json_path])
                .map_err(|e| read_error(path, e))?;
            let inner = keys_of(db, &q::JSON_KEYS)?;
            if Kind::recognise(&lowercase(&inner)).is_some() {
                records.push((member.key.clone(), inner));
            }
            staged = Some(member.key);
        }
        match records.as_slice() {
            [] => db.batch(&q::JSON_RECORDS)?,
            [(key, inner)] => {
                refuse_repeated_member(db, path)?;
                if staged.as_ref() != Some(key) {
                    db.execute(&q::JSON_RECORDS_FROM_LIST, &[&json_member_path(key)])
                        .map_err(|e| read_error(path, e))?;
                }
                keys = inner.clone();
                list_member = Some(key.clone());
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|(key, _)| format!("`{}`", crate::csv_safe::escape_controls(key)))
                    .collect();
                return Err(Error::ReadFile {
                    path: path.to_path_buf(),
                    message: format!(
                        "the file holds {} lists of records ({}): socgauge reads one list per \
                         file; write each list to a file of its own",
                        several.len(),
                        names.join(", ")
                    ),
                });
            }
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
    if let Some(key) = &list_member {
        let named = format!("`{}`", crate::csv_safe::escape_controls(key));
        db.execute(&q::NON_PAGE_VALUES, &[&seq, &json_member_path(key), &named])
            .map_err(|e| read_error(path, e))?;
    }
    // A record giving a key it reads twice is rejected, naming the key, rather than loaded
    // with the first of its values.
    let read_keys = serde_json::Value::from(plan.sources().collect::<Vec<_>>()).to_string();
    db.execute(&q::JSON_REPEATED_KEYS, &[&seq, &read_keys])
        .map_err(|e| read_error(path, e))?;
    db.execute(&q::JSON_REPEATED_RECORDS, &[&seq])?;
    let mut n = 1;
    let columns = plan.select_list(|_| {
        n += 1;
        format!("json_extract_string(j, ${n})")
    });
    let sql = fill(&q::READ_JSON, kind, &columns)?;
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

/// Stages a canonical Parquet file of columns `header`: its rows, read in place, are returned
/// to be normalised with the other files' (load/parquet_batch.rs); through staging, they are
/// copied now.
fn stage_parquet(
    db: &Db,
    file: &CanonicalFile,
    header: Vec<String>,
) -> Result<(Staged, Option<ParquetRows>)> {
    // The reader renames a name repeated in another case (`INCIDENT_ID` → `INCIDENT_ID_1`).
    refuse_repeated_columns(file.path, &header, None)?;
    let types = parquet_types(db, file.path, file.reader)?;
    // Text as it is; times and lists of text in the forms the normalisation's fast paths read
    // (load/macros.sql, sg_parquet_*); a boolean as `true`/`false`, as JSON writes it; other
    // lists and structs as their JSON text; a DECIMAL as its exact text (through JSON it
    // becomes a double: two ids of 23 digits would be one, `1.50` would be `1.5`).
    let as_text = |source: &str| {
        let column = quote_ident(source);
        match types.get(source).map(String::as_str) {
            Some("VARCHAR") => column,
            Some("TIMESTAMP WITH TIME ZONE") => format!("sg_parquet_time({column})"),
            Some("VARCHAR[]") => format!("sg_parquet_list({column})"),
            Some("BOOLEAN") => format!("CAST({column} AS VARCHAR)"),
            _ => format!(
                "CASE WHEN typeof({column}) LIKE 'DECIMAL%' THEN CAST({column} AS VARCHAR) \
                 ELSE json_extract_string(to_json({column}), '$') END"
            ),
        }
    };
    let hive = super::lake::hive_options(file.path);
    let holds = |name: &str| {
        header
            .iter()
            .any(|column| column.eq_ignore_ascii_case(name))
    };
    let (kind, plan) = plan_columns(file.path, &header)?;
    record_file(
        db,
        file.seq,
        file.path_text,
        Format::Parquet,
        kind.name(),
        file.tenant,
        "canonical",
    )?;
    let mut used: Vec<String> = Vec::new();
    for source in plan.sources() {
        if !used.iter().any(|u| u == source) {
            used.push(source.to_string());
        }
    }
    let columns = plan.select_list(as_text);
    // Files read together have the same columns, types, hive options and window.
    let shape = format!(
        "{columns}\n{header:?}\n{types:?}\n{hive}\n{:?}",
        file.open_in
    );
    let rows = ParquetRows {
        kind,
        columns,
        used,
        hive,
        open_in: file.open_in,
        shape,
        path: file.path.to_path_buf(),
        seq: file.seq,
        tenant: file.tenant.to_string(),
        path_text: file.path_text.to_string(),
        // The reader names the columns it adds to a file's own: one of those names in the
        // file leaves it to be read alone, without them (see ParquetRows).
        numbered_after: holds("file_row_number"),
        alone: holds("file_row_number") || holds("filename"),
    };
    let staged = Staged {
        kind,
        ignored: plan.ignored,
    };
    if file.in_place {
        return Ok((staged, Some(rows)));
    }
    rows.stage(db, file.reader, kind.stage_table())?;
    Ok((staged, None))
}

pub(super) fn record_file(
    db: &Db,
    seq: i32,
    path_text: &str,
    format: Format,
    kind: &str,
    tenant: &str,
    source: &str,
) -> Result<()> {
    let format = format.to_string();
    let key = file_key(path_text);
    db.execute(
        &q::STAGE_FILE,
        &[&seq, &path_text, &format, &kind, &tenant, &source, &key],
    )?;
    Ok(())
}

/// A file's identity (`loads.file_key`): its canonical absolute path, so that the same file
/// under another spelling of its path is the same file; the path as given when it cannot be
/// resolved.
pub(crate) fn file_key(path_text: &str) -> String {
    std::fs::canonicalize(path_text).map_or_else(
        |_| path_text.to_string(),
        |p| p.to_string_lossy().into_owned(),
    )
}

/// Which file column feeds each canonical column of the recognised kind.
struct ColumnPlan {
    /// For each canonical column (in table order), the file's columns that match it (several
    /// when names differ only in case, as in JSON records written by different tools; the first
    /// non-null wins).
    sources: Vec<Vec<String>>,
    /// The canonical column names, aligned with `sources`.
    canonical: &'static [&'static str],
    ignored: Vec<String>,
}

impl ColumnPlan {
    /// The SELECT list: one expression per canonical column (NULL where the file lacks it),
    /// named after the column.
    fn select_list(&self, mut expr: impl FnMut(&str) -> String) -> String {
        self.sources
            .iter()
            .zip(self.canonical)
            .map(|(names, column)| {
                let value = match names.as_slice() {
                    [] => "CAST(NULL AS VARCHAR)".to_string(),
                    [one] => expr(one),
                    many => format!(
                        "coalesce({})",
                        many.iter().map(|n| expr(n)).collect::<Vec<_>>().join(", ")
                    ),
                };
                format!("{value} AS {column}")
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
    Ok((
        kind,
        ColumnPlan {
            sources,
            canonical,
            ignored,
        },
    ))
}

/// A canonical column named twice in a CSV header (the reader names the second `name_1`, whatever
/// its case): which of the two holds the value cannot be told, so the file is refused rather than
/// one of them kept and the other ignored.
fn refuse_repeated_columns(
    path: &Path,
    header: &[String],
    written: Option<&[String]>,
) -> Result<()> {
    let lower = lowercase(header);
    // With the header as the file writes it: a name the reader numbered is a repeat only when
    // the file writes the name twice (a column `title_1` beside `title` is a column of its own).
    let written = written.map(lowercase);
    let written_twice = |base: &str| {
        written
            .as_ref()
            .is_none_or(|names| names.iter().filter(|n| *n == base).count() > 1)
    };
    let Some(kind) = Kind::recognise(&lower) else {
        return Ok(());
    };
    for (name, original) in lower.iter().zip(header) {
        let Some((base, n)) = name.rsplit_once('_') else {
            continue;
        };
        // The reader numbers repeats 1, 2, …: `title_01` is a column of its own.
        let renamed = !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit());
        if renamed
            && kind.columns().contains(&base)
            && lower.iter().any(|l| l == base)
            && written_twice(base)
        {
            let first = lower
                .iter()
                .zip(header)
                .find(|(l, _)| *l == base)
                .map_or(base, |(_, o)| o.as_str());
            return Err(Error::ReadFile {
                path: path.to_path_buf(),
                message: format!(
                    "the header names the column `{}` more than once (read as `{}` and `{}`), so \
                     which one holds the value cannot be told: keep one of them",
                    crate::csv_safe::escape_controls(base),
                    crate::csv_safe::escape_controls(first),
                    crate::csv_safe::escape_controls(original)
                ),
            });
        }
    }
    Ok(())
}

fn lowercase(columns: &[String]) -> Vec<String> {
    columns
        .iter()
        .map(|c| c.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect()
}

/// Fills a reader template: the staging table with its canonical column list, and the SELECT list.
fn fill(query: &Query, kind: Kind, columns: &str) -> Result<String> {
    let target = format!(
        "{} ({}, _file_seq, _line)",
        kind.stage_table(),
        kind.columns().join(", ")
    );
    Ok(query
        .fill("/*target*/", &target)?
        .fill("/*columns*/", columns)?
        .text)
}

/// The reader options (see [`csv_dialect`]) and the column names of a CSV file: what the load
/// and `mapping init` read a header with. `reader` is what DuckDB reads for `path`;
/// `quote_free`: its text holds no quote (text_copy.rs, `CsvText`).
pub(crate) fn csv_header(
    db: &Db,
    path: &Path,
    reader: &ReaderPath,
    quote_free: bool,
) -> Result<(CsvDialect, Vec<String>)> {
    let dialect = csv_dialect(db, path, reader.as_str(), quote_free)?;
    let dialect = without_empty_trailing_names(db, path, reader, dialect)?;
    // A header (or a line above it) that is not UTF-8: the reader would take its names from
    // another line, and the file would be "not recognised" for the names of a row. Its text is
    // what the reader reads (a copy in UTF-8 of a Windows-1252 file: text_copy.rs).
    let header_line = u64::try_from(dialect.header_line()).unwrap_or(1);
    let text = Path::new(reader.as_str());
    match super::encoding::first_invalid_utf8_line_within(text, header_line) {
        // A title in another encoding, skipped, harms nothing.
        Some(line) if line < header_line && !dialect.preamble.is_empty() => {}
        Some(line) => return Err(not_utf8_header(path, line)),
        None => {}
    }
    let header = db
        .file_columns(
            &q::CSV_HEADER.fill("/*dialect*/", &dialect.options)?,
            reader.as_str(),
        )
        .map_err(|e| read_error(path, e))?;
    Ok((dialect, header))
}

/// A header that ends in empty names (`id,created_at,,,`, as a spreadsheet writes columns it
/// once used) names columns of nothing: the reader gets the named ones only, so that rows with
/// or without the empty fields both read (the reader takes empty fields past its last column;
/// a row with a value there is rejected as one of too many columns). Otherwise the reader would
/// name them (`column16`) and reject every row that lacks them. The names as written are only
/// read when the reader's last name is one it made up.
fn without_empty_trailing_names(
    db: &Db,
    path: &Path,
    reader: &ReaderPath,
    mut dialect: CsvDialect,
) -> Result<CsvDialect> {
    let made_up = |name: &str| {
        name.strip_prefix("column")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if !dialect.columns.last().is_some_and(|name| made_up(name)) {
        return Ok(dialect);
    }
    let written = header_as_written(db, path, reader, &dialect.options)?;
    let named = written
        .iter()
        .rposition(|n| !n.is_empty())
        .map_or(0, |i| i + 1);
    if named == 0 || named >= dialect.columns.len() || written.len() != dialect.columns.len() {
        return Ok(dialect);
    }
    dialect.columns.truncate(named);
    dialect.options = reader_options(&dialect);
    Ok(dialect)
}

/// How a CSV file is read: the reader options of the CSV queries (`/*dialect*/`) and the lines
/// before its header.
pub(crate) struct CsvDialect {
    pub options: String,
    /// The columns the reader is given (none: it sniffs them).
    columns: Vec<String>,
    /// The delimiter, quote and escape the reader reads with (`,` `"` `"` when it sniffs).
    pub delimiter: String,
    pub quote: String,
    pub escape: String,
    pub skip: i64,
    /// The lines of a title or comments above the header, skipped (load/preamble.rs).
    pub preamble: Vec<String>,
}

impl CsvDialect {
    /// The line number of the header (its data rows follow).
    pub fn header_line(&self) -> i64 {
        self.skip + 1
    }

    /// The delimiter, quote and escape when each is one byte: what line_count.rs follows to
    /// count a file's records (none otherwise: the records are not counted).
    fn single_bytes(&self) -> Option<(u8, u8, u8)> {
        let byte = |t: &str| <[u8; 1]>::try_from(t.as_bytes()).ok().map(|[b]| b);
        Some((
            byte(&self.delimiter)?,
            byte(&self.quote)?,
            byte(&self.escape)?,
        ))
    }
}

/// Refuses a JSON file whose records sit inside a member (`{"value": [...]}`) in which one
/// object names a member holding a list or an object twice (`{"value": [...], "value":
/// [...]}`): one of them would be dropped without a count.
pub(super) fn refuse_repeated_member(db: &Db, path: &Path) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Repeat {
        k: i64,
        key: String,
    }
    let repeats: Vec<Repeat> = db
        .rows(&q::JSON_REPEATED_MEMBER, &[])
        .map_err(|e| read_error(path, e))?;
    match repeats.first() {
        None => Ok(()),
        Some(r) => Err(Error::ReadFile {
            path: path.to_path_buf(),
            message: format!(
                "value {} of the file names `{}` twice, a list or an object each time: \
                 socgauge would read one and drop the other; write the records in one list (or \
                 each list to a file of its own)",
                r.k,
                crate::csv_safe::escape_controls(&r.key)
            ),
        }),
    }
}

/// Whether a built-in source recognises a tabular file with these column names.
fn is_vendor_header(names: &[String]) -> bool {
    let structure = super::vendor::header_structure(names);
    crate::sources::registry().is_ok_and(|sources| {
        crate::sources::detect::recognise(sources, &crate::sources::detect::candidates(&structure))
            .is_ok()
    })
}

/// What the load says of a title or comments skipped above a CSV file's header (the first
/// line's text, controls escaped and cut short), `None` when there were none.
fn preamble_note(lines: &[String]) -> Option<String> {
    let first = lines.first()?;
    let shown: String = crate::csv_safe::escape_controls(first)
        .chars()
        .take(80)
        .collect();
    let more = if lines.len() > 1 { ", …" } else { "" };
    Some(format!(
        "{} above the header skipped as a title or comments, not rows (`{shown}`{more})",
        crate::humanize::count(lines.len() as u64, "line", "lines")
    ))
}

/// A CSV file's header names as the file writes them: the reader renames a repeated name, which
/// then no longer looks repeated (load/csv_header_names.sql).
fn header_as_written(
    db: &Db,
    path: &Path,
    reader: &ReaderPath,
    dialect: &str,
) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Header {
        names: Vec<String>,
    }
    let sql = q::CSV_HEADER_NAMES.fill("/*dialect*/", dialect)?;
    let rows: Vec<Header> = db
        .rows_sql(sql.name, &sql.text, &[&reader.as_str()])
        .map_err(|e| read_error(path, e))?;
    Ok(rows.into_iter().next().map(|h| h.names).unwrap_or_default())
}

/// The column names of a Parquet file.
pub(crate) fn parquet_header(db: &Db, path: &Path, reader: &ReaderPath) -> Result<Vec<String>> {
    db.file_columns(
        &q::PARQUET_HEADER.fill("/*hive*/", super::lake::hive_options(path))?,
        reader.as_str(),
    )
    .map_err(|e| read_error(path, e))
}

/// The type DuckDB reads each column of a Parquet file as, by column name (none for a file
/// without rows).
fn parquet_types(
    db: &Db,
    path: &Path,
    reader: &ReaderPath,
) -> Result<std::collections::BTreeMap<String, String>> {
    let sql = q::PARQUET_TYPES.fill("/*hive*/", super::lake::hive_options(path))?;
    let rows: Vec<std::collections::BTreeMap<String, String>> = db
        .rows_sql(sql.name, &sql.text, &[&reader.as_str()])
        .map_err(|e| read_error(path, e))?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// What DuckDB's sniffer finds in a CSV file (load/csv_dialect.sql).
#[derive(serde::Deserialize)]
struct Dialect {
    delimiter: String,
    quote: String,
    escape: String,
    skip_rows: i64,
    columns: Vec<String>,
}

/// The reader options of a CSV file (`/*dialect*/` of the CSV queries): the sniffed delimiter,
/// quote, escape, columns and lines before the header, and no sniffing by the reader (see
/// load/csv_dialect.sql). No quote found means quoting failed on the sample (a last line inside
/// an open quote): the standard quote, as RFC 4180 has it, and likewise the quote as the escape
/// when none was seen. No options (the reader sniffs) only when the sniffer found no column.
fn csv_dialect(db: &Db, path: &Path, path_text: &str, quote_free: bool) -> Result<CsvDialect> {
    // Without a quote in the text, every quote and escape reads it alike, and the sniffer,
    // spared trying each, takes a fifth to a half of the time (9 to 20 ms a small file, where
    // it took 15 to 90): the same delimiter, lines skipped and names (2,333 quote-free CSV
    // files of the fixtures, the sample exports and hostile cases compared).
    let quote = if quote_free {
        ", quote = '\"', escape = '\"'"
    } else {
        ""
    };
    let sniff = |skip: &str| -> Result<Option<Dialect>> {
        let sql =
            Sql::from(&q::CSV_DIALECT).fill_all(&[("/*skip*/", skip), ("/*quote*/", quote)])?;
        let sniffed: Vec<Dialect> = db
            .rows_sql(sql.name, &sql.text, &[&path_text])
            .map_err(|e| read_error(path, e))?;
        Ok(sniffed.into_iter().next().filter(|d| !d.columns.is_empty()))
    };
    // A title or comments above a header socgauge can tell without the sniffer: looked for
    // before sniffing, as the sniffer can fail on such lines, and a failed query ends the load's
    // transaction.
    // The text the reader reads (see csv_header).
    let top = super::preamble::top_of(Path::new(path_text));
    if let Some((below, preamble)) = below_preamble(&top, (b',', b'"'), &[], 0, &sniff)? {
        return csv_dialect_from(below, preamble);
    }
    let Some(d) = sniff("")? else {
        return Ok(CsvDialect {
            options: String::new(),
            columns: Vec::new(),
            delimiter: ",".into(),
            quote: "\"".into(),
            escape: "\"".into(),
            skip: 0,
            preamble: Vec::new(),
        });
    };
    // Then with what the sniffer found: its delimiter and quote, and its column names (`#`
    // comments it read past when naming them).
    let single_byte = |t: &str| <[u8; 1]>::try_from(t.as_bytes()).ok().map(|[b]| b);
    let below = match single_byte(&d.delimiter) {
        Some(delimiter) => {
            let quote = single_byte(&d.quote).unwrap_or(b'"');
            below_preamble(&top, (delimiter, quote), &d.columns, d.skip_rows, &sniff)?
        }
        None => None,
    };
    match below {
        Some((below, preamble)) => csv_dialect_from(below, preamble),
        None => csv_dialect_from(d, Vec::new()),
    }
}

/// The dialect read from below a title or comments above the header (`top`: the file's first
/// text), and those lines' text, when there are some: taken as such only when the record below
/// them is a header (below lines of one field each, any row of written, different names; else
/// one socgauge recognises, or
/// the one the sniffer named the columns after, `sniffed_columns`), and they are more lines
/// than the sniffer skipped (`sniffed_skip`: blank lines), so that a file of another shape is
/// read as before. The sniffer is asked again from the header; where it finds nothing, the
/// delimiter and quote the preamble was found with, and its header's names, are the dialect.
fn below_preamble(
    top: &[u8],
    (delimiter, quote): (u8, u8),
    sniffed_columns: &[String],
    sniffed_skip: i64,
    sniff: &dyn Fn(&str) -> Result<Option<Dialect>>,
) -> Result<Option<(Dialect, Vec<String>)>> {
    let sniffed_columns = lowercase(sniffed_columns);
    let is_header = |found: &super::preamble::Preamble| {
        let names = lowercase(&found.header);
        found.plainly
            || Kind::recognise(&names).is_some()
            || names == sniffed_columns
            || is_vendor_header(&found.header)
    };
    let Some(found) = super::preamble::find(top, delimiter, quote, is_header)
        .filter(|found| found.lines > sniffed_skip)
    else {
        return Ok(None);
    };
    let below = sniff(&format!(", skip = {}", found.lines))?.unwrap_or_else(|| Dialect {
        delimiter: char::from(delimiter).to_string(),
        quote: char::from(quote).to_string(),
        escape: char::from(quote).to_string(),
        skip_rows: found.lines,
        columns: found.header.clone(),
    });
    Ok(Some((
        Dialect {
            skip_rows: below.skip_rows.max(found.lines),
            ..below
        },
        found.text,
    )))
}

/// The reader options of a sniffed dialect (see [`csv_dialect`]).
fn csv_dialect_from(d: Dialect, preamble: Vec<String>) -> Result<CsvDialect> {
    let found = |c: &str| !(c.is_empty() || c == "(empty)");
    let quote = if found(&d.quote) {
        d.quote.as_str()
    } else {
        "\""
    };
    let escape = if found(&d.escape) {
        d.escape.as_str()
    } else {
        quote
    };
    let mut dialect = CsvDialect {
        preamble,
        options: String::new(),
        columns: d.columns,
        delimiter: d.delimiter.clone(),
        quote: quote.to_string(),
        escape: escape.to_string(),
        skip: d.skip_rows.max(0),
    };
    dialect.options = reader_options(&dialect);
    Ok(dialect)
}

/// The `/*dialect*/` text of a dialect: no sniffing by the reader, the dialect's delimiter,
/// quote, escape, lines skipped and columns (every one as text).
fn reader_options(d: &CsvDialect) -> String {
    let literal = crate::queries::text_literal;
    let columns = d
        .columns
        .iter()
        .map(|c| format!("{}: 'VARCHAR'", literal(c)))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "auto_detect = false, delim = {}, quote = {}, escape = {}, skip = {}, columns = {{{columns}}}, ",
        literal(&d.delimiter),
        literal(&d.quote),
        literal(&d.escape),
        d.skip
    )
}

/// The `key` column of `query`'s rows: the keys of JSON records (load/json_keys.sql,
/// load/records_keys.sql).
pub(super) fn keys_of(db: &Db, query: &Query) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Key {
        key: String,
    }
    let keys: Vec<Key> = db.rows(query, &[])?;
    Ok(keys.into_iter().map(|k| k.key).collect())
}

/// A JSON path selecting one member by name, safe for any name.
fn json_member_path(key: &str) -> String {
    format!("$.{}", detect::quote_member(key))
}

/// A SQL identifier, quoted, for a column name that came from a file.
/// The statement copying a CSV file's records, as text, into `sg_json_raw` (load/csv_records.sql)
/// for a vendor export or `mapping init`. Filled in one pass: the options and the condition
/// hold the file's column names, which may hold a placeholder's text.
pub(crate) fn csv_records(dialect: &CsvDialect, header: &[String]) -> Result<Sql> {
    Sql::from(&q::CSV_RECORDS).fill_all(&[
        ("/*dialect*/", &dialect.options),
        ("/*has a value*/", &has_a_value(header)),
    ])
}

/// The condition a CSV row of the columns `header` meets when any of its fields holds a value:
/// a row of empty fields (`,,,`, as spreadsheets write below their data) holds nothing to load
/// or reject, like a blank line (load/line_count.rs skips its lines alike).
fn has_a_value(header: &[String]) -> String {
    if header.is_empty() {
        return "true".into();
    }
    header
        .iter()
        .map(|c| format!("sg_text({}) IS NOT NULL", quote_ident(c)))
        .collect::<Vec<_>>()
        .join(" OR ")
}

pub(super) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A DuckDB error raised while reading `path`, as an error about that file.
pub(crate) fn read_error(path: &Path, error: Error) -> Error {
    match error {
        Error::Query { source, .. } => {
            let message = crate::error::duckdb_text(&source);
            if message.contains("Maximum line size") {
                return long_line(path);
            }
            if message.contains("Malformed JSON") && message.contains("invalid UTF-8") {
                return invalid_utf8(path);
            }
            if message.contains("Malformed JSON") {
                if let Some(error) = malformed_json_line(path, &message) {
                    return error;
                }
            }
            if message.contains("CSV Parser state machine reached an invalid state") {
                return stray_carriage_return(path);
            }
            // The sniffer cannot settle the header on text it cannot decode (a Latin-1 header or
            // title), or on lines of other widths above it: said in the user's words.
            if message.contains("CSV Sniffer") {
                return match super::encoding::first_invalid_utf8_line_within(path, 64) {
                    Some(line) => not_utf8_header(path, line),
                    None => Error::ReadFile {
                        path: path.to_path_buf(),
                        message: "the CSV reader cannot tell the header and the delimiter from \
                                  the file's first lines (lines above the header of another \
                                  shape, such as a title written in several quoted parts?): \
                                  remove the lines above the header and load again"
                            .into(),
                    },
                };
            }
            // A gzip file whose start decompresses (so the encoding check passed) but whose
            // stream is cut or followed by other bytes: said as a damaged gzip file is.
            if message.contains("GZIP stream") {
                return Error::ReadFile {
                    path: path.to_path_buf(),
                    message: "this file is not valid gzip (its compressed data ends early, or \
                              other bytes follow it): export it again, or decompress it and load \
                              the plain file"
                        .into(),
                };
            }
            // The engine's name for the kind of error says nothing the user can act on.
            let message = message
                .strip_prefix("Invalid Input Error: ")
                .map_or(message.clone(), str::to_string);
            let message = super::reader_path::named_as_given(&message, path);
            Error::ReadFile {
                path: path.to_path_buf(),
                message: explained(&message).map_or(message, str::to_string),
            }
        }
        other => other,
    }
}

/// What a reader's failure means for the user, where DuckDB's own text names no cause they can
/// act on.
fn explained(message: &str) -> Option<&'static str> {
    if message.contains("maximum recursion depth") {
        return Some(
            "a JSON value is nested more than 128 levels deep, more than socgauge reads; export \
             the records without the deeply nested field",
        );
    }
    if message.contains("not possible to automatically detect the CSV parsing dialect") {
        return Some(
            "no delimiter and quoting fit every line of the sample the CSV reader checks: a line \
             may hold a stray carriage return or an unbalanced quote inside an unquoted field, or \
             the file may not be CSV; quote such fields in the export (or remove the character) \
             and load again",
        );
    }
    None
}

/// A CSV file whose header, or a line above it, is not UTF-8.
fn not_utf8_header(path: &Path, line: u64) -> Error {
    Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "line {line}: the text is not UTF-8 (Latin-1 or another encoding) where the reader \
             looks for the header; export the file as UTF-8 (or convert it, e.g. `iconv -f \
             latin1 -t utf-8`) and load again"
        ),
    }
}

/// A newline-delimited JSON file with a line that is not a record, named by its line: the one
/// the reader names, where it gives one (it takes NaN, which a strict parser would name first),
/// which it counts over the lines that are not blank and one too many; else the first line that
/// is not a whole JSON object. `None` for a file that is one document, whose lines are not
/// records.
fn malformed_json_line(path: &Path, message: &str) -> Option<Error> {
    let reader_line = message
        .split(" in line ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.trim().parse::<u64>().ok())
        .filter(|n| *n > 1)
        .map(|n| n - 1);
    let line = super::encoding::first_malformed_json_line(path, reader_line)?;
    let why = message
        .rsplit(": ")
        .next()
        .unwrap_or("malformed")
        .trim_end_matches('.');
    Some(Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "line {line} is not a JSON record ({why}): fix or remove that line, or export the \
             file again, and load again"
        ),
    })
}

/// A CSV file with a carriage return inside an unquoted field past the sniffer's sample, named
/// by its line: the reader's own message names none.
fn stray_carriage_return(path: &Path) -> Error {
    let at = super::encoding::first_stray_carriage_return(path)
        .map_or_else(String::new, |line| format!("line {line}: "));
    Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "{at}a carriage return (\\r) stands inside an unquoted field, where the CSV reader \
             cannot tell whether it ends the row; quote that field in the export (or remove the \
             character) and load again"
        ),
    }
}

/// A JSON file with text that is not UTF-8, named by its real line number: the JSON reader refuses
/// the whole file (a CSV file rejects the line alone).
fn invalid_utf8(path: &Path) -> Error {
    let at = super::encoding::first_invalid_utf8_line(path)
        .map_or_else(String::new, |line| format!("line {line}: "));
    Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "{at}the text is not UTF-8 (Latin-1 or another encoding), and a JSON file is read \
             whole; export it as UTF-8 (or convert it, e.g. `iconv -f latin1 -t utf-8`) and load \
             again"
        ),
    }
}

/// A CSV line longer than the reader takes, named by its real line number.
fn long_line(path: &Path) -> Error {
    use super::encoding::{first_long_line, MAX_CSV_LINE_BYTES};
    let at = first_long_line(path, MAX_CSV_LINE_BYTES)
        .map_or_else(String::new, |line| format!("line {line}: "));
    Error::ReadFile {
        path: path.to_path_buf(),
        message: format!(
            "{at}a line is longer than 2 MB, the longest socgauge reads; shorten the long field \
             (e.g. cut descriptions or raw event text in the export) and load again"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canonical_column_named_twice_is_refused() {
        let header = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let path = Path::new("dup.csv");
        let err = refuse_repeated_columns(
            path,
            &header(&["tenant", "incident_id", "created_at", "Incident_ID_1"]),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`incident_id` more than once"), "{err}");
        assert!(err.contains("`Incident_ID_1`"), "{err}");
        // A column of another name, or a canonical one named once, is no repeat.
        for ok in [
            &["incident_id", "created_at", "note_1"][..],
            &["incident_id", "created_at", "title_2"][..],
            &["alert_id", "created_at"][..],
        ] {
            refuse_repeated_columns(path, &header(ok), None).unwrap();
        }
        // Written as `title` and `title_1`: two columns, not a repeat.
        let read = header(&["incident_id", "created_at", "title", "title_1"]);
        refuse_repeated_columns(path, &read, Some(&read)).unwrap();
        let written = header(&["incident_id", "created_at", "title", "Title"]);
        assert!(refuse_repeated_columns(path, &read, Some(&written)).is_err());
    }

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
