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
    /// Whether every record above is one field holding none of the usual delimiters (a plain
    /// title or comment) and the header's names are all written and different: then the header
    /// needs no recognising (a tool socgauge has no source for, read through a mapping).
    pub plainly: bool,
}

/// The top of a CSV file (decompressed), as much as [`find`] looks at: read once per file.
pub fn top_of(path: &Path) -> Vec<u8> {
    let mut top = Vec::new();
    if let Ok(text) = super::encoding::open_text(path) {
        // A file that cannot be read has no preamble; the reader says why it cannot be read.
        let _ = text.take(LOOKED_AT_BYTES).read_to_end(&mut top);
    }
    top
}

/// The preamble of a CSV file (`top`: see [`top_of`]) whose quote is `quote`, read with
/// `delimiter`, else with the other usual delimiters (see [`read_top`]); each candidate header
/// is offered to `is_header`, which decides.
pub fn find(
    top: &[u8],
    delimiter: u8,
    quote: u8,
    is_header: impl Fn(&Preamble) -> bool,
) -> Option<Preamble> {
    for delimiter in
        std::iter::once(delimiter).chain(DELIMITERS.into_iter().filter(|d| *d != delimiter))
    {
        match read_top(top, delimiter, quote) {
            // The file reads as rows of one width from its first line: no preamble, and no
            // other delimiter is tried (a `;` inside the fields of a comma file would make
            // rows of other widths look like a header below narrower lines).
            Top::FromTheFirstLine => return None,
            Top::Preamble(found) if is_header(&found) => return Some(found),
            Top::Preamble(_) | Top::Unclear => {}
        }
    }
    None
}

/// UTF-8's byte order mark.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// How the top of a file reads with one delimiter.
#[derive(Debug, PartialEq, Eq)]
enum Top {
    /// Rows of one width (a few ragged ones aside) from the first line.
    FromTheFirstLine,
    /// Narrower lines above rows of one width.
    Preamble(Preamble),
    /// Neither.
    Unclear,
}

/// The preamble of the text `top` read with `delimiter` and `quote` (see [`read_top`]).
#[cfg(test)]
fn find_with(top: &[u8], delimiter: u8, quote: u8) -> Option<Preamble> {
    match read_top(top, delimiter, quote) {
        Top::Preamble(found) => Some(found),
        Top::FromTheFirstLine | Top::Unclear => None,
    }
}

/// The top of the text `top` read with `delimiter` and `quote`: a preamble is the records above
/// the first one as wide as most of the records of two fields or more, when those above are all
/// narrower (a title or a comment is one field, or a few), each on a line of its own, at most
/// [`MOST`], and that record and the ones below are of that width (but for a few ragged rows),
/// at least two of them (the header and a row).
fn read_top(top: &[u8], delimiter: u8, quote: u8) -> Top {
    read_top_or_none(top, delimiter, quote).unwrap_or(Top::Unclear)
}

