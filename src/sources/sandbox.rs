//! The rule for a mapping file's `expr`: it may only compute with the record's own columns.
//!
//! A mapping file comes from a client or a colleague; it must not be code. An expression is
//! checked token by token before it becomes SQL: `{Column}` placeholders, text and number
//! literals, operators, `CASE … END`, casts to plain types, and calls of a fixed list of pure
//! scalar functions (text, numbers, times, regular expressions, JSON text). Everything else is
//! refused: table functions and file or network access (`read_text`, `read_csv`, `glob`, …),
//! subqueries (`SELECT`, `FROM`), settings and variables, bare or quoted names (which would read
//! socgauge's own columns), parameters, comments and `;`.

/// Scalar functions an expression may call: pure, reading nothing but their arguments.
const FUNCTIONS: &[&str] = &[
    "abs",
    "array_extract",
    "cast",
    "ceil",
    "ceiling",
    "coalesce",
    "concat",
    "concat_ws",
    "contains",
    "date_part",
    "datepart",
    "date_trunc",
    "datetrunc",
    "ends_with",
    "epoch",
    "epoch_ms",
    "epoch_us",
    "floor",
    "format",
    "greatest",
    "hash",
    "if",
    "ifnull",
    "instr",
    "json_extract",
    "json_extract_string",
    "json_value",
    "lcase",
    "least",
    "left",
    "len",
    "length",
    "list_extract",
    "lower",
    "lpad",
    "ltrim",
    "make_timestamp",
    "md5",
    "nullif",
    "position",
    "prefix",
    "printf",
    "regexp_extract",
    "regexp_full_match",
    "regexp_matches",
    "regexp_replace",
    "replace",
    "reverse",
    "right",
    "round",
    "rpad",
    "rtrim",
    "split_part",
    "starts_with",
    "strftime",
    "string_split",
    "strip_accents",
    "strlen",
    "strpos",
    "strptime",
    "substr",
    "substring",
    "suffix",
    "to_timestamp",
    "translate",
    "trim",
    "try_cast",
    "try_strptime",
    "ucase",
    "upper",
];

/// Keywords of expressions (no keyword that starts a query or a subquery).
const KEYWORDS: &[&str] = &[
    "and", "as", "between", "case", "else", "end", "false", "glob", "ilike", "in", "is", "like",
    "not", "null", "or", "similar", "then", "to", "true", "when",
];

/// Keywords a parenthesis may follow without being a call: `IN ('P1', 'P2')`,
/// `AND ({B} = 'y' OR …)`, `NOT ({A} IS NULL)`, `WHEN ({A} > 1)`. Not `GLOB`, `LIKE` and the
/// like, which are also names of functions (`glob('/*')` lists files).
const OPEN_A_GROUP: &[&str] = &[
    "and", "between", "case", "else", "in", "not", "or", "then", "when",
];

/// Types a value may be cast to (after `AS` in a cast, or `::`).
const TYPES: &[&str] = &[
    "bigint",
    "bool",
    "boolean",
    "date",
    "decimal",
    "double",
    "float",
    "int",
    "integer",
    "json",
    "numeric",
    "real",
    "smallint",
    "string",
    "text",
    "time",
    "timestamp",
    "timestamptz",
    "varchar",
];

/// An expression that passed [`check`], cut into its text and its `{Column}` placeholders as the
/// check read them: a `{…}` inside a text literal is text, never a placeholder, so that what is
/// substituted is exactly what was checked.
#[derive(Debug, PartialEq)]
pub struct Checked {
    parts: Vec<Part>,
}

#[derive(Debug, PartialEq)]
enum Part {
    Text(String),
    Column(String),
}

impl Checked {
    /// The columns the expression reads, in order.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Column(c) => Some(c.as_str()),
            Part::Text(_) => None,
        })
    }

    /// The expression as SQL, each placeholder replaced by `column(name)`.
    pub fn to_sql(&self, column: impl Fn(&str) -> String) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Column(c) => column(c),
            })
            .collect()
    }
}

