//! Text encodings of the files socgauge reads. DuckDB's readers take UTF-8 only: a UTF-8 byte
//! order mark is removed (JSON, where DuckDB's reader would otherwise see no records), and UTF-16
//! (Excel's "Unicode text") is refused with what to do, rather than read as garbled keys.
//! Latin-1 and other invalid UTF-8 are left to the readers, which reject the line. A
//! gzip-compressed file (`.csv.gz`, `.json.gz`, …) is checked on its decompressed text, the text
//! DuckDB's readers see.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The start of a file, as far as its encoding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// UTF-8 (or anything else that is not recognisably UTF-16) without a byte order mark.
    Plain,
    /// UTF-8 with a byte order mark (EF BB BF).
    Utf8Bom,
    /// UTF-16, little- or big-endian, with or without a byte order mark.
    Utf16,
    /// UTF-32, little- or big-endian, with or without a byte order mark.
    Utf32,
}

/// Recognises the encoding from the first bytes of a file.
pub fn recognise(head: &[u8]) -> Start {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => Start::Utf8Bom,
        // Before UTF-16: UTF-32's little-endian mark starts with UTF-16's.
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Start::Utf32,
        // Without a mark: ASCII text in UTF-32 has three NUL bytes beside every character.
        [a, 0, 0, 0, ..] | [0, 0, 0, a, ..] if *a != 0 => Start::Utf32,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Start::Utf16,
        // Without a mark: ASCII text in UTF-16 has a NUL byte beside every character.
        [a, 0, b, 0, ..] | [0, a, 0, b, ..] if *a != 0 && *b != 0 => Start::Utf16,
        _ => Start::Plain,
    }
}

/// Whether the file is gzip-compressed, by its name (as DuckDB's readers decide).
pub(super) fn gzipped(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The file's text: decompressed when the file is gzip-compressed.
pub(super) fn open_text(path: &Path) -> std::io::Result<Box<dyn Read>> {
    let file = std::fs::File::open(path)?;
    Ok(if gzipped(path) {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            file,
        )))
    } else {
        Box::new(file)
    })
}