fn read_top_or_none(top: &[u8], delimiter: u8, quote: u8) -> Option<Top> {
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
    // Rows of empty fields (`,,,` a spreadsheet writes above or below its data) are no rows: they
    // count for no width, and above the header they are blank lines.
    let blank = super::line_count::is_blank;
    let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
    for record in records.iter().filter(|r| r.len() >= 2 && !blank(r)) {
        *widths.entry(record.len()).or_default() += 1;
    }
    // The most frequent width; of two as frequent, the wider.
    let (&width, &seen) = widths.iter().max_by_key(|(w, n)| (**n, **w))?;
    if seen < 2 {
        return None;
    }
    let first = records.iter().position(|r| r.len() == width && !blank(r))?;
    // The header and the rows below it are of that width, but for a few ragged rows (one in
    // ten, or one in a small file: a file of a header and four rows, one of them malformed,
    // still has its title found): read with a delimiter the file does not use (`;` in a comma
    // file whose lists are `a;b`), the widths below vary with the data.
    let below: Vec<&csv::ByteRecord> = records[first..].iter().filter(|r| !blank(r)).collect();
    let as_wide = below.iter().filter(|r| r.len() == width).count();
    let ragged = below.len() - as_wide;
    let of_one_width = ragged <= 1 || as_wide * 10 >= below.len() * 9;
    let header = &records[first];
    // The header's line: the record's position can point at blank lines before it, and at
    // the byte order mark the reader passed over.
    let mut start = usize::try_from(header.position()?.byte()).ok()?;
    if start == 0 && top.starts_with(BYTE_ORDER_MARK) {
        start = BYTE_ORDER_MARK.len();
    }
    while top.get(start).is_some_and(|b| *b == b'\n' || *b == b'\r') {
        start += 1;
    }
    let lines = physical_lines(&top[..start]);
    // Blank lines after a byte order mark are no rows either, but DuckDB's sniffer reads the
    // mark as a line of one column and names no header: they are a preamble of no text.
    let blank_after_mark = top.starts_with(BYTE_ORDER_MARK) && lines > 0;
    if first == 0 && !blank_after_mark {
        return of_one_width.then_some(Top::FromTheFirstLine);
    }
    // Below narrower lines, most records of the width will do (a title above a header and a
    // few rows, two of them malformed): the caller takes the record found only if it is a
    // header it recognises, or one of written, different names below plain titles.
    if !of_one_width && as_wide * 2 <= below.len() {
        return None;
    }
    let above = &records[..first];
    // A record over several lines (a quoted line break) is no title: the reader's `skip`
    // would count it otherwise than its lines.
    let one_line =
        |r: &csv::ByteRecord| r.iter().all(|f| !f.contains(&b'\n') && !f.contains(&b'\r'));
    if first > MOST
        || above
            .iter()
            .any(|r| (r.len() > width && !blank(r)) || !one_line(r))
    {
        return None;
    }
    let as_text = |field: &[u8]| String::from_utf8_lossy(field).into_owned();
    let separator = char::from(delimiter).to_string();
    let names: std::collections::BTreeSet<&[u8]> = header.iter().map(<[u8]>::trim_ascii).collect();
    // A plain title: one field holding none of the usual delimiters (a header of a file
    // delimited by `;`, read here with `,`, is one field too, and holds `;`).
    let plain_title =
        |r: &csv::ByteRecord| r.len() == 1 && r.iter().flatten().all(|b| !DELIMITERS.contains(b));
    let plainly = above.iter().all(|r| blank(r) || plain_title(r))
        && names.len() == header.len()
        && !names.contains(&b""[..]);
    Some(Top::Preamble(Preamble {
        plainly,
        lines: i64::try_from(lines).ok()?,
        text: above
            .iter()
            .filter(|r| !blank(r))
            .map(|r| r.iter().map(as_text).collect::<Vec<_>>().join(&separator))
            .collect(),
        header: header.iter().map(as_text).collect(),
    }))
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
    fn a_small_file_with_one_malformed_row_still_has_its_title_found() {
        let found = preamble("# c\nid,created,sev\n1,2,3\n4,5,6,7\n8,9,10\n").unwrap();
        assert_eq!(found.lines, 1);
        assert_eq!(found.header, ["id", "created", "sev"]);
        let found = preamble("My Report\nid,created,sev\n1,2,3\n4,5\n8,9,10\n").unwrap();
        assert_eq!(found.lines, 1);
        // Two malformed rows among four: most records below the title are still of the
        // header's width.
        let found = preamble("# My Report\nid,created,sev\n1,2,3\n4,5\n8,9\n10,11,12\n").unwrap();
        assert_eq!(found.lines, 1);
        assert_eq!(found.header, ["id", "created", "sev"]);
        // Half of them: no width holds the file together.
        assert_eq!(
            preamble("My Report\nid,created,sev\n1,2,3\n4,5,6,7\n8,9\n"),
            None
        );
    }

    #[test]
    fn a_title_or_comments_above_the_header_are_found() {
        let found = preamble("Incident export\na,b,c\n1,2,3\n").unwrap();
        assert!(found.plainly);
        assert_eq!(found.lines, 1);
        assert_eq!(found.text, ["Incident export"]);
        assert_eq!(found.header, ["a", "b", "c"]);
        // Comments and blank lines, one between the last comment and the header: the skip
        // counts physical lines.
        let found = preamble("# tool X\n\n# generated, today\n\na,b,c\n1,2,3\n4,5,6\n").unwrap();
        assert_eq!(found.lines, 4);
        assert_eq!(found.text, ["# tool X", "# generated, today"]);
        assert!(!found.plainly, "a comment of two fields");
        assert!(
            !preamble("Title\na,a\n1,2\n3,4\n").unwrap().plainly,
            "a repeated name"
        );
        assert!(
            !preamble("Title\na,\n1,2\n3,4\n").unwrap().plainly,
            "an empty name"
        );
        // Windows line ends, and a lone carriage return.
        let found = preamble("Title\r\n\r\na,b\r\n1,2\r\n").unwrap();
        assert_eq!(found.lines, 2);
        assert_eq!(found.header, ["a", "b"]);
        assert_eq!(preamble("Title\ra,b\r1,2\r").unwrap().lines, 1);
        // More comments than rows: the width counts records of two fields or more.
        let found = preamble("# a\n# b\n# c\na,b,c\n1,2,3\n").unwrap();
        assert_eq!(found.lines, 3);
        // Blank lines below a byte order mark, and nothing else above the header.
        let found = preamble("\u{feff}\n\r\na,b,c\n1,2,3\n4,5,6\n").unwrap();
        assert_eq!(found.lines, 2);
        assert!(found.text.is_empty());
        assert_eq!(found.header, ["a", "b", "c"]);
        assert_eq!(preamble("\u{feff}a,b,c\n1,2,3\n4,5,6\n"), None);
        // Rows of empty fields above the header, as a spreadsheet writes them: blank lines.
        let found = preamble(",,\n,,\na,b,c\n1,2,3\n4,5,6\n,,\n,,\n,,\n").unwrap();
        assert_eq!(found.lines, 2);
        assert!(found.text.is_empty());
        assert!(found.plainly);
        assert_eq!(found.header, ["a", "b", "c"]);
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
        // Read with a delimiter the file does not use, lists written `a;b` make rows of two
        // fields among rows of one: no header below narrower lines.
        assert_eq!(
            find_with(
                b"a,b,c\n1,2,x\n3,4,y;z\n5,6,w\n7,8,v;u\n9,0,t\n",
                b';',
                b'"'
            ),
            None
        );
        // A `;` file whose every row holds a decimal comma, read with `,`: its header is one
        // field holding `;`, no plain title.
        let decimals = b"id;score;note\n1;3,5;a\n2;4,5;b\n3;1,0;c\n";
        assert!(!find_with(decimals, b',', b'"').is_some_and(|f| f.plainly));
        // A comma file whose every row holds an `a;b` list: read from its first line with
        // `,`, so `;` (under which the header would be one field above rows of two) is not tried.
        let lists = b"h1,h2\n1,a;b\n2,c;d\n3,e;f\n";
        assert_eq!(read_top(lists, b',', b'"'), Top::FromTheFirstLine);
        assert_eq!(find(lists, b',', b'"', |_| true), None);
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
