//! The physical lines of a file, and the lines of a CSV file that start no record: what tells
//! whether a CSV file's rows sit one to a line (the positions DuckDB's reader keeps are then
//! their line numbers) and, where blank lines or line breaks inside quoted values move them down
//! the file, which lines they skip (queries/load/csv_remap_rows.sql). The file's text
//! (decompressed, for a gzip-compressed file) is read in blocks; no value is kept.

use std::io::Read;
use std::path::Path;

use super::encoding::open_text;

/// Each block of the file's text (decompressed, for a gzip-compressed file) in turn.
fn blocks(path: &Path, mut each: impl FnMut(&[u8])) -> std::io::Result<()> {
    let mut file = open_text(path)?;
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(());
        }
        each(&block[..n]);
    }
}

/// The line breaks of a text (`\n`, `\r\n`, or a lone `\r`, as both readers take them) fed to
/// it in blocks: a `\r\n` split between two blocks counts once.
#[derive(Default)]
struct BreakCount {
    breaks: u64,
    /// Whether the last byte fed was a `\r`, counted as a break of its own until a `\n` follows.
    after_return: bool,
}

impl BreakCount {
    fn feed(&mut self, bytes: &[u8]) {
        if self.after_return && bytes.first() == Some(&b'\n') {
            self.breaks -= 1;
        }
        self.breaks += breaks_in(bytes);
        if let Some(last) = bytes.last() {
            self.after_return = *last == b'\r';
        }
    }
}

/// The line breaks inside `bytes`: every `\n` and `\r`, a `\r\n` once. Three passes of memchr
/// cost less than one byte by byte.
fn breaks_in(bytes: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    let returns = memchr::memchr_iter(b'\r', bytes).count() as u64;
    let pairs = if returns == 0 {
        0
    } else {
        memchr::memmem::find_iter(bytes, b"\r\n").count() as u64
    };
    newlines + returns - pairs
}

/// The lines of the file at `path`, the last one counted whether or not a line break ends it.
pub fn lines(path: &Path) -> std::io::Result<u64> {
    let mut count = LineCount::default();
    blocks(path, |bytes| count.feed(bytes))?;
    Ok(count.lines())
}

/// A file's lines as a pass over its text counted them, with the file's size and modification
/// time before that pass: a later use trusts the count only while the file still has both (an
/// export rewritten while a load runs is counted again, as read then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedLines {
    lines: u64,
    stamp: (u64, std::time::SystemTime),
}

impl CountedLines {
    /// The stamp of the file at `path`, taken before its text is read.
    pub fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.len(), meta.modified().ok()?))
    }

    pub fn new(lines: u64, stamp: (u64, std::time::SystemTime)) -> CountedLines {
        CountedLines { lines, stamp }
    }

    /// The count, while the file at `path` keeps the size and modification time it had.
    pub fn of(&self, path: &Path) -> Option<u64> {
        (CountedLines::stamp(path) == Some(self.stamp)).then_some(self.lines)
    }
}

/// The lines of a text fed to it in blocks ([`lines`]), for a pass over the text that looks at
/// more than its lines (text_copy.rs, `csv_text`).
#[derive(Default)]
pub struct LineCount {
    breaks: BreakCount,
    /// The last byte fed so far.
    last: Option<u8>,
}

impl LineCount {
    pub fn feed(&mut self, bytes: &[u8]) {
        self.breaks.feed(bytes);
        if let Some(last) = bytes.last() {
            self.last = Some(*last);
        }
    }

    /// The lines fed, the last one counted whether or not a line break ends it.
    pub fn lines(&self) -> u64 {
        match self.last {
            None => 0,
            Some(b'\n' | b'\r') => self.breaks.breaks,
            Some(_) => self.breaks.breaks + 1,
        }
    }
}

/// The lines of a CSV file that hold no record of their own, found by reading it with the same
/// delimiter, quote and escape as DuckDB's reader: blank lines between records, and the lines a
/// quoted value's line breaks carry on into. Only the lines are looked at, no value is kept.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RecordBreaks {
    /// The records below the header line.
    pub records: u64,
    /// Lines between the header and the last record that start no record (blank, inside a
    /// quoted value, or the header's own below its first), in order.
    pub skipped: Vec<u64>,
    /// Lines anywhere inside a quoted value (not its first), in order: the lines DuckDB's
    /// reader does not count when it numbers the lines it rejects.
    pub continued: Vec<u64>,
}

/// Reads the CSV file at `path` for its [`RecordBreaks`] (`header_line`: the line of its header).
pub fn record_breaks(
    path: &Path,
    delimiter: u8,
    quote: u8,
    escape: u8,
    header_line: u64,
) -> Result<RecordBreaks, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .double_quote(escape == quote)
        .escape((escape != quote).then_some(escape))
        .from_reader(open_text(path)?);
    let mut lines = LineOfByte::open(path)?;
    let mut breaks = RecordBreaks::default();
    let mut record = csv::ByteRecord::new();
    // The line after the last record read: lines from there to the next record's first are blank.
    let mut next_line = 1;
    while reader.read_byte_record(&mut record)? {
        // The record's last line is that of the last byte the reader took (its line end, or the
        // `\r` of a `\r\n` whose `\n` it takes with the next record); the record's own position
        // would count the blank lines read past before it, and the reader's line count lags
        // behind a `\r\n`.
        let taken = reader.position().byte();
        let last = lines.of(taken.saturating_sub(1))?;
        let inside = breaks_in(record.as_slice());
        let start = last.saturating_sub(inside);
        let end = last + 1;
        if start > header_line && is_blank(&record) {
            // A record of empty fields is no row (load/read_csv.sql): its lines start none.
            breaks.skipped.extend((next_line.max(header_line + 1))..end);
        } else if start > header_line {
            breaks.records += 1;
            breaks
                .skipped
                .extend((next_line.max(header_line + 1))..start);
            breaks.skipped.extend(start + 1..end);
        } else {
            // The header's own lines below its first (a quoted name over two lines): no row
            // starts on them.
            breaks.skipped.extend((header_line + 1).max(start + 1)..end);
        }
        breaks.continued.extend(start + 1..end);
        next_line = end;
    }
    Ok(breaks)
}

