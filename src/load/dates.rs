//! Local date-times as vendor exports write them (`10/04/2026 14:05`, `04.10.2026 14:05:00`,
//! `04-10-2026 14:05`): the forms the source scripts try (src_local in
//! queries/sources/macros.sql, through the session variable `sg_date_formats`), and the order of
//! day and month, which the user's `--date-format` sets, else the file's own values prove (a
//! field above 12), else month-first (Sentinel's portal and ServiceNow in a US locale); dotted
//! dates are day-first (no locale writes the month first with dots).

use serde::Deserialize;

use super::LoadOptions;
use crate::db::Db;
use crate::error::Result;
use crate::queries::load as q;

/// The day-first forms, with `/` as written in Europe; month-first ones swap `%d` and `%m`.
/// Tried in this order, the longest first (strptime takes a prefix of none: each form is whole).
const DAY_FIRST: &[&str] = &[
    "%d/%m/%Y, %I:%M:%S.%g %p",
    "%d/%m/%Y, %I:%M:%S %p",
    "%d/%m/%Y, %H:%M:%S.%g",
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y, %I:%M %p",
    "%d/%m/%Y, %H:%M",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %I:%M %p",
    "%d/%m/%Y %H:%M:%S.%g",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
];

/// Which of day and month a slash or dash date writes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    DayFirst,
    MonthFirst,
}

/// The forms tried for `order`: slash and dash dates in that order, then dotted dates day-first;
/// each with a two-digit year (`10/5/26`, Excel's short date) before its four-digit form, which
/// would read `26` as the year 26: `%y` never takes a four-digit year whole, so `10/5/2026` falls
/// through to the `%Y` form. Two-digit years follow strptime (69–99: 1900s, else 2000s).
fn formats(order: Order) -> Vec<String> {
    let ordered = |f: &str| match order {
        Order::DayFirst => f.to_string(),
        Order::MonthFirst => f.replacen("%d/%m", "%m/%d", 1),
    };
    let short_year_first = |f: String| [f.replacen("%Y", "%y", 1), f];
    let mut out: Vec<String> = DAY_FIRST
        .iter()
        .flat_map(|f| short_year_first(ordered(f)))
        .collect();
    out.extend(
        DAY_FIRST
            .iter()
            .flat_map(|f| short_year_first(ordered(f).replacen('/', "-", 2))),
    );
    out.extend(
        DAY_FIRST
            .iter()
            .flat_map(|f| short_year_first(f.replacen('/', ".", 2))),
    );
    // Year first (`2026/10/04 14:05`), which only one order reads.
    out.extend(YEAR_FIRST.iter().map(|f| f.to_string()));
    out
}

/// Year-first slash dates, unambiguous; and year-first dash dates that are not ISO 8601 (an
/// hour, month or day of one digit: Excel's `yyyy-mm-dd h:mm` after a re-save), which
/// src_time sends here (queries/sources/macros.sql).
const YEAR_FIRST: &[&str] = &[
    "%Y/%m/%d %H:%M:%S.%g",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S.%g",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
];

/// Sets the forms the source scripts try: the user's `--date-format` alone when given (tried on
/// every time that is not ISO 8601 or an epoch number), else those of `order`.
pub fn set_formats(db: &Db, options: &LoadOptions, order: Order) -> Result<()> {
    let (formats, given) = match &options.date_format {
        Some(f) => (vec![f.clone()], true),
        None => (formats(order), false),
    };
    // A format naming the zone reads instants, not local times (src_slash).
    let zoned = given && formats.iter().any(|f| f.contains("%z") || f.contains("%Z"));
    // Patterns are quoted as SQL text.
    let list = formats
        .iter()
        .map(|f| crate::queries::text_literal(f))
        .collect::<Vec<_>>()
        .join(", ");
    db.batch_sql(
        "set sg_date_formats",
        &format!(
            "SET VARIABLE sg_date_formats = [{list}]; SET VARIABLE sg_date_format_given = {given}; \
             SET VARIABLE sg_date_format_zoned = {zoned};"
        ),
    )
}

