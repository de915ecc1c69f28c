//! Copies of an input's text for DuckDB's readers, where the file as written would be misread:
//! without a UTF-8 byte order mark (the JSON reader does not skip one); in UTF-8 where a CSV
//! file is in Windows-1252 (Excel's "CSV (Comma delimited)" on Windows: every accented line
//! would be rejected as not UTF-8); or with one kind of line end where an export mixes `\r\n`
//! and `\n` (a Windows export with lines appended on Linux, or two exports concatenated): the
//! CSV reader takes one kind per file, and refuses the file at the first line of the other kind.
//! Each line end stays one line end, so every row keeps its line.

use std::io::{Read, Write};
use std::path::Path;

use super::encoding::{gzipped, open_text, read_text_error, scan};
use super::line_count::{CountedLines, LineCount};
use crate::error::{Error, Result};

/// A temporary copy of a file's text, removed when dropped. A compressed file's copy is its
/// decompressed text (named without `.gz`, so that the reader does not expect gzip).
pub struct TextCopy {
    /// The copy, created new and private (never a file or link already there), removed on drop.
    file: crate::cleanup::Tracked<tempfile::TempPath>,
}

impl TextCopy {
    /// The text of `path` minus its first three bytes (its byte order mark).
    pub fn without_bom(path: &Path) -> Result<TextCopy> {
        let mut skipped = 0;
        Self::copy(path, "nobom", |block, out| {
            let skip = (3 - skipped).min(block.len());
            skipped += skip;
            out.extend_from_slice(&block[skip..]);
        })
    }

    /// The text of a CSV file as its reader should see it (see [`CsvText`]): decoded from
    /// Windows-1252 into UTF-8, and with every `\r\n` outside a double-quoted value made `\n`
    /// (values keep their own line ends, and a lone `\r` stays); `None` when the file reads as
    /// it is.
    pub fn for_csv_reader(path: &Path, text: &CsvText) -> Result<Option<TextCopy>> {
        if !(text.windows_1252 || text.mixed_line_ends) {
            return Ok(None);
        }
        let mut ends = ToLf::default();
        let mut decoded = Vec::new();
        let (windows_1252, mixed) = (text.windows_1252, text.mixed_line_ends);
        Self::copy(path, "text", |block, out| {
            let block = if windows_1252 {
                decoded.clear();
                decode_windows_1252(block, &mut decoded);
                decoded.as_slice()
            } else {
                block
            };
            if mixed {
                ends.convert(block, out);
            } else {
                out.extend_from_slice(block);
            }
        })
        .map(Some)
    }

    /// Copies `path`'s text through `transform` (each block, in order; a last empty block at
    /// the end) into the temporary folder, named `socgauge-<kind>-<pid>-<random><extensions>`: the file's
    /// own extensions (`.csv`, `.json`), so that the reader sees the same kind of file, and
    /// nothing else of its name (no pattern character, and no name too long once prefixed).
    fn copy(
        path: &Path,
        kind: &str,
        mut transform: impl FnMut(&[u8], &mut Vec<u8>),
    ) -> Result<TextCopy> {
        let name = super::reader_path::plain_name(path);
        let name = if gzipped(path) {
            name[..name.len().saturating_sub(3)].to_string()
        } else {
            name
        };
        let extensions = name
            .find('.')
            .map(|dot| &name[dot..])
            .filter(|ext| ext.len() <= 32)
            .unwrap_or("");
        let mut source = open_text(path).map_err(|e| read_text_error(path, e))?;
        let temp_error = |source| Error::Io {
            path: std::env::temp_dir(),
            source,
        };
        // Created and tracked settled (cleanup.rs): an interrupting signal finds it tracked.
        let (mut out, file) = crate::cleanup::settled(|| {
            // The process in the name: a run killed outright leaves it to the next
            // (cleanup/abandoned.rs).
            let prefix = format!("socgauge-{kind}-{}-", std::process::id());
            let (out, file) = tempfile::Builder::new()
                .prefix(&prefix)
                .suffix(extensions)
                .tempfile()?
                .into_parts();
            std::io::Result::Ok((out, crate::cleanup::Tracked::new(file)))
        })
        .map_err(temp_error)?;
        let copy = TextCopy { file };
        let write_error = |source| Error::Io {
            path: copy.path().to_path_buf(),
            source,
        };
        // A loop rather than io::copy: a read error (damaged gzip) and a write error (full
        // disk) name different files.
        let mut buffer = vec![0u8; 1 << 16];
        let mut converted = Vec::with_capacity(buffer.len() + 1);
        loop {
            let n = source
                .read(&mut buffer)
                .map_err(|e| read_text_error(path, e))?;
            converted.clear();
            transform(&buffer[..n], &mut converted);
            out.write_all(&converted).map_err(write_error)?;
            if n == 0 {
                break;
            }
        }
        out.flush().map_err(write_error)?;
        Ok(copy)
    }

