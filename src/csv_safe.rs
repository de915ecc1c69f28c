//! Text that leaves socgauge for other programs, made safe for them.
//!
//! CSV cells are neutralised as OWASP recommends for "CSV injection": a spreadsheet runs a cell
//! that starts with `=`, `+`, `-` or `@` (or tab or carriage return before one) as a formula, so
//! `=HYPERLINK("http://evil","x")` in a tenant or title would run when the file is opened. Such a
//! cell is prefixed with `'`, which spreadsheets show as text. Numbers (`-5`, `+1.5`) are left as
//! they are. Control characters other than tab, line feed and carriage return are written as
//! `\u{..}` escapes, in CSV and in the HTML report alike (NUL or ESC have no place in either).

use std::borrow::Cow;

use crate::error::{Error, Result};

/// Rewrites a CSV document cell by cell: escaped control characters always, neutralised formulas
/// unless `raw`. A document with neither comes back byte for byte.
pub fn neutralise(csv_bytes: &[u8], raw: bool) -> Result<Vec<u8>> {
    let error = |e: csv::Error| Error::Output {
        what: "CSV",
        message: e.to_string(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_bytes);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record.map_err(error)?;
        let cells: Vec<Cow<str>> = record.iter().map(|c| cell(c, raw)).collect();
        writer
            .write_record(cells.iter().map(|c| c.as_ref()))
            .map_err(error)?;
    }
    writer.into_inner().map_err(|e| Error::Output {
        what: "CSV",
        message: e.to_string(),
    })
}

/// One CSV cell made safe (see the module documentation).
pub fn cell(text: &str, raw: bool) -> Cow<'_, str> {
    let text = escape_controls(text);
    if raw || !is_formula(&text) {
        return text;
    }
    Cow::Owned(format!("'{text}"))
}

/// Whether a spreadsheet would read the cell as a formula.
fn is_formula(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    // A plain number (a negative duration, a signed ratio) is data, not a formula.
    !text.trim().parse::<f64>().is_ok_and(f64::is_finite)
}

/// Control characters other than tab, line feed and carriage return, written as `\u{..}`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// An HTML document without control characters (NUL, ESC, …): each becomes U+FFFD, the
/// replacement character, which browsers show as such. Tab, line feed and carriage return stay.
pub fn without_controls(html: &str) -> String {
    if !html.chars().any(is_unsafe_control) {
        return html.to_string();
    }
    html.chars()
        .map(|c| if is_unsafe_control(c) { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(
            cell("=HYPERLINK(\"http://evil\",\"x\")", false),
            "'=HYPERLINK(\"http://evil\",\"x\")"
        );
        assert_eq!(cell("+cmd", false), "'+cmd");
        assert_eq!(cell("-2+3", false), "'-2+3");
        assert_eq!(cell("@SUM(A1)", false), "'@SUM(A1)");
        assert_eq!(cell("\t=1", false), "'\t=1");
        assert_eq!(cell("\r=1", false), "'\r=1");
        assert_eq!(cell("-5", false), "-5");
        assert_eq!(cell("-0.25", false), "-0.25");
        assert_eq!(cell("acme", false), "acme");
        assert_eq!(cell("", false), "");
        assert_eq!(cell("=1+1", true), "=1+1");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(cell("a\u{1b}[31mb\0", false), "a\\u{1b}[31mb\\u{0}");
        assert_eq!(cell("a\u{1b}", true), "a\\u{1b}");
        assert_eq!(cell("two\nlines", false), "two\nlines");
        assert_eq!(
            without_controls("<p>a\0b\u{1b}</p>\n"),
            "<p>a\u{FFFD}b\u{FFFD}</p>\n"
        );
    }

    #[test]
    fn clean_csv_is_unchanged_byte_for_byte() {
        let clean = b"period_from,tenant,metric,value\n2026-10-01T00:00:00Z,,mttd,\"{\"\"p50\"\": -1}\"\n2026-10-01T00:00:00Z,\"a, b\",x,-5\n";
        assert_eq!(neutralise(clean, false).unwrap(), clean.to_vec());
        let hostile = b"t,v\n=cmd,\"\x1b\"\n";
        assert_eq!(
            String::from_utf8(neutralise(hostile, false).unwrap()).unwrap(),
            "t,v\n'=cmd,\\u{1b}\n"
        );
    }
}