/// What a vendor file's own slash and dash dates say of their order (load/date_order.sql).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// No such date, or the user's `--date-format` decides.
    Nothing,
    /// A first field above 12 (its largest), no second one; or (`first` None) the user's
    /// `--date-format` writes the day before the month.
    DayFirst { first: Option<i64> },
    /// A second field above 12, no first one; or the user's `--date-format` writes the month
    /// before the day.
    MonthFirst,
    /// Both: written both ways.
    Both,
    /// Every field 12 or below: the file cannot tell.
    Unproven { dated: i64 },
}

impl Proof {
    /// Whether the file's dates were read in an order they did not prove: the versions read
    /// from them may be misread (unversioned_file.sql).
    pub fn is_a_guess(self) -> bool {
        matches!(self, Proof::Unproven { .. } | Proof::Both)
    }
}

/// A file of the same load and source whose dates proved day-first, which a file that cannot
/// tell its own order follows: a week of a European portal's export (days 1 to 7) loaded with
/// the month before it is read day-first as its sibling proves, not month-first by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sibling {
    pub file: String,
    /// The largest first field, above 12, that proved the order (None: the user's
    /// `--date-format` said it).
    pub first: Option<i64>,
    /// Loaded by an earlier load (date_orders), not this one.
    pub earlier: bool,
}

/// What each vendor file of a load proved of its date order, to be read as a whole once every
/// file is staged (`siblings_to_follow`).
#[derive(Debug, Clone)]
pub struct FileProof {
    pub seq: i32,
    pub file: String,
    /// The source the file was read as (`sentinel`, `servicenow`): siblings are files of one
    /// tool, whose exports share a locale.
    pub source: String,
    pub proof: Proof,
    /// A file of an earlier load, whose proof the database keeps (schema.sql, date_orders);
    /// `seq` is then 0.
    pub earlier: bool,
}

/// The proofs earlier loads kept for the tenant the files' rows default to.
pub fn stored_proofs(db: &Db, tenant: &str) -> Result<Vec<FileProof>> {
    #[derive(Deserialize)]
    struct Stored {
        source: String,
        day_first: bool,
        file: String,
        first_field: Option<i64>,
    }
    let stored: Vec<Stored> = db.rows(&q::STORED_DATE_ORDERS, &[&tenant])?;
    Ok(stored
        .into_iter()
        .map(|s| FileProof {
            seq: 0,
            file: s.file,
            source: s.source,
            proof: if s.day_first {
                Proof::DayFirst {
                    first: s.first_field,
                }
            } else {
                Proof::MonthFirst
            },
            earlier: true,
        })
        .collect())
}

/// Keeps the orders this load's files proved (`proofs`), for later loads.
pub fn record_proofs(db: &Db, tenant: &str, proofs: &[FileProof]) -> Result<()> {
    for p in proofs.iter().filter(|p| !p.earlier) {
        let (day_first, first) = match p.proof {
            Proof::DayFirst { first } => (true, first),
            Proof::MonthFirst => (false, None),
            _ => continue,
        };
        db.execute(
            &q::RECORD_DATE_ORDER,
            &[&p.source, &tenant, &day_first, &p.file, &first],
        )?;
    }
    Ok(())
}