    /// Where the copy is.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}

/// What a CSV file's text (decompressed) needs before DuckDB's reader reads it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CsvText {
    /// Not UTF-8, and no character of it is (no valid multi-byte sequence): a single-byte
    /// encoding, read as Windows-1252 (of which Latin-1 is nearly all). A file mixing valid and
    /// invalid UTF-8 is read as it is: its invalid lines are rejected, naming them.
    pub windows_1252: bool,
    /// Lines end both with `\r\n` and with `\n` outside double-quoted values: a file DuckDB's
    /// reader refuses. A `\n` inside a quoted value of a `\r\n` file (a spreadsheet's line
    /// break within a cell) is the value's own and mixes nothing.
    pub mixed_line_ends: bool,
    /// Holds no double quote and no apostrophe: every quote and escape the CSV sniffer could
    /// choose reads it alike (load/csv_dialect.sql). False when the text could not be read.
    pub quote_free: bool,
    /// The text's lines (line_count.rs), which a reader of the file itself need not count
    /// again while the file is unchanged (read.rs, `own_lines`). None when the text could not
    /// be read.
    pub lines: Option<CountedLines>,
}

/// Looks at a CSV file's text: one pass over its line ends (at memory speed) and its UTF-8;
/// only a file holding both kinds of line end is read again with its quotes followed.
pub fn csv_text(path: &Path) -> CsvText {
    let mut ends = EndCount::default();
    let mut utf8 = Utf8Check::default();
    let mut quotes = false;
    let mut lines = LineCount::default();
    let stamp = CountedLines::stamp(path);
    let read = open_text(path).ok().and_then(|text| {
        scan(text, |block| {
            ends.count(block);
            utf8.feed(block);
            lines.feed(block);
            quotes = quotes || memchr::memchr2(b'"', b'\'', block).is_some();
            None::<()>
        })
        .ok()
    });
    if read.is_none() {
        return CsvText::default();
    }
    // A character cut short by the end of the text is invalid too (`Jos\xe9` at the end).
    let windows_1252 = (utf8.invalid || !utf8.carry.is_empty()) && !utf8.multibyte;
    let mixed_line_ends = ends.crlf > 0 && ends.lf > 0 && {
        let mut quoted = EndCount {
            quote_aware: true,
            ..EndCount::default()
        };
        open_text(path)
            .ok()
            .and_then(|text| {
                scan(text, |block| {
                    quoted.count(block);
                    None::<()>
                })
                .ok()
            })
            .is_some()
            && quoted.crlf > 0
            && quoted.lf > 0
    };
    CsvText {
        windows_1252,
        mixed_line_ends,
        // Decoding Windows-1252 or making line ends one kind adds no quote to a copy.
        quote_free: !quotes,
        lines: stamp.map(|stamp| CountedLines::new(lines.lines(), stamp)),
    }
}

/// Whether a text fed in blocks is UTF-8: any invalid sequence, any valid multi-byte one.
#[derive(Default)]
struct Utf8Check {
    /// The start of a character cut by the end of the last block.
    carry: Vec<u8>,
    invalid: bool,
    multibyte: bool,
}