/// Whether every field of `record` is empty or spaces: what the SQL readers leave out as no
/// row (`sg_text` of each field NULL). DuckDB's `trim` takes exactly the white space that is no
/// control character (the space, the no-break space, U+2000 to U+200A, U+3000, ...), not tabs or
/// line breaks.
pub fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|field| {
        String::from_utf8_lossy(field)
            .chars()
            .all(|c| c.is_whitespace() && !c.is_control())
    })
}

/// The line of a byte of a file, for bytes asked in increasing order: the file is read once more
/// beside the CSV reader, its line breaks counted up to each byte asked.
struct LineOfByte {
    file: std::io::BufReader<Box<dyn Read>>,
    /// Bytes read so far, and the line breaks among them.
    read: u64,
    count: BreakCount,
}

impl LineOfByte {
    fn open(path: &Path) -> std::io::Result<LineOfByte> {
        Ok(LineOfByte {
            file: std::io::BufReader::with_capacity(1 << 20, open_text(path)?),
            read: 0,
            count: BreakCount::default(),
        })
    }

    /// The line (from 1) of the byte at `offset`: one more than the line breaks before it.
    fn of(&mut self, offset: u64) -> std::io::Result<u64> {
        use std::io::BufRead;
        while self.read < offset {
            let block = self.file.fill_buf()?;
            if block.is_empty() {
                break;
            }
            let wanted = usize::try_from(offset - self.read).unwrap_or(usize::MAX);
            let n = block.len().min(wanted);
            self.count.feed(&block[..n]);
            self.read += n as u64;
            self.file.consume(n);
        }
        // The `\n` of a `\r\n` is on the line its `\r` ends.
        if self.count.after_return && self.file.fill_buf()?.first() == Some(&b'\n') {
            return Ok(self.count.breaks);
        }
        Ok(self.count.breaks + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn counted(bytes: &[u8]) -> u64 {
        let (_dir, path) = file(bytes);
        lines(&path).unwrap()
    }

    #[test]
    fn lines_are_counted_with_or_without_a_last_break() {
        assert_eq!(counted(b""), 0);
        assert_eq!(counted(b"a\nb\n"), 2);
        assert_eq!(counted(b"a\nb"), 2);
        assert_eq!(counted(b"a\r\n\r\nb\r\n"), 3);
        assert_eq!(counted(b"a\n\n"), 2);
        // Lone carriage returns (old Mac exports) end lines too.
        assert_eq!(counted(b"a\rb\r\rc"), 4);
        assert_eq!(counted(b"a\r\nb\rc\r"), 3);
    }

    #[test]
    fn a_windows_line_end_split_between_two_blocks_counts_once() {
        let mut count = BreakCount::default();
        for block in [&b"a\r"[..], b"\nb\r", b"c\r", b"\r\n"] {
            count.feed(block);
        }
        assert_eq!(count.breaks, 4);
        assert_eq!(breaks_in(b"x\r\n\r\ny\n\rz"), 4);
    }

    #[test]
    fn blank_lines_and_quoted_line_breaks_are_told_from_records() {
        let (_dir, path) =
            file(b"# title\nh1,h2\n1,2\n\n3,\"x\ny\n\nz\"\n4,5\" screen\n\n\n6,7\n\n");
        let found = record_breaks(&path, b',', b'"', b'"', 2).unwrap();
        assert_eq!(found.records, 4);
        assert_eq!(
            found.skipped,
            [4, 6, 7, 8, 10, 11],
            "blank lines after the last record precede none"
        );
        assert_eq!(found.continued, [6, 7, 8]);
        // Windows line ends and a backslash escape.
        let (_dir, path) = file(b"h1,h2\r\n1,\"a\\\"b\r\nc\"\r\n\r\n2,3\r\n");
        let found = record_breaks(&path, b',', b'"', b'\\', 1).unwrap();
        assert_eq!(found.records, 2);
        assert_eq!(found.skipped, [3, 4]);
        assert_eq!(found.continued, [3]);
        // Rows of empty fields or spaces: no rows, their lines start none. A line break is a
        // value (as the readers' `trim` keeps it).
        let (_dir, path) = file(b"h1,h2\n1,2\n,\n\" \",\n3,4\n,\"\n\"\n,,\n");
        let found = record_breaks(&path, b',', b'"', b'"', 1).unwrap();
        assert_eq!(found.records, 3);
        assert_eq!(found.skipped, [3, 4, 7, 8]);
        assert_eq!(found.continued, [7]);
        // A header over two lines: its second holds no row.
        let (_dir, path) = file(b"h1,\"h\n2\"\n1,2\n3,4\n");
        let found = record_breaks(&path, b',', b'"', b'"', 1).unwrap();
        assert_eq!(found.records, 2);
        assert_eq!(found.skipped, [2]);
        assert_eq!(found.continued, [2]);
        // Lone carriage returns, a blank line among them.
        let (_dir, path) = file(b"h1,h2\r1,2\r\r3,\"x\ry\"\r4,5\r");
        let found = record_breaks(&path, b',', b'"', b'"', 1).unwrap();
        assert_eq!(found.records, 3);
        assert_eq!(found.skipped, [3, 5]);
        assert_eq!(found.continued, [5]);
    }
}