/// Sets the forms for one vendor file (see the module documentation) from its slash and dash
/// dates (load/date_order.sql), or from `sibling`'s proof when the file's own cannot tell.
/// Returns the file's proof and what the user is told: the order when the file proved it
/// day-first, followed a sibling, or could not tell it (every field 12 or below: read
/// month-first, which a day-first export of the first twelve days of a month would misread).
pub fn set_date_order(
    db: &Db,
    options: &LoadOptions,
    sibling: Option<&Sibling>,
) -> Result<(Proof, Option<String>)> {
    #[derive(Deserialize)]
    struct DateOrder {
        dated: i64,
        first_max: Option<i64>,
        second_max: Option<i64>,
        sample: Option<String>,
    }
    let found: DateOrder = db.one(&q::DATE_ORDER, &[])?;
    let setting = options.names.of(crate::setting_names::Setting::DateFormat);
    if let Some(format) = &options.date_format {
        set_formats(db, options, Order::MonthFirst)?;
        // The user's format decides, and is kept as this tool's order for later loads (a US
        // export loaded with a month-first format undoes an earlier day-first proof).
        let proof = match (found.dated, format_order(format)) {
            (1.., Some(Order::DayFirst)) => Proof::DayFirst { first: None },
            (1.., Some(Order::MonthFirst)) => Proof::MonthFirst,
            _ => Proof::Nothing,
        };
        return Ok((proof, None));
    }
    let first = found.first_max.unwrap_or(0);
    let second = found.second_max.unwrap_or(0);
    let dated = found.dated;
    let dates = crate::humanize::count(dated, "slash or dash date", "slash or dash dates");
    let proof = if dated == 0 {
        Proof::Nothing
    } else if first > 12 && second <= 12 {
        Proof::DayFirst { first: Some(first) }
    } else if first > 12 {
        Proof::Both
    } else if second > 12 {
        Proof::MonthFirst
    } else {
        Proof::Unproven { dated }
    };
    let (order, told) = match (proof, sibling) {
        (Proof::Nothing | Proof::MonthFirst, _) => (Order::MonthFirst, None),
        (Proof::DayFirst { .. }, _) => (
            Order::DayFirst,
            Some(format!(
                "{dates} read day-first: a first field of {first} proves the order ({setting} sets it)"
            )),
        ),
        (Proof::Both, _) => (
            Order::MonthFirst,
            Some(format!(
                "slash or dash dates written both day-first and month-first (a first field of {first}, a second of {second}): \
                 read month-first where they can be; set {setting} or use a mapping file per column"
            )),
        ),
        (Proof::Unproven { .. }, Some(sibling)) => {
            let form = match &found.sample {
                Some(sample) => own_form(db, sample, Order::MonthFirst)?,
                None => None,
            };
            (
                Order::DayFirst,
                Some(format!(
                    "{dates} read day-first, though no field above 12 proves the order: `{}` {}, \
                     read as the same tool's export, writes the day first ({}); if this export \
                     writes the month first, load it again with {setting} '{}'",
                    sibling.file,
                    if sibling.earlier {
                        "of an earlier load of this database, for the same tenant"
                    } else {
                        "of this load"
                    },
                    sibling.first.map_or_else(
                        || format!("its {setting} says so"),
                        |f| format!("a first field of {f}")
                    ),
                    form.as_deref().unwrap_or("%m/%d/%Y %H:%M:%S")
                )),
            )
        }
        (Proof::Unproven { .. }, None) => {
            let form = match &found.sample {
                Some(sample) => own_form(db, sample, Order::DayFirst)?,
                None => None,
            };
            (
                Order::MonthFirst,
                Some(match form {
                    Some(form) => format!(
                        "{dates} read month-first, though no field above 12 proves the order: if the \
                         export writes the day first, load it again with {setting} '{form}' (its own form, \
                         day first)"
                    ),
                    None => format!(
                        "{dates} read month-first, though no field above 12 proves the order: if the \
                         export writes the day first, load it again with a {setting} that reads it day first \
                         (`%d/%m/%Y %H:%M:%S` reads 31/10/2026 14:05:00)"
                    ),
                }),
            )
        }
    };
    set_formats(db, options, order)?;
    Ok((proof, told))
}

/// The order of day and month a strptime format writes (`%d/%m/%Y`: day first), when it writes
/// both and the year after them (`%-d` and `%e` count as days, `%-m` as a month): a year-first
/// format (`%Y-%m-%d`) says nothing of how the tool writes slash dates.
fn format_order(format: &str) -> Option<Order> {
    let at = |fields: &[&str]| fields.iter().filter_map(|f| format.find(f)).min();
    let year = at(&["%Y", "%y", "%-y"]);
    match (at(&["%d", "%-d", "%e"]), at(&["%m", "%-m"])) {
        (Some(day), Some(month)) if year.is_some_and(|y| y < day.min(month)) => None,
        (Some(day), Some(month)) if day < month => Some(Order::DayFirst),
        (Some(_), Some(_)) => Some(Order::MonthFirst),
        _ => None,
    }
}

