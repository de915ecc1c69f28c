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

/// Characters of data that would mislead a reader of a page: the bidirectional overrides,
/// which force the direction of the text after them within its cell (`evil\u{202e}gnp.exe`
/// reads "evilexe.png"), and the zero-width space and byte-order mark, which print as nothing
/// and make two names look alike. What text needs stays: embeddings and isolates (how tools
/// wrap Arabic or Hebrew text; the published pages isolate right-to-left names themselves), the
/// joiners and marks of scripts (ZWJ, ZWNJ, LRM, RLM, the word joiner), the soft hyphen.
fn is_misleading(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{202d}' | '\u{202e}' | '\u{feff}')
}

fn is_unsafe_in_html(c: char) -> bool {
    is_unsafe_control(c) || is_misleading(c)
}

/// An HTML document without control characters (NUL, ESC, …) or the misleading ones of
/// [`is_misleading`]: each becomes U+FFFD, the replacement character, which browsers show as
/// such. Tab, line feed and carriage return stay. The pages' own text holds none of them.
pub fn without_controls(html: &str) -> String {
    if !html.chars().any(is_unsafe_in_html) {
        return html.to_string();
    }
    html.chars()
        .map(|c| if is_unsafe_in_html(c) { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_lose_reordering_and_invisible_characters_but_keep_script_joiners() {
        assert_eq!(
            without_controls("<td>evil\u{202e}gnp.exe</td>"),
            "<td>evil\u{fffd}gnp.exe</td>"
        );
        assert_eq!(
            without_controls("a\u{200b}b\u{202d}c\u{feff}d\u{1b}e"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e"
        );
        // Persian's zero-width non-joiner, an emoji's joiner, a right-to-left mark, an isolate,
        // an embedding of Arabic text, a soft hyphen and a word joiner stay.
        let kept = "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645} \u{1f469}\u{200d}\u{1f4bb} \u{200f}x \u{2068}y\u{2069} \u{202b}\u{647}\u{62c}\u{648}\u{645}\u{202c} Sicherheits\u{ad}vorfall a\u{2060}b";
        assert_eq!(without_controls(kept), kept);
    }

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