/// An error reading a file's text: a damaged gzip stream says so, as the reader would not.
pub(super) fn read_text_error(path: &Path, source: std::io::Error) -> Error {
    if gzipped(path) && source.kind() != std::io::ErrorKind::NotFound {
        Error::ReadFile {
            path: path.to_path_buf(),
            message: format!(
                "this file is not valid gzip ({source}): export it again, or decompress it and \
                 load the plain file"
            ),
        }
    } else {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Checks the encoding of a text file, compressed or not.
pub fn check(path: &Path) -> Result<Start> {
    let mut head = [0u8; 4];
    let mut file = open_text(path).map_err(|e| read_text_error(path, e))?;
    let mut filled = 0;
    while filled < head.len() {
        let n = file
            .read(&mut head[filled..])
            .map_err(|e| read_text_error(path, e))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let start = recognise(&head[..filled]);
    let refused = match start {
        Start::Utf16 => Some(
            "this file is UTF-16 (Excel's \"Unicode text\", PowerShell 5's Out-File): save it \
             as UTF-8 (in Excel: Save As → \"CSV UTF-8\"; in PowerShell: -Encoding utf8) and \
             load it again",
        ),
        Start::Utf32 => Some(
            "this file is UTF-32: save it as UTF-8 (e.g. `iconv -f UTF-32 -t UTF-8`) and load it \
             again",
        ),
        Start::Plain | Start::Utf8Bom => None,
    };
    if let Some(message) = refused {
        return Err(Error::ReadFile {
            path: path.to_path_buf(),
            message: message.into(),
        });
    }
    Ok(start)
}

/// The longest line DuckDB's CSV reader takes (its default `max_line_size`). Not raised: the
/// reader sizes its buffers at 16 lines, so a larger limit would cost every load memory.
pub const MAX_CSV_LINE_BYTES: u64 = 2_097_152;

/// The number (from 1) of the first line of a file (decompressed) longer than `limit` bytes.
/// Only called once the reader has refused a file for a long line, to say which line: DuckDB's
/// own message names the wrong one.
pub fn first_long_line(path: &Path, limit: u64) -> Option<u64> {
    let (mut line, mut length) = (1u64, 0u64);
    let mut ends = LineEnds::default();
    scan(open_text(path).ok()?, |block| {
        for &byte in block {
            if ends.is_break(byte) {
                line += 1;
                length = 0;
            } else if byte != b'\n' {
                length += 1;
                if length > limit {
                    return Some(line);
                }
            }
        }
        None
    })
    .ok()
    .flatten()
}

/// The line ends of a byte stream, as the CSV readers take them: `\n`, `\r\n`, or a lone `\r`
/// (a "CSV (Macintosh)" file has no other).
#[derive(Default)]
struct LineEnds {
    after_return: bool,
}

impl LineEnds {
    /// Whether `byte` ends a line (the `\n` of a `\r\n` does not: its `\r` did).
    fn is_break(&mut self, byte: u8) -> bool {
        let after_return = std::mem::replace(&mut self.after_return, byte == b'\r');
        match byte {
            b'\r' => true,
            b'\n' => !after_return,
            _ => false,
        }
    }
}

/// Calls `visit` with each block of a stream's bytes, in order, until it answers (`Some`) or the
/// stream ends (`Ok(None)`).
pub(super) fn scan<T>(
    mut text: impl Read,
    mut visit: impl FnMut(&[u8]) -> Option<T>,
) -> std::io::Result<Option<T>> {
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = text.read(&mut block)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(found) = visit(&block[..n]) {
            return Ok(Some(found));
        }
    }
}

/// Text without the UTF-8 byte-order marks it starts with (an export may carry two).
fn without_byte_order_marks(mut text: &[u8]) -> &[u8] {
    while let Some(rest) = text.strip_prefix(b"\xef\xbb\xbf") {
        text = rest;
    }
    text
}

/// A small file (decompressed) of nothing but byte-order marks and white space: empty to the
/// user, though not to the readers, whose messages about it name no file problem. Reads at most
/// 64 KB of text.
pub fn holds_no_text(path: &Path) -> bool {
    small_text_all(path, u8::is_ascii_whitespace)
}

/// A small CSV file (decompressed) of nothing but empty fields: white space, delimiters (`,`
/// `;` `|` tab) and quotes, as a spreadsheet saves a sheet with no data. No header names a
/// column, so no row can be read; reads at most 64 KB of text.
pub fn holds_only_empty_fields(path: &Path) -> bool {
    small_text_all(path, |b| {
        b.is_ascii_whitespace() || matches!(b, b',' | b';' | b'|' | b'"')
    })
}

/// Whether the text of a file under 64 KB (decompressed), after its byte order marks, is all
/// bytes that `keep` holds for.
fn small_text_all(path: &Path, keep: impl Fn(&u8) -> bool) -> bool {
    small_text(path).is_some_and(|text| text.iter().all(keep))
}

/// The text of a file under 64 KB (decompressed), after its byte order marks; `None` for a
/// larger or unreadable one.
fn small_text(path: &Path) -> Option<Vec<u8>> {
    let file = open_text(path).ok()?;
    let mut bytes = Vec::new();
    if file.take(1 << 16).read_to_end(&mut bytes).is_err() || bytes.len() >= 1 << 16 {
        return None;
    }
    Some(without_byte_order_marks(&bytes).to_vec())
}

/// A small JSON file that is an empty page of an API: `[]`, an object of nothing but empty
/// lists and `@` annotations (`{"@odata.context": "…", "value": []}`, `{"results": []}`), a
/// Log Analytics answer whose tables have no rows, a search response without hits
/// (Elasticsearch's last scroll page), or a page whose `total` is 0 and whose lists are empty
/// (Kibana's `_find`); one per line too. A record holds some value that is none of these.
pub fn is_empty_json_page(path: &Path) -> bool {
    let Some(text) = small_text(path) else {
        return false;
    };
    // A Log Analytics query answer without rows: `{"tables": [{"columns": […], "rows": []}]}`.
    let no_rows = |value: &serde_json::Value| {
        value
            .get("tables")
            .and_then(|t| t.as_array())
            .is_some_and(|tables| {
                tables.iter().all(|table| {
                    table
                        .get("rows")
                        .and_then(|r| r.as_array())
                        .is_some_and(Vec::is_empty)
                })
            })
    };
    // `{"took": 3, "hits": {"total": {"value": 0}, "hits": []}}`.
    let no_hits = |value: &serde_json::Value| {
        value
            .get("hits")
            .and_then(|h| h.get("hits"))
            .and_then(|h| h.as_array())
            .is_some_and(Vec::is_empty)
    };
    // `{"page": 1, "per_page": 20, "total": 0, "cases": []}`.
    let none_in_total = |members: &serde_json::Map<String, serde_json::Value>| {
        members.get("total").and_then(serde_json::Value::as_u64) == Some(0)
            && members.values().any(|m| m.is_array())
            && members
                .values()
                .all(|m| m.as_array().is_none_or(Vec::is_empty))
    };
    let empty = |value: &serde_json::Value| match value {
        serde_json::Value::Array(items) => items.is_empty(),
        serde_json::Value::Object(_) if no_rows(value) || no_hits(value) => true,
        serde_json::Value::Object(members) if none_in_total(members) => true,
        serde_json::Value::Object(members) => {
            members
                .values()
                .any(|m| m.as_array().is_some_and(Vec::is_empty))
                && members
                    .iter()
                    .all(|(key, m)| key.starts_with('@') || m.as_array().is_some_and(Vec::is_empty))
        }
        _ => false,
    };
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&text) {
        return empty(&value);
    }
    let mut lines = text
        .split(|b| *b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .peekable();
    lines.peek().is_some()
        && lines.all(|line| {
            serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|value| empty(&value))
        })
}

/// The number (from 1) of the first line of a file (decompressed) holding a carriage return that
/// does not end the line, outside a double-quoted value: a CSV reader cannot place it in an
/// unquoted field. Only called once the reader has failed, to say which line.
pub fn first_stray_carriage_return(path: &Path) -> Option<u64> {
    let (mut line, mut after_cr, mut quoted) = (1u64, false, false);
    scan(open_text(path).ok()?, |block| {
        for &byte in block {
            if after_cr && byte != b'\n' {
                return Some(line);
            }
            // A doubled quote inside a value toggles twice: the state stays right.
            if byte == b'"' {
                quoted = !quoted;
            }
            after_cr = byte == b'\r' && !quoted;
            if byte == b'\n' {
                line += 1;
            }
        }
        None
    })
    .ok()
    .flatten()
}

/// The number (from 1) of the line of a newline-delimited JSON file (decompressed) that is not
/// a record: the `nth_record_line`-th line that is not blank (the reader's count, which skips
/// blank lines), else the first line that is not a JSON object of its own; `None` for a file
/// that is one document (an array, an object over several lines: no line of it is a whole
/// object). Only called once the reader has refused the file, to name the line.
pub fn first_malformed_json_line(path: &Path, nth_record_line: Option<u64>) -> Option<u64> {
    use std::io::BufRead;
    let file = std::io::BufReader::with_capacity(1 << 16, open_text(path).ok()?);
    let (mut first_bad, mut whole_objects, mut first) = (None, 0u64, true);
    let (mut records, mut nth) = (0u64, None);
    for (number, line) in file.split(b'\n').enumerate() {
        let line = line.ok()?;
        let text = without_byte_order_marks(&line);
        let Some(start) = text.iter().find(|b| !b.is_ascii_whitespace()) else {
            continue;
        };
        if first && *start == b'[' {
            return None;
        }
        first = false;
        records += 1;
        if Some(records) == nth_record_line {
            nth = u64::try_from(number + 1).ok();
        }
        let object =
            *start == b'{' && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok();
        if object {
            whole_objects += 1;
        } else if first_bad.is_none() {
            first_bad = u64::try_from(number + 1).ok();
        }
    }
    nth.or(first_bad).filter(|_| whole_objects > 0)
}

/// Whether a JSON file starts an array that it never closes: its last character (white space
/// aside) is not `]`. DuckDB's reader takes the elements before the end of such a file, so an
/// export cut short right after a comma would load in part without a word. A compressed file is
/// read through to its end (a gzip file compressed after the cut is a whole stream).
pub fn json_array_unclosed(path: &Path) -> bool {
    let Ok(mut text) = open_text(path) else {
        return false;
    };
    let mut head = Vec::new();
    if (&mut text).take(1 << 16).read_to_end(&mut head).is_err() {
        return false;
    }
    let start = without_byte_order_marks(&head);
    if start.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
        return false;
    }
    let last = if gzipped(path) {
        last_non_space_streamed(text, &head)
    } else {
        last_non_space(path)
    };
    last.is_some_and(|b| b != b']')
}