/// Checks an expression; the error says what is not allowed and what is.
pub fn check(expr: &str) -> Result<Checked, String> {
    let refuse = |what: String| {
        Err(format!(
            "{what} is not allowed in `expr`: an expression may only use the record's columns \
             ({{Column name}}), literals, operators, CASE and plain functions such as concat, \
             lower, replace, regexp_extract, strptime (no table functions, files, subqueries or \
             settings)"
        ))
    };
    let chars: Vec<char> = expr.chars().collect();
    let mut parts = Vec::new();
    // Where the text not yet in `parts` starts.
    let mut text_from = 0;
    let mut i = 0;
    // The previous significant token, to tell a cast's type from a name.
    let mut after_cast = false;
    let mut tokens = 0;
    // The brackets open, innermost last: an expression is one value, whose brackets close in it
    // (`upper({Title}` would otherwise fail inside the SQL around it, with the engine's words
    // about text the user never wrote).
    let mut open: Vec<char> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        tokens += 1;
        let mut cast_next = false;
        match c {
            '{' => {
                let Some(close) = chars[i..].iter().position(|&x| x == '}') else {
                    return refuse("an unclosed `{`".into());
                };
                if chars[i + 1..i + close].contains(&'{') {
                    return refuse("a `{` inside a placeholder".into());
                }
                parts.push(Part::Text(chars[text_from..i].iter().collect()));
                parts.push(Part::Column(chars[i + 1..i + close].iter().collect()));
                i += close + 1;
                text_from = i;
            }
            '\'' => {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return refuse("an unclosed text literal".into()),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => i += 2,
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            '0'..='9' | '.' => {
                // A number: digits, a fraction, an exponent. A `.` that starts no fraction would
                // be DuckDB's method-call syntax (`'x'.getvariable()`), calling a function this
                // check never saw, so it is refused; so is a number run into a name.
                let digits = |i: &mut usize| {
                    let from = *i;
                    while *i < chars.len() && chars[*i].is_ascii_digit() {
                        *i += 1;
                    }
                    *i > from
                };
                let whole = digits(&mut i);
                if chars.get(i) == Some(&'.') {
                    i += 1;
                    if !digits(&mut i) && !whole {
                        return refuse(
                            "`.` outside a number (a function is called by name: lower({A}), not {A}.lower())"
                                .into(),
                        );
                    }
                }
                if matches!(chars.get(i), Some('e' | 'E'))
                    && chars
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
                {
                    i += 2;
                    digits(&mut i);
                }
                if let Some(&c) = chars.get(i) {
                    if c.is_alphanumeric() || c == '_' || c == '.' {
                        return refuse(format!("`{c}` right after a number"));
                    }
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
                let next = chars[i..].iter().find(|c| !c.is_whitespace());
                if after_cast {
                    if !TYPES.contains(&word.as_str()) {
                        return refuse(format!("the type `{word}`"));
                    }
                } else if next == Some(&'(') && !OPEN_A_GROUP.contains(&word.as_str()) {
                    if !FUNCTIONS.contains(&word.as_str()) {
                        return refuse(format!("the function `{word}`"));
                    }
                } else if word == "as" {
                    cast_next = true;
                } else if !KEYWORDS.contains(&word.as_str()) {
                    return refuse(format!(
                        "`{word}` (a column is written {{{word}}}, a keyword must be one of CASE, \
                         WHEN, THEN, ELSE, END, AND, OR, NOT, IS, NULL, IN, LIKE)"
                    ));
                }
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                i += 2;
                cast_next = true;
            }
            '|' if chars.get(i + 1) == Some(&'|') => i += 2,
            '-' if chars.get(i + 1) == Some(&'-') => return refuse("a comment (`--`)".into()),
            '/' if chars.get(i + 1) == Some(&'*') => return refuse("a comment (`/*`)".into()),
            '(' | '[' => {
                open.push(c);
                i += 1;
            }
            ')' | ']' => {
                let opening = if c == ')' { '(' } else { '[' };
                if open.pop() != Some(opening) {
                    return Err(format!(
                        "`expr`: the `{c}` at character {} closes no `{opening}`",
                        start + 1
                    ));
                }
                i += 1;
            }
            '<' | '>' | '!' | '=' | '+' | '-' | '*' | '/' | '%' | ',' | ':' => i += 1,
            '"' => return refuse("a quoted name (`\"…\"`)".into()),
            ';' => return refuse("`;`".into()),
            other => return refuse(format!("the character `{other}`")),
        }
        after_cast = cast_next;
    }
    if tokens == 0 {
        return Err("`expr` is empty".into());
    }
    if let Some(unclosed) = open.last() {
        let closing = if *unclosed == '(' { ')' } else { ']' };
        return Err(format!(
            "`expr`: a `{unclosed}` is never closed: add its `{closing}`"
        ));
    }
    parts.push(Part::Text(chars[text_from..].iter().collect()));
    Ok(Checked { parts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_close_inside_the_expression() {
        let err = |e: &str| check(e).err().unwrap_or_default();
        assert!(err("upper({Title}").contains("a `(` is never closed"));
        assert!(err("{A}) || (1").contains("the `)` at character 4 closes no `(`"));
        assert!(err("[{A}, {B})").contains("the `)` at character 10 closes no `(`"));
        assert!(
            check("lower(concat({A}, ')'))").is_ok(),
            "a bracket in a literal is text"
        );
        assert!(check("[{A}, {B}][1]").is_ok());
    }

    #[test]
    fn expressions_over_columns_pass() {
        for ok in [
            "concat({Short description}, ' (', {Category}, ')')",
            "CASE WHEN {State} = 'Closed' THEN 'closed' ELSE lower({State}) END",
            "CAST({Count} AS INTEGER) + 1",
            "{A}::VARCHAR || '-' || {B}",
            "strftime(strptime({Opened}, '%d/%m/%Y'), '%Y-%m-%d')",
            "string_split({Tags}, ';')[1]",
            "coalesce(nullif(trim({x}), ''), 'n/a')",
            "'it''s'",
            "round({Score} * 1.5e3, 2) + .25 - 3. + 2E-2",
            "CASE WHEN {Urgency} IN ('P1', 'P2') THEN 'active' ELSE 'closed' END",
            "{A} = 'x' AND ({B} = 'y' OR NOT ({C} IS NULL))",
            "{A} NOT IN('a','b')",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn only_placeholders_outside_literals_are_columns() {
        let checked = check("concat({A}, '{B}', ' {, version(), }', {C d})").unwrap();
        assert_eq!(checked.columns().collect::<Vec<_>>(), ["A", "C d"]);
        assert_eq!(
            checked.to_sql(|c| format!("col[{c}]")),
            "concat(col[A], '{B}', ' {, version(), }', col[C d])"
        );
    }

    #[test]
    fn anything_beyond_the_record_is_refused() {
        for (bad, named) in [
            ("read_text('/etc/hostname')", "`read_text`"),
            ("concat({A}, (SELECT 1))", "`select`"),
            ("{A} IN (SELECT 1)", "`select`"),
            ("(FROM sg_records)", "`from`"),
            ("getvariable('sg_file_seq')", "`getvariable`"),
            ("current_setting('threads')", "`current_setting`"),
            ("j", "`j`"),
            ("\"j\"", "quoted name"),
            ("{A}; DROP TABLE incidents", "`;`"),
            ("{A} -- comment", "comment"),
            ("$1", "`$`"),
            ("CAST({A} AS tbl)", "`tbl`"),
            ("'unclosed", "unclosed"),
            ("lower({A)", "unclosed `{`"),
            ("glob('/*')", "`glob`"),
            ("'sg_file_seq'.getvariable()", "`.` outside a number"),
            ("{A}.md5().upper()", "`.` outside a number"),
            ("'x'.version()", "`.` outside a number"),
            ("1.5.getvariable()", "right after a number"),
            ("1abs(2)", "right after a number"),
            ("'x' . getvariable()", "`.` outside a number"),
            ("({A}).lower()", "`.` outside a number"),
            ("{A}[1].upper()", "`.` outside a number"),
        ] {
            let err = check(bad).unwrap_err();
            assert!(err.contains(named), "{bad}: {err}");
        }
        assert!(check("  ").is_err());
    }
}
