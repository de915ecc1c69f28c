//! Text from the data (file names, tenant names) as cells of the aligned tables printed on a
//! terminal: control characters escaped, so that a name cannot drive the terminal or break a
//! row across lines, and at most [`MAX_CELL`] characters, so that one huge name (or a file
//! carrying thousands of tenants) neither stretches every row nor overflows the formatter's
//! width limit.

/// The most characters a cell shows; longer text is cut, with `…` marking the cut.
pub const MAX_CELL: usize = 80;

/// `text` as a cell that keeps its start (a list, a name): `…` ends a cut cell.
pub fn cell(text: &str) -> String {
    cut(&crate::tenants::printable(text), MAX_CELL)
}

/// `text` as a cell that keeps its end (a path, whose file name is at the end): `…` starts a
/// cut cell.
pub fn cell_end(text: &str) -> String {
    let printable = crate::tenants::printable(text);
    let n = printable.chars().count();
    if n <= MAX_CELL {
        return printable;
    }
    let mut out = String::from("…");
    out.extend(printable.chars().skip(n - (MAX_CELL - 1)));
    out
}

/// `text` at most `max` characters long, keeping its start: a cut text ends in `…` (terminal
/// cells, table columns, chart labels).
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Characters that reorder the text around them (bidirectional overrides and isolates) or print
/// as nothing (zero-width spaces and joiners, the byte-order mark, the soft hyphen): shown from
/// data on a terminal (a tenant's or an owner's name), they would reorder the rest of the line,
/// or make two different names (`acme`, `ac\u{200b}me`) look the same.
pub fn is_reordering_or_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            // The Mongolian vowel separator (invisible since Unicode 6.3) and the tag
            // characters, which print as nothing and can carry hidden text.
            | '\u{180e}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// The width of a column holding `cells`: the longest, at least `min` and at most [`MAX_CELL`]
/// (a longer cell, such as a tenant name printed whole so that it can be copied, overflows its
/// column rather than widening every row).
pub fn width<'a>(cells: impl IntoIterator<Item = &'a String>, min: usize) -> usize {
    cells
        .into_iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(min)
        .clamp(min, MAX_CELL.max(min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_and_controls_are_escaped() {
        assert_eq!(cell("acme"), "acme");
        assert_eq!(cell("a\nb\u{1b}[2J"), "a\\nb\\u{1b}[2J");
        assert_eq!(cell_end("dir/a\tb.csv"), "dir/a\\tb.csv");
        // A right-to-left override would reorder the rest of the row.
        assert_eq!(cell("ab\u{202e}cd"), "ab\\u{202e}cd");
        // Tag characters and the Mongolian vowel separator print as nothing.
        assert_eq!(cell("a\u{e0041}b\u{180e}c"), "a\\u{e0041}b\\u{180e}c");
    }

    #[test]
    fn long_text_is_cut_to_the_cell_keeping_its_start_or_its_end() {
        let long = format!("{}{}", "a".repeat(100), "z".repeat(100));
        let start = cell(&long);
        assert_eq!(start.chars().count(), MAX_CELL);
        assert!(start.starts_with("aaa") && start.ends_with('…'));
        let end = cell_end(&long);
        assert_eq!(end.chars().count(), MAX_CELL);
        assert!(end.starts_with('…') && end.ends_with("zzz"));
        assert_eq!(width([&start, &end], 4), MAX_CELL);
        assert_eq!(
            width([&long], 4),
            MAX_CELL,
            "a longer cell does not widen its column"
        );
    }
}