/// The length in bytes of a JSON file's first value when it is an object (a Log Analytics answer,
/// an API page, the first line of NDJSON), found by following its braces outside strings; `None`
/// for a file that starts otherwise (an array, whose items are read one by one) or cannot be
/// read. A cut-short object counts to the file's end.
pub fn first_json_object_len(path: &Path) -> Option<u64> {
    let text = open_text(path).ok()?;
    use std::io::BufRead;
    let mut text = std::io::BufReader::with_capacity(1 << 16, text);
    let (mut depth, mut in_string, mut escaped, mut started) = (0u64, false, false, false);
    let mut offset = 0u64;
    let mut bom = [0xEFu8, 0xBB, 0xBF].iter().peekable();
    loop {
        let block = text.fill_buf().ok()?;
        if block.is_empty() {
            return started.then_some(offset);
        }
        let size = block.len();
        for &b in block {
            offset += 1;
            if !started {
                if bom.peek() == Some(&&b) {
                    bom.next();
                    continue;
                }
                if b.is_ascii_whitespace() {
                    continue;
                }
                if b != b'{' {
                    return None;
                }
                started = true;
                depth = 1;
                continue;
            }
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(offset);
                    }
                }
                _ => {}
            }
        }
        text.consume(size);
    }
}

/// The last byte of a file that is not white space, read backwards from its end.
fn last_non_space(path: &Path) -> Option<u8> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let mut end = file.seek(SeekFrom::End(0)).ok()?;
    let mut block = vec![0u8; 1 << 16];
    while end > 0 {
        let start = end.saturating_sub(block.len() as u64);
        let size = usize::try_from(end - start).ok()?;
        file.seek(SeekFrom::Start(start)).ok()?;
        file.read_exact(&mut block[..size]).ok()?;
        if let Some(b) = block[..size]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace())
        {
            return Some(*b);
        }
        end = start;
    }
    None
}