impl Utf8Check {
    fn feed(&mut self, block: &[u8]) {
        let joined;
        let mut rest = if self.carry.is_empty() {
            block
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), block].concat();
            joined.as_slice()
        };
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.multibyte |= !text.is_ascii();
                    return;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    self.multibyte |= !valid.is_ascii();
                    match e.error_len() {
                        Some(n) => {
                            self.invalid = true;
                            rest = &after[n..];
                        }
                        // Cut short by the block's end, or the text's (see csv_text).
                        None => {
                            self.carry = after.to_vec();
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// Windows-1252 text as UTF-8: bytes below 0x80 as they are, 0xA0 to 0xFF as the Latin-1
/// characters of those code points, 0x80 to 0x9F as the WHATWG encoding standard maps them
/// (`€`, curly quotes, dashes, …; its five unassigned bytes as the C1 controls of their value).
fn decode_windows_1252(bytes: &[u8], out: &mut Vec<u8>) {
    const HIGH: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let mut buffer = [0u8; 4];
    for &byte in bytes {
        if byte < 0x80 {
            out.push(byte);
            continue;
        }
        let code = match byte {
            0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
            _ => u32::from(byte),
        };
        let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
    }
}

/// Line ends counted by kind, block by block.
#[derive(Default)]
struct EndCount {
    /// Follow double quotes, and count only the ends outside quoted values.
    quote_aware: bool,
    quoted: bool,
    last: u8,
    crlf: u64,
    lf: u64,
}

impl EndCount {
    fn count(&mut self, block: &[u8]) {
        if self.quote_aware {
            for &byte in block {
                if byte == b'"' {
                    // A doubled quote inside a value toggles twice: the state stays right.
                    self.quoted = !self.quoted;
                } else if byte == b'\n' && !self.quoted {
                    self.tally(self.last);
                }
                self.last = byte;
            }
        } else {
            for at in memchr::memchr_iter(b'\n', block) {
                let before = if at == 0 { self.last } else { block[at - 1] };
                self.tally(before);
            }
            self.last = block.last().copied().unwrap_or(self.last);
        }
    }

    fn tally(&mut self, before: u8) {
        if before == b'\r' {
            self.crlf += 1;
        } else {
            self.lf += 1;
        }
    }
}

/// `\r\n` → `\n` outside double-quoted values, block by block (a `\r` at the end of a block
/// waits for the next one's first byte).
#[derive(Default)]
struct ToLf {
    quoted: bool,
    held_return: bool,
}

impl ToLf {
    /// Converts `block` into `out`; an empty block ends the text.
    fn convert(&mut self, block: &[u8], out: &mut Vec<u8>) {
        for &byte in block {
            if std::mem::take(&mut self.held_return) && byte != b'\n' {
                out.push(b'\r');
            }
            match byte {
                b'\r' if !self.quoted => self.held_return = true,
                b'"' => {
                    self.quoted = !self.quoted;
                    out.push(byte);
                }
                _ => out.push(byte),
            }
        }
        if block.is_empty() && std::mem::take(&mut self.held_return) {
            out.push(b'\r');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`csv_text`] finds in a file of `bytes`.
    fn text_of(bytes: &[u8]) -> CsvText {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        csv_text(&path)
    }

    fn to_lf(blocks: &[&[u8]]) -> Vec<u8> {
        let mut ends = ToLf::default();
        let mut out = Vec::new();
        for block in blocks.iter().chain([&&b""[..]]) {
            ends.convert(block, &mut out);
        }
        out
    }

    #[test]
    fn line_ends_outside_quotes_become_lf_and_values_keep_theirs() {
        assert_eq!(to_lf(&[b"a,b\r\n1,2\n3,4\r\n"]), b"a,b\n1,2\n3,4\n");
        // A `\r` at a block's end, then its `\n`; a lone `\r` stays, at the end too.
        assert_eq!(to_lf(&[b"a\r", b"\nb\rc\r"]), b"a\nb\rc\r");
        assert_eq!(to_lf(&[b"a\r", b"", b"b"]), b"a\rb");
        assert_eq!(
            to_lf(&[b"a,\"x\r\ny \"\"q\"\"\"\r\n2,\"z\"\r\n"]),
            b"a,\"x\r\ny \"\"q\"\"\"\n2,\"z\"\n"
        );
    }

    #[test]
    fn a_compressed_file_is_copied_as_its_text_without_its_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let bom = dir.path().join("b.json.gz");
        std::fs::write(
            &bom,
            super::super::encoding::tests::gzip(b"\xEF\xBB\xBF[{}]"),
        )
        .unwrap();
        let copy = TextCopy::without_bom(&bom).unwrap();
        let name = copy
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(
            name.starts_with("socgauge-nobom-") && name.ends_with(".json"),
            "{name}"
        );
        assert_eq!(std::fs::read(copy.path()).unwrap(), b"[{}]");
        let kept = copy.path().to_path_buf();
        drop(copy);
        assert!(!kept.exists());
    }

    #[test]
    fn mixed_line_ends_are_told_from_a_spreadsheets_line_breaks_in_cells() {
        let mixed = |text: &[u8]| text_of(text).mixed_line_ends;
        assert!(mixed(b"a,b\r\n1,2\r\n3,4\n5,6\r\n"));
        assert!(mixed(b"a,b\n1,2\n3,4\r\n"));
        assert!(!mixed(b"a,b\r\n1,2\r\n"));
        assert!(!mixed(b"a,b\n1,2\n"));
        assert!(!mixed(b"a,b\r\n1,\"two\nlines\"\r\n"));
        assert!(!mixed(b"a,b\r1,2\r\n"));
        // A `\r\n` split over two blocks of the scan.
        let mut long = vec![b'x'; (1 << 16) - 1];
        long.extend_from_slice(b"\r\ny\nz\r\n");
        assert!(mixed(&long));
        long.truncate((1 << 16) - 1);
        long.extend_from_slice(b"\r\ny\r\n");
        assert!(!mixed(&long));
    }

    #[test]
    fn the_pass_over_the_text_counts_its_lines_as_the_line_count_does() {
        let lines = |text: &[u8]| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.csv");
            std::fs::write(&path, text).unwrap();
            csv_text(&path).lines.and_then(|counted| counted.of(&path))
        };
        for text in [
            &b""[..],
            b"a\nb\n",
            b"a\nb",
            b"a\r\n\r\nb\r\n",
            b"a\rb\r\rc",
            b"h\n1,\"two\nlines\"\n",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.csv");
            std::fs::write(&path, text).unwrap();
            assert_eq!(
                lines(text),
                Some(super::super::line_count::lines(&path).unwrap()),
                "{text:?}"
            );
        }
        assert_eq!(lines(b"a\r\n\r\nb\r\n"), Some(3));
        // A `\r\n` split over two blocks of the scan counts once.
        let mut long = vec![b'x'; (1 << 16) - 1];
        long.extend_from_slice(b"\r\ny");
        assert_eq!(lines(&long), Some(2));
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(csv_text(&dir.path().join("missing.csv")).lines, None);
        // A file rewritten after the pass is counted again: the count is not trusted.
        let path = dir.path().join("f.csv");
        std::fs::write(&path, b"h\n1\n").unwrap();
        let counted = csv_text(&path).lines.unwrap();
        assert_eq!(counted.of(&path), Some(2));
        std::fs::write(&path, b"h\n\n1\n").unwrap();
        assert_eq!(counted.of(&path), None);
    }

    #[test]
    fn a_file_of_single_byte_accents_is_told_from_utf8_and_decoded() {
        let single_byte = |text: &[u8]| text_of(text).windows_1252;
        let quote_free = |text: &[u8]| text_of(text).quote_free;
        assert!(quote_free(b"id,title\n1,plain\n"));
        assert!(!quote_free(b"id,title\n1,\"a,b\"\n"));
        assert!(!quote_free(b"id,title\n1,O'Brien\n"));
        assert!(single_byte(b"name\nJos\xe9 M\xfcller\n"));
        assert!(single_byte(b"name\nJos\xe9"));
        assert!(!single_byte("name\nJosé Müller\n".as_bytes()));
        assert!(!single_byte(b"name\nplain\n"));
        // Valid UTF-8 beside an invalid line: read as it is (the line is rejected).
        let mut both = "name\nJosé\n".as_bytes().to_vec();
        both.extend_from_slice(b"M\xfcller\n");
        assert!(!single_byte(&both));
        // A UTF-8 character cut by a block's end is still valid.
        let mut long = vec![b'x'; (1 << 16) - 1];
        long.extend_from_slice("é\n".as_bytes());
        assert!(!single_byte(&long));
        let mut out = Vec::new();
        decode_windows_1252(b"\x80 caf\xe9 \x93q\x94 \x81", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "€ café \u{201c}q\u{201d} \u{81}"
        );
    }
}
