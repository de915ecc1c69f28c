//! The header of a tabular vendor export (CSV, Parquet) against what its source reads. A source
//! is recognised whatever the case of the header (`STATUS`, `status` for `Status`), but its script
//! reads each column by one spelling: columns spelt otherwise are renamed to it before the script
//! runs, so that a recognised column is always read. A column the source reads that the header
//! names twice is refused, as for canonical files: which copy holds the value cannot be told.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::sources::detect::normalise_key;

/// Every text literal of a source's script: the spellings its columns are read by (and other
/// constants, which no header matches by accident: only a column whose case-folded name equals
/// one of them is renamed). Comments are skipped: an apostrophe in one starts no literal.
fn literals(script: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = script;
    while let Some(at) = rest.find(['\'', '-', '/']) {
        let tail = &rest[at..];
        if tail.starts_with("--") {
            rest = tail.find('\n').map_or("", |end| &tail[end..]);
        } else if tail.starts_with("/*") {
            rest = tail.find("*/").map_or("", |end| &tail[end + 2..]);
        } else if let Some(opened) = tail.strip_prefix('\'') {
            let (text, after) = literal_at(opened);
            found.push(text);
            rest = after;
        } else {
            rest = &tail[1..];
        }
    }
    found
}

/// The literal starting at `text` (just after its opening quote), `''` read as one quote; and
/// what follows its closing quote.
fn literal_at(mut text: &str) -> (String, &str) {
    let mut literal = String::new();
    loop {
        match text.find('\'') {
            Some(end) if text[end + 1..].starts_with('\'') => {
                literal.push_str(&text[..=end]);
                text = &text[end + 2..];
            }
            Some(end) => {
                literal.push_str(&text[..end]);
                return (literal, &text[end + 1..]);
            }
            None => {
                literal.push_str(text);
                return (literal, "");
            }
        }
    }
}

/// A header name split into the name a source reads and a Sentinel-style unit suffix
/// (`CreatedTime [UTC]` → `CreatedTime`, ` [UTC]`).
fn split_unit(column: &str) -> (&str, &str) {
    match column.rfind(" [") {
        Some(at) if column.ends_with(']') => (&column[..at], &column[at..]),
        _ => (column, ""),
    }
}

/// The header's columns to rename, each with the spelling the script reads it by (its unit
/// suffix kept): those whose name the script spells only in another case, or with spaces or a
/// byte-order mark around it.
pub fn renames(header: &[String], script: &str) -> Vec<(String, String)> {
    renames_to(header, literals(script), Onto::NewNamesOnly)
}

/// The keys of JSON records (at any depth) to rename, each with the spelling `scripts` read it
/// by: their literals, and each name of the dotted paths among them (`evidence.userAccount`),
/// the first script's spellings first. Keys come from every record, and records of one file may
/// spell a key differently (appended exports of two tools): a key is renamed even onto a
/// spelling other records use. An object holding both spellings is then told by
/// load/records_keys_repeated.sql, never read with one of them lost.
pub fn key_renames(keys: &[String], scripts: &[&str]) -> Vec<(String, String)> {
    let mut spellings = Vec::new();
    for script in scripts {
        for literal in literals(script) {
            let names = literal
                .split(['.', '[', ']', '*', '$'])
                .filter(|name| !name.is_empty() && *name != literal)
                .map(str::to_string)
                .collect::<Vec<_>>();
            spellings.push(literal);
            spellings.extend(names);
        }
    }
    renames_to(keys, spellings, Onto::AnyName)
}

/// Which names a column or key may be renamed to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Onto {
    /// Only a name the header does not have, nor another column was renamed to: one header is
    /// every record's keys, which must stay distinct.
    NewNamesOnly,
    /// Any spelling the script reads: JSON keys gathered from many records.
    AnyName,
}

/// `header`'s names to rename to one of `spellings` (see [`renames`]).
fn renames_to(header: &[String], spellings: Vec<String>, onto: Onto) -> Vec<(String, String)> {
    let exact: std::collections::BTreeSet<&str> = spellings.iter().map(String::as_str).collect();
    let mut by_key: BTreeMap<String, &str> = BTreeMap::new();
    for spelling in &spellings {
        by_key.entry(normalise_key(spelling)).or_insert(spelling);
    }
    let fold = |name: &str| name.trim().trim_start_matches('\u{feff}').to_lowercase();
    let mut taken: std::collections::BTreeSet<String> = header.iter().cloned().collect();
    let mut out = Vec::new();
    for column in header {
        let (name, unit) = split_unit(column);
        if exact.contains(column.as_str()) || exact.contains(name) {
            continue;
        }
        let Some(read_as) = by_key.get(&normalise_key(column)) else {
            continue;
        };
        // A mapping may name a column with its unit (`Created [UTC]`): then only that column,
        // in any case, is it. A source names it without, and the header's unit is kept.
        let renamed = if split_unit(read_as).1.is_empty() {
            format!("{read_as}{unit}")
        } else if fold(column) == fold(read_as) {
            (*read_as).to_string()
        } else {
            continue;
        };
        // For a header, never onto a name it already has (or another column was renamed to):
        // each record's keys stay distinct.
        if renamed != *column && (onto == Onto::AnyName || taken.insert(renamed.clone())) {
            out.push((column.clone(), renamed));
        }
    }
    out
}

