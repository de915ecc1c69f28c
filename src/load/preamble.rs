//! Lines an export tool writes above a CSV file's header: a title ("Incident export generated
//! …"), `#` comments. They are no rows: read as the header they hide the real one ("no source
//! recognises this file"), read as rows they are rejected and, with the header itself, push a
//! small file past `--max-rejects`. DuckDB's sniffer skips blank lines only.
//!
//! Only the top of the file is looked at (its first records, in the first MiB): this finds
//! where the header is, it reads no rows.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// How many records at the top of a file are looked at.
const LOOKED_AT: usize = 50;
/// How much of the file's text those records may take.
const LOOKED_AT_BYTES: u64 = 1 << 20;
/// The most records above a header taken as a preamble: more is a file of another shape.
const MOST: usize = 10;
/// The delimiters tried after the sniffed one: a title of one field makes the sniffer settle on
/// `,` (every line one column) in a file delimited by `;`, a tab or `|`.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// What lies above a CSV file's header.
#[derive(Debug, PartialEq, Eq)]
pub struct Preamble {
    /// The physical lines before the header, blank ones included (the reader's `skip`).
    pub lines: i64,
    /// Those records' text, fields joined by the delimiter, for the message.
    pub text: Vec<String>,
    /// The header's fields as written.
    pub header: Vec<String>,
}

/// The preamble of a CSV file whose quote is `quote`, read with `delimiter`, else with the
/// other usual delimiters (see [`find_with`]); each candidate header is offered to `is_header`,
/// which decides.
pub fn find(
    path: &Path,
    delimiter: u8,
    quote: u8,
    is_header: impl Fn(&[String]) -> bool,
) -> Option<Preamble> {
    let mut top = Vec::new();
    super::encoding::open_text(path)
        .ok()?
        .take(LOOKED_AT_BYTES)
        .read_to_end(&mut top)
        .ok()?;
    std::iter::once(delimiter)
        .chain(DELIMITERS.into_iter().filter(|d| *d != delimiter))
        .filter_map(|d| find_with(&top, d, quote))
        .find(|found| is_header(&found.header))
}

/// The preamble of the text `top` read with `delimiter` and `quote`: the records above the first
/// one as wide as most of the records of two fields or more, when those above are all narrower
/// (a title or a comment is one field, or a few), each on a line of its own, and at least two
/// records have that width (the header and a row). `None` when the first record is already that
/// wide, or the file's top says nothing clear.
fn find_with(top: &[u8], delimiter: u8, quote: u8) -> Option<Preamble> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .from_reader(top);
    // A record cut by the byte limit (or unreadable) ends the look.
    let records: Vec<csv::ByteRecord> = reader
        .byte_records()
        .take(LOOKED_AT)
        .map_while(std::result::Result::ok)
        .collect();
    let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
    for record in records.iter().filter(|r| r.len() >= 2) {
        *widths.entry(record.len()).or_default() += 1;
    }
    // The most frequent width; of two as frequent, the wider.
    let (&width, &seen) = widths.iter().max_by_key(|(w, n)| (**n, **w))?;
    if seen < 2 {
        return None;
    }
    let first = records.iter().position(|r| r.len() == width)?;
    let above = &records[..first];
    // A record over several lines (a quoted line break) is no title: the reader's `skip`
    // would count it otherwise than its lines.
    let one_line =
        |r: &csv::ByteRecord| r.iter().all(|f| !f.contains(&b'\n') && !f.contains(&b'\r'));
    if first == 0 || first > MOST || above.iter().any(|r| r.len() > width || !one_line(r)) {
        return None;
    }
    let header = &records[first];
    // The header's line: the record's position can point at blank lines before it.
    let mut start = usize::try_from(header.position()?.byte()).ok()?;
    while top.get(start).is_some_and(|b| *b == b'\n' || *b == b'\r') {
        start += 1;
    }
    let lines = physical_lines(&top[..start]);
    let as_text = |field: &[u8]| String::from_utf8_lossy(field).into_owned();
    let separator = char::from(delimiter).to_string();
    Some(Preamble {
        lines: i64::try_from(lines).ok()?,
        text: above
            .iter()
            .map(|r| r.iter().map(as_text).collect::<Vec<_>>().join(&separator))
            .collect(),
        header: header.iter().map(as_text).collect(),
    })
}

/// The lines of `text` that end in it: `\n`, `\r\n`, or a lone `\r`.
fn physical_lines(text: &[u8]) -> usize {
    let mut lines = 0;
    for (i, b) in text.iter().enumerate() {
        match b {
            b'\n' => lines += 1,
            b'\r' if text.get(i + 1) != Some(&b'\n') => lines += 1,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preamble(text: &str) -> Option<Preamble> {
        find_with(text.as_bytes(), b',', b'"')
    }

    #[test]
    fn a_title_or_comments_above_the_header_are_found() {
        let found = preamble("Incident export\na,b,c\n1,2,3\n").unwrap();
        assert_eq!(found.lines, 1);
        assert_eq!(found.text, ["Incident export"]);
        assert_eq!(found.header, ["a", "b", "c"]);
        // Comments and blank lines, one between the last comment and the header: the skip
        // counts physical lines.
        let found = preamble("# tool X\n\n# generated, today\n\na,b,c\n1,2,3\n4,5,6\n").unwrap();
        assert_eq!(found.lines, 4);
        assert_eq!(found.text, ["# tool X", "# generated, today"]);
        // Windows line ends, and a lone carriage return.
        let found = preamble("Title\r\n\r\na,b\r\n1,2\r\n").unwrap();
        assert_eq!(found.lines, 2);
        assert_eq!(found.header, ["a", "b"]);
        assert_eq!(preamble("Title\ra,b\r1,2\r").unwrap().lines, 1);
        // More comments than rows: the width counts records of two fields or more.
        let found = preamble("# a\n# b\n# c\na,b,c\n1,2,3\n").unwrap();
        assert_eq!(found.lines, 3);
        // Another delimiter, tried when the sniffed one finds nothing.
        let found = find_with(b"Title\na;b\n1;2\n", b';', b'"').unwrap();
        assert_eq!(found.header, ["a", "b"]);
    }

    #[test]
    fn a_file_whose_first_record_is_as_wide_as_the_rows_has_none() {
        assert_eq!(preamble("a,b,c\n1,2,3\n4,5,6\n"), None);
        // Rows wider than their header (a trailing delimiter): the first row is the candidate,
        // which is why the caller checks that the record found is a header.
        let found = preamble("a,b\n1,2,\n3,4,\n").unwrap();
        assert_eq!(found.header, ["1", "2", ""]);
        // A short ragged row in the data is no preamble.
        assert_eq!(preamble("a,b,c\n1,2\n4,5,6\n7,8,9\n"), None);
        // A title and a header alone: nothing says which is the header.
        assert_eq!(preamble("Title\na,b,c\n"), None);
        // One column: no width tells a title from a header.
        assert_eq!(preamble("Title\na\n1\n2\n"), None);
        assert_eq!(preamble(""), None);
        // A quoted title over two lines: the reader's skip would count it as one.
        assert_eq!(preamble("\"Report\nof October\"\na,b\n1,2\n"), None);
        // More lines above than a preamble has.
        let long = format!("{}a,b\n1,2\n3,4\n", "x\n".repeat(11));
        assert_eq!(preamble(&long), None);
    }
}