/// The form of `order` that reads `sample` (a date of the file) whole, for a warning to give as
/// the --date-format: `%d/%m/%Y, %H:%M:%S.%g` day first for the portal's
/// `01/10/2026, 09:00:00.000`.
fn own_form(db: &Db, sample: &str, order: Order) -> Result<Option<String>> {
    #[derive(Deserialize)]
    struct Form {
        form: Option<String>,
    }
    let literal = crate::queries::text_literal;
    let arms: String = formats(order)
        .iter()
        .map(|f| {
            format!(
                " WHEN try_strptime(trim($1), {0}) IS NOT NULL THEN {0}",
                literal(f)
            )
        })
        .collect();
    let sql = q::DATE_FORM.fill("/*forms*/", &arms)?;
    let found: Vec<Form> = db.rows_sql(sql.name, &sql.text, &[&sample])?;
    Ok(found.into_iter().next().and_then(|f| f.form))
}

/// The files of a load to stage again, each with the sibling whose order it follows: a file
/// whose dates could not tell their order, of a source one or more of whose files (of this load,
/// or of earlier ones for the same tenant: `earlier`) proved them day-first (the first of them
/// named, this load's before earlier ones) while none proved them month-first or wrote both. (A
/// month-first sibling changes nothing: such a file is read month-first already.)
pub fn siblings_to_follow(proofs: &[FileProof]) -> Vec<(i32, Sibling)> {
    let mut out = Vec::new();
    for unproven in proofs
        .iter()
        .filter(|p| matches!(p.proof, Proof::Unproven { .. }))
    {
        let same_tool = || proofs.iter().filter(|p| p.source == unproven.source);
        let contradicted = same_tool().any(|p| matches!(p.proof, Proof::MonthFirst | Proof::Both));
        let day_first = same_tool().find_map(|p| match p.proof {
            Proof::DayFirst { first, .. } => Some(Sibling {
                file: p.file.clone(),
                first,
                earlier: p.earlier,
            }),
            _ => None,
        });
        if let (false, Some(sibling)) = (contradicted, day_first) {
            out.push((unproven.seq, sibling));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_tells_its_order_when_it_writes_day_and_month() {
        assert_eq!(format_order("%d/%m/%Y, %H:%M:%S.%g"), Some(Order::DayFirst));
        assert_eq!(format_order("%m/%d/%Y %I:%M %p"), Some(Order::MonthFirst));
        assert_eq!(format_order("%-m/%-d/%Y"), Some(Order::MonthFirst));
        assert_eq!(format_order("%e.%m.%Y"), Some(Order::DayFirst));
        assert_eq!(format_order("%b %d, %Y @ %H:%M:%S.%g"), None);
        assert_eq!(format_order("%Y-%m-%d"), None);
        assert_eq!(format_order("%d/%m"), Some(Order::DayFirst));
    }

    #[test]
    fn each_order_reads_slashes_and_dashes_and_dots_are_day_first() {
        let month_first = formats(Order::MonthFirst);
        assert_eq!(month_first[0], "%m/%d/%y, %I:%M:%S.%g %p");
        assert_eq!(month_first[1], "%m/%d/%Y, %I:%M:%S.%g %p");
        assert!(month_first.contains(&"%m-%d-%Y %H:%M:%S".to_string()));
        assert!(month_first.contains(&"%d.%m.%Y %H:%M:%S".to_string()));
        let day_first = formats(Order::DayFirst);
        assert!(day_first.contains(&"%d/%m/%Y %H:%M".to_string()));
        assert!(day_first.contains(&"%d-%m-%Y".to_string()));
        assert!(!day_first.iter().any(|f| f.starts_with("%m")));
        assert_eq!(day_first.len(), 6 * DAY_FIRST.len() + YEAR_FIRST.len());
        // Every two-digit form comes right before its four-digit one.
        for pair in day_first[..6 * DAY_FIRST.len()].chunks(2) {
            assert_eq!(pair[0].replacen("%y", "%Y", 1), pair[1]);
        }
        assert!(day_first.contains(&"%Y/%m/%d %H:%M:%S".to_string()));
    }
}