/// Refuses a header that names a column the script reads more than once, in any case (`Status`,
/// `STATUS`): the reader keeps one under the name and renames the other (`Status_1`), so only
/// one would be read and the other ignored without a word. `written` is the header as the file
/// writes it (load/csv_header_names.sql), where a repeat is still a repeat; a column of its own
/// such as `Status_1` is not one. Whole names count: `CreatedTime [UTC]` and
/// `CreatedTime [Local Time]` are two columns.
pub fn refuse_repeated(path: &Path, written: &[String], script: &str) -> Result<()> {
    let read: std::collections::BTreeSet<String> =
        literals(script).iter().map(|s| normalise_key(s)).collect();
    let fold = |name: &str| name.trim().trim_start_matches('\u{feff}').to_lowercase();
    for (at, name) in written.iter().enumerate() {
        if !read.contains(&normalise_key(name)) {
            continue;
        }
        if let Some(first) = written[..at].iter().find(|f| fold(f) == fold(name)) {
            return Err(Error::ReadFile {
                path: path.to_path_buf(),
                message: format!(
                    "the header names the column `{}` more than once (`{}` and `{}`), so which \
                     one holds the value cannot be told: keep one of them",
                    crate::csv_safe::escape_controls(first),
                    crate::csv_safe::escape_controls(first),
                    crate::csv_safe::escape_controls(name)
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "-- Microsoft's own\nSELECT src_col(j, 'Status'), /* it's */ \
                          src_col_time(j, 'CreatedTime'), src_col(j, 'Owner''s') - 1 \
                          FROM sg_records WHERE x = 'new'";

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn literals_are_read_with_doubled_quotes() {
        assert_eq!(
            literals(SCRIPT),
            ["Status", "CreatedTime", "Owner's", "new"]
        );
    }

    #[test]
    fn columns_spelt_in_another_case_are_renamed_units_kept() {
        let got = renames(
            &header(&["STATUS", "createdtime [UTC]", "Owner's", "Other", "NEW"]),
            SCRIPT,
        );
        assert_eq!(
            got,
            [
                ("STATUS".to_string(), "Status".to_string()),
                (
                    "createdtime [UTC]".to_string(),
                    "CreatedTime [UTC]".to_string()
                ),
                ("NEW".to_string(), "new".to_string()),
            ]
        );
    }

    #[test]
    fn a_header_spelt_as_read_needs_no_rename() {
        assert!(renames(&header(&["Status", "CreatedTime [UTC]"]), SCRIPT).is_empty());
        // A mapping naming the column with its unit.
        let mapped = "SELECT src_col(j, 'Created [UTC]')";
        assert!(renames(&header(&["Created [UTC]"]), mapped).is_empty());
        assert_eq!(
            renames(&header(&["CREATED [UTC]"]), mapped),
            [("CREATED [UTC]".to_string(), "Created [UTC]".to_string())]
        );
        // Another unit is another column: never renamed onto the one the mapping names.
        assert!(renames(&header(&["Created [UTC]", "CREATED [Local]"]), mapped).is_empty());
    }

    #[test]
    fn json_keys_are_renamed_to_names_of_the_paths_a_script_reads() {
        let script =
            "SELECT src_get(j, 'displayName'), src_get(j, 'evidence.userAccount.accountName')";
        let helper = "SELECT src_get(a, 'detectorId'), 'Status'";
        let keys: Vec<String> = [
            "DisplayName",
            "Evidence",
            "UserAccount",
            "AccountName",
            "DetectorId",
            "Status",
            "Other",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            key_renames(&keys, &[script, helper]),
            [
                ("DisplayName", "displayName"),
                ("Evidence", "evidence"),
                ("UserAccount", "userAccount"),
                ("AccountName", "accountName"),
                ("DetectorId", "detectorId"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .to_vec()
        );
    }

    #[test]
    fn no_two_columns_are_renamed_onto_one_name() {
        let got = renames(&header(&["STATUS", "status", "Status"]), SCRIPT);
        assert!(got.is_empty(), "{got:?}");
        let got = renames(&header(&["STATUS", "status"]), SCRIPT);
        assert_eq!(got, [("STATUS".to_string(), "Status".to_string())]);
    }

    #[test]
    fn a_read_column_named_twice_is_refused_others_pass() {
        let path = Path::new("x.csv");
        let err = refuse_repeated(path, &header(&["Status", "STATUS"]), SCRIPT).unwrap_err();
        assert!(err.to_string().contains("more than once"), "{err}");
        assert!(err.to_string().contains("`STATUS`"), "{err}");
        // Not read by the script: kept as the reader numbered it.
        refuse_repeated(path, &header(&["Notes", "NOTES"]), SCRIPT).unwrap();
        // Columns of their own whose names end in digits.
        refuse_repeated(path, &header(&["Status", "Status_1", "Status_2"]), SCRIPT).unwrap();
        // The same time in two zones: two columns; the same one twice: a repeat.
        refuse_repeated(
            path,
            &header(&["CreatedTime [UTC]", "CreatedTime [Local Time]"]),
            SCRIPT,
        )
        .unwrap();
        let err = refuse_repeated(
            path,
            &header(&["CreatedTime [UTC]", "createdtime [utc]"]),
            SCRIPT,
        );
        assert!(err.is_err());
    }
}