/// The last byte that is not white space of a stream whose first bytes (`head`) were read.
fn last_non_space_streamed(rest: impl Read, head: &[u8]) -> Option<u8> {
    let last_in = |block: &[u8]| {
        block
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace())
            .copied()
    };
    let mut last = last_in(head);
    scan(rest, |block| {
        last = last_in(block).or(last);
        None::<()>
    })
    .ok()?;
    last
}

/// The number (from 1) of the first line of a file (decompressed) that is not valid UTF-8. Only
/// called once a reader has refused a file for it, to say which line: the JSON reader's own
/// message counts lines its own way.
pub fn first_invalid_utf8_line(path: &Path) -> Option<u64> {
    first_invalid_utf8_line_within(path, u64::MAX)
}

/// [`first_invalid_utf8_line`] among the first `lines` lines only (a header and what stands
/// above it: cheap on a file of any size).
pub fn first_invalid_utf8_line_within(path: &Path, lines: u64) -> Option<u64> {
    let (mut line, mut bytes) = (1u64, Vec::new());
    let mut ends = LineEnds::default();
    let found = scan(open_text(path).ok()?, |block| {
        for &byte in block {
            if ends.is_break(byte) {
                if std::str::from_utf8(&bytes).is_err() {
                    return Some(Some(line));
                }
                if line >= lines {
                    return Some(None);
                }
                line += 1;
                bytes.clear();
            } else if byte != b'\n' {
                bytes.push(byte);
            }
        }
        None
    })
    .ok()?;
    match found {
        Some(answer) => answer,
        // The last line, without a line end.
        None => (line <= lines && std::str::from_utf8(&bytes).is_err()).then_some(line),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn encodings_from_the_first_bytes() {
        assert_eq!(recognise(b"\xEF\xBB\xBFid,created_at"), Start::Utf8Bom);
        assert_eq!(recognise(b"\xFF\xFEi\0d\0"), Start::Utf16);
        assert_eq!(recognise(b"\xFE\xFF\0i\0d"), Start::Utf16);
        assert_eq!(recognise(b"i\0d\0"), Start::Utf16);
        assert_eq!(recognise(b"\0i\0d"), Start::Utf16);
        assert_eq!(recognise(b"id,c"), Start::Plain);
        assert_eq!(recognise(b"{}"), Start::Plain);
        assert_eq!(recognise(b""), Start::Plain);
        // Latin-1 is not UTF-16: the readers reject its lines.
        assert_eq!(recognise(b"caf\xE9"), Start::Plain);
        // UTF-32, whose little-endian mark begins like UTF-16's.
        assert_eq!(recognise(b"\xFF\xFE\0\0i\0\0\0"), Start::Utf32);
        assert_eq!(recognise(b"\0\0\xFE\xFF\0\0\0i"), Start::Utf32);
        assert_eq!(recognise(b"i\0\0\0d\0\0\0"), Start::Utf32);
        assert_eq!(recognise(b"\0\0\0i\0\0\0d"), Start::Utf32);
    }

    #[test]
    fn the_lines_readers_refuse_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        // Lone carriage returns end lines too ("CSV (Macintosh)"), and `\r\n` once.
        let mac = file("mac.csv", b"a,b\r1,2\r\n3,caf\xE9\r4,5");
        assert_eq!(first_invalid_utf8_line_within(&mac, 2), None);
        assert_eq!(first_invalid_utf8_line_within(&mac, 3), Some(3));
        assert_eq!(
            first_invalid_utf8_line(&file("end.csv", b"a\rb\xE9")),
            Some(2)
        );
        assert_eq!(
            first_long_line(&file("long.csv", b"a\rb\r\ncccc\rd"), 3),
            Some(3)
        );
        let cr = file("cr.csv", b"a,b\r\n1,2\r\n3,x\ry\r\n4,5\n");
        assert_eq!(first_stray_carriage_return(&cr), Some(3));
        assert_eq!(
            first_stray_carriage_return(&file("ok.csv", b"a\r\nb\r\n")),
            None
        );
        let quoted = file("quoted.csv", b"a,b\n1,\"x\ry \"\"z\"\"\"\n2,p\rq\n");
        assert_eq!(first_stray_carriage_return(&quoted), Some(3));
        let ndjson = file("bad.ndjson", b"{\"a\": 1}\n\n{\"a\" oops}\n{\"a\": 3}\n");
        assert_eq!(first_malformed_json_line(&ndjson, None), Some(3));
        // The reader's count skips blank lines (white space only too): its second is line 3.
        assert_eq!(first_malformed_json_line(&ndjson, Some(2)), Some(3));
        let blanks = file(
            "blanks.ndjson",
            b"{\"a\": 1}\n\n  \n{\"a\": NaN}\n{\"a\": 3}\n",
        );
        assert_eq!(first_malformed_json_line(&blanks, Some(2)), Some(4));
        let first = file("first.ndjson", b"{\"a\" oops}\n{\"a\": 2}\n");
        assert_eq!(first_malformed_json_line(&first, None), Some(1));
        let array = file("array.json", b"[\n {\"a\": 1},\n {\"a\" oops}\n]\n");
        assert_eq!(first_malformed_json_line(&array, Some(2)), None);
        let pretty = file("pretty.json", b"{\n \"a\": 1\n}\n");
        assert_eq!(first_malformed_json_line(&pretty, None), None);
    }

    #[test]
    fn a_json_array_cut_short_is_told_from_a_whole_one() {
        let dir = tempfile::tempdir().unwrap();
        let unclosed = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            json_array_unclosed(&path)
        };
        assert!(unclosed("cut.json", b"[{\"a\": 1}, {\"a\": 2}, "));
        assert!(unclosed("bom.json", b"\xef\xbb\xbf\n [{\"a\": 1},"));
        assert!(!unclosed("whole.json", b"\xef\xbb\xbf[{\"a\": 1}]\r\n\n"));
        assert!(!unclosed("ndjson.json", b"{\"a\": 1}\n{\"a\": 2}\n"));
        assert!(!unclosed("empty.json", b""));
        let long = format!("[{}]", vec!["{\"a\": 1}"; 5000].join(","));
        assert!(!unclosed("long.json", long.as_bytes()));
        assert!(unclosed(
            "long-cut.json",
            &long.as_bytes()[..long.len() - 1]
        ));
        // Much white space after the end, beyond any one block read from the end.
        let padded = format!("{long}{}", " ".repeat(200_000));
        assert!(!unclosed("padded.json", padded.as_bytes()));
        // Compressed after the cut: a whole gzip stream of a cut array.
        assert!(unclosed("cut.json.gz", &gzip(b"[{\"a\": 1},\n")));
        assert!(!unclosed("whole.json.gz", &gzip(long.as_bytes())));
    }

    pub(in crate::load) fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn compressed_files_are_checked_on_their_text() {
        let dir = tempfile::tempdir().unwrap();
        let utf16 = dir.path().join("u.csv.gz");
        std::fs::write(&utf16, gzip(b"\xFF\xFEi\0d\0")).unwrap();
        let error = check(&utf16).unwrap_err().to_string();
        assert!(error.contains("UTF-16"), "{error}");
        let bom = dir.path().join("b.json.gz");
        std::fs::write(&bom, gzip(b"\xEF\xBB\xBF[{}]")).unwrap();
        assert_eq!(check(&bom).unwrap(), Start::Utf8Bom);
        let damaged = dir.path().join("d.csv.gz");
        std::fs::write(&damaged, b"not gzip at all").unwrap();
        let error = check(&damaged).unwrap_err().to_string();
        assert!(error.contains("not valid gzip"), "{error}");
        let long = dir.path().join("l.csv.gz");
        std::fs::write(&long, gzip(b"a\nbb\nxxxxxxxxxx\n")).unwrap();
        assert_eq!(first_long_line(&long, 5), Some(3));
    }

    #[test]
    fn the_first_long_line_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, format!("a\nbb\n{}\nd\n", "x".repeat(10))).unwrap();
        assert_eq!(first_long_line(&path, 5), Some(3));
        assert_eq!(first_long_line(&path, 10), None);
    }
}
