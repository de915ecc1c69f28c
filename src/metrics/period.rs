//! The period to measure, as UTC instants, from the period flags and the time zone.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::Deserialize;

use crate::cli::PeriodArgs;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::metrics::model::PeriodOut;
use crate::queries::metrics as q;
use crate::time::{add_months, month_bounds, parse_instant, parse_month, rfc3339_bound, Zone};

/// The years socgauge measures: loads reject timestamps outside them (load/macros.sql,
/// `sg_bad_time`), and periods must lie within them.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2100;

/// The longest --from/--to period measured without --force: ten years (with leap days). A longer
/// one is nearly always a typo (0001-01-01), and its weekly series would make a huge report.
pub const MAX_PERIOD_DAYS: i64 = 3653;

/// Whether an instant (a period bound, so the end of the window is allowed) lies in the window.
fn in_window(instant: DateTime<Utc>) -> bool {
    let first = chrono::NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1)
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc());
    let end = chrono::NaiveDate::from_ymd_opt(LAST_YEAR + 1, 1, 1)
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc());
    matches!((first, end), (Some(first), Some(end)) if instant >= first && instant <= end)
}

/// What the user asked for, checked but not yet resolved against the data.
#[derive(Debug, Clone, PartialEq)]
pub enum PeriodRequest {
    /// The last month the data covers completely: the month of the latest created_at when that
    /// instant falls on the month's last day, else the month before.
    LatestMonth,
    Month(i32, u32),
    Range(DateTime<Utc>, DateTime<Utc>),
}

/// A resolved half-open period [from, to).
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Set when the period is a calendar month: previous periods are then calendar months too.
    pub month: Option<(i32, u32)>,
    pub zone: Zone,
    pub zone_name: String,
    /// The latest created_at of the data (incidents and alerts of the tenant scope): a period
    /// the data stops inside is partial.
    pub data_end: Option<DateTime<Utc>>,
}

/// Checked period flags.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodSettings {
    pub request: PeriodRequest,
    pub zone: Zone,
    pub zone_name: String,
}

impl PeriodSettings {
    pub fn from_args(args: &PeriodArgs) -> Result<PeriodSettings> {
        let zone =
            Zone::parse(&args.timezone).map_err(|m| Error::Usage(format!("--timezone: {m}")))?;
        let request = match (&args.month, &args.from, &args.to) {
            (Some(month), _, _) => {
                let (y, m) =
                    parse_month(month).map_err(|e| Error::Usage(format!("--month: {e}")))?;
                if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
                    return Err(Error::Usage(format!(
                        "--month: {y:04}-{m:02} is outside the years {FIRST_YEAR} to {LAST_YEAR} that socgauge measures"
                    )));
                }
                PeriodRequest::Month(y, m)
            }
            (None, Some(from), Some(to)) => {
                let from =
                    parse_instant(from, &zone).map_err(|e| Error::Usage(format!("--from: {e}")))?;
                let to =
                    parse_instant(to, &zone).map_err(|e| Error::Usage(format!("--to: {e}")))?;
                if to <= from {
                    return Err(Error::Usage(
                        "--to must be later than --from (to the microsecond, the data's finest \
                         unit: a bound between two microseconds counts as the next)"
                            .into(),
                    ));
                }
                for (flag, instant) in [("--from", from), ("--to", to)] {
                    if !in_window(instant) {
                        return Err(Error::Usage(format!(
                            "{flag}: {} is outside the years {FIRST_YEAR} to {LAST_YEAR} that socgauge measures",
                            rfc3339_bound(instant)
                        )));
                    }
                }
                if to - from > Duration::days(MAX_PERIOD_DAYS) && !args.force {
                    return Err(Error::Usage(format!(
                        "--from/--to: the period is longer than 10 years ({MAX_PERIOD_DAYS} days); \
                         add --force to measure it anyway"
                    )));
                }
                PeriodRequest::Range(from, to)
            }
            (None, Some(_), None) => {
                return Err(Error::Usage(
                    "--from needs --to (the period is [from, to))".into(),
                ))
            }
            (None, None, Some(_)) => {
                return Err(Error::Usage(
                    "--to needs --from (the period is [from, to))".into(),
                ))
            }
            (None, None, None) => PeriodRequest::LatestMonth,
        };
        Ok(PeriodSettings {
            request,
            zone,
            zone_name: args.timezone.trim().to_string(),
        })
    }

    /// Resolves the request; the default needs the data's latest created_at.
    pub fn resolve(&self, db: &Db, tenant: Option<&str>) -> Result<Period> {
        let span = DataSpan::of(db, tenant)?;
        let (from, to, month) = match self.request {
            PeriodRequest::Month(y, m) => {
                let (from, to) = self.month(y, m)?;
                (from, to, Some((y, m)))
            }
            PeriodRequest::Range(from, to) => (from, to, None),
            PeriodRequest::LatestMonth => {
                let latest = span.latest.ok_or_else(|| {
                    Error::NoData(match tenant {
                        Some(t) => {
                            format!("no incidents or alerts for tenant `{t}`: nothing to measure")
                        }
                        None => {
                            "no incidents or alerts in the data: nothing to measure".to_string()
                        }
                    })
                })?;
                let (y, m) = last_complete_month(latest, &self.zone);
                // Loads reject such times; a database written before that rule may hold them.
                if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
                    return Err(Error::NoData(format!(
                        "the latest incident or alert is dated {y}-{m:02}, outside the years \
                         {FIRST_YEAR} to {LAST_YEAR} that socgauge measures: give the period with \
                         --month or --from/--to"
                    )));
                }
                let (from, to) = self.month(y, m)?;
                (from, to, Some((y, m)))
            }
        };
        Ok(Period {
            from,
            to,
            month,
            zone: self.zone,
            zone_name: self.zone_name.clone(),
            data_end: span.latest,
        })
    }

    /// The period asked for when it does not depend on the data (`--month`, `--from/--to`), as
    /// [`PeriodSettings::resolve`] gives it but without the data's end; `None` for the default
    /// (the last month the data covers).
    pub fn requested(&self) -> Option<Period> {
        let (from, to, month) = match self.request {
            PeriodRequest::Month(y, m) => {
                let (from, to) = self.month(y, m).ok()?;
                (from, to, Some((y, m)))
            }
            PeriodRequest::Range(from, to) => (from, to, None),
            PeriodRequest::LatestMonth => return None,
        };
        Some(Period {
            from,
            to,
            month,
            zone: self.zone,
            zone_name: self.zone_name.clone(),
            data_end: None,
        })
    }

    /// The months the data of a tenant covers, for a message: `2026-08 to 2026-10`.
    pub fn covered_months(&self, db: &Db, tenant: Option<&str>) -> Result<String> {
        let span = DataSpan::of(db, tenant)?;
        let month = |t: DateTime<Utc>| {
            let d = self.zone.local_date(t);
            format!("{}-{:02}", d.year(), d.month())
        };
        Ok(match (span.first, span.latest) {
            (Some(a), Some(b)) if month(a) == month(b) => month(a),
            (Some(a), Some(b)) => format!("{} to {}", month(a), month(b)),
            _ => "no month (the data holds no incident or alert)".to_string(),
        })
    }

    fn month(&self, y: i32, m: u32) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
        month_bounds(y, m, &self.zone)
            .ok_or_else(|| Error::Usage(format!("{y}-{m:02} is not a month")))
    }
}

impl Period {
    /// The number of calendar months (in the period's time zone) the period spans when it is
    /// made of whole ones (`--month`, or `--from`/`--to` on month starts); `None` otherwise.
    pub fn whole_months(&self) -> Option<u32> {
        self.month_span().map(|(_, months)| months)
    }

    /// The first month and the number of months of a period made of whole calendar months.
    fn month_span(&self) -> Option<((i32, u32), u32)> {
        if let Some(month) = self.month {
            return Some((month, 1));
        }
        let start = self.zone.local_naive(self.from).date();
        let first = (start.year(), start.month());
        if start.day() != 1 || month_bounds(first.0, first.1, &self.zone)?.0 != self.from {
            return None;
        }
        // A period spans at most ten years (PeriodSettings), 121 months with its ends.
        for months in 1..=121u32 {
            let (ly, lm) = add_months(first.0, first.1, i32::try_from(months).ok()? - 1);
            let (_, end) = month_bounds(ly, lm, &self.zone)?;
            if end >= self.to {
                return (end == self.to).then_some((first, months));
            }
        }
        None
    }

    /// The period `n` periods before this one: as many calendar months before for a month or a
    /// period of whole months (the quarter before a quarter), else the same length.
    pub fn earlier(&self, n: u32) -> Period {
        let n_i32 = i32::try_from(n).unwrap_or(0);
        if let Some(((y, m), months)) = self.month_span() {
            let span = i32::try_from(months).unwrap_or(1);
            let (fy, fm) = add_months(y, m, -n_i32 * span);
            let (ly, lm) = add_months(fy, fm, span - 1);
            if let (Some((from, _)), Some((_, to))) = (
                month_bounds(fy, fm, &self.zone),
                month_bounds(ly, lm, &self.zone),
            ) {
                return Period {
                    from,
                    to,
                    // A month stays a month (its label, its month results).
                    month: self.month.map(|_| (fy, fm)),
                    ..self.clone()
                };
            }
        }
        let shift = (self.to - self.from) * n_i32;
        Period {
            from: self.from - shift,
            to: self.to - shift,
            ..self.clone()
        }
    }

    /// Label for people: `2026-10` for a month, else the local dates.
    pub fn label(&self) -> String {
        match self.month {
            Some((y, m)) => format!("{y}-{m:02}"),
            None => {
                let last = self.zone.local_naive(self.to - Duration::microseconds(1));
                let first = self.zone.local_naive(self.from);
                format!(
                    "{} to {}",
                    first.format("%Y-%m-%d %H:%M"),
                    last.format("%Y-%m-%d %H:%M")
                )
            }
        }
    }

    /// Label for a board: "October 2026" for a calendar month, "Q3 2026", "H1 2026" or "2026"
    /// for a quarter, half or year, "October – December 2026" for other whole months,
    /// "1 – 15 October 2026" for whole days, else the local date-times.
    pub fn human_label(&self) -> String {
        use chrono::{Datelike, NaiveTime};
        let first = self.zone.local_naive(self.from);
        let end = self.zone.local_naive(self.to);
        let whole_days = first.time() == NaiveTime::MIN && end.time() == NaiveTime::MIN;
        if !whole_days {
            return self.label();
        }
        let (first, end) = (first.date(), end.date());
        let last = end - Duration::days(1);
        if first.day() == 1 && end.day() == 1 {
            let index = |d: chrono::NaiveDate| d.year() * 12 + d.month0() as i32;
            let months = index(end) - index(first);
            let start = first.month0();
            return match months {
                1 => first.format("%B %Y").to_string(),
                3 if start % 3 == 0 => format!("Q{} {}", start / 3 + 1, first.year()),
                6 if start % 6 == 0 => format!("H{} {}", start / 6 + 1, first.year()),
                12 if start == 0 => first.year().to_string(),
                _ if first.year() == last.year() => {
                    format!("{} – {}", first.format("%B"), last.format("%B %Y"))
                }
                _ => format!("{} – {}", first.format("%B %Y"), last.format("%B %Y")),
            };
        }
        if first == last {
            first.format("%-d %B %Y").to_string()
        } else if (first.year(), first.month()) == (last.year(), last.month()) {
            format!("{} – {}", first.format("%-d"), last.format("%-d %B %Y"))
        } else {
            format!(
                "{} – {}",
                first.format("%-d %B %Y"),
                last.format("%-d %B %Y")
            )
        }
    }

    pub fn out(&self) -> PeriodOut {
        PeriodOut {
            from: rfc3339_bound(self.from),
            to: rfc3339_bound(self.to),
            timezone: self.zone_name.clone(),
            label: self.label(),
            partial: self.partial(),
        }
    }

    /// The twelve calendar months (in the zone) ending with the month that holds the period's last
    /// instant, as [from, to) instants, oldest first: the window of `history_months`.
    pub fn history_months(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let last = self.zone.local_date(self.to - Duration::microseconds(1));
        (0..12)
            .rev()
            .filter_map(|back| {
                let (y, m) = add_months(last.year(), last.month(), -back);
                month_bounds(y, m, &self.zone)
            })
            .collect()
    }

    /// Whether the data stops before the period's last day (in the zone): its numbers then cover
    /// only part of it.
    pub fn partial(&self) -> bool {
        let last_day = self.zone.local_date(self.to - Duration::microseconds(1));
        self.data_end
            .is_none_or(|end| self.zone.local_date(end) < last_day)
    }
}

/// The month of `latest` when it falls on that month's last day (in the zone), else the month
/// before it: the last month the exports cover completely. Data exported on the 3rd of a month
/// has a full previous month and three days of this one; measuring those three days would
/// assess a SOC on a sliver.
pub fn last_complete_month(latest: DateTime<Utc>, zone: &Zone) -> (i32, u32) {
    let date = zone.local_date(latest);
    let next_day = date.succ_opt().unwrap_or(date);
    if next_day.month() != date.month() {
        (date.year(), date.month())
    } else {
        add_months(date.year(), date.month(), -1)
    }
}

/// The first and the latest created_at of a tenant's incidents and alerts.
struct DataSpan {
    first: Option<DateTime<Utc>>,
    latest: Option<DateTime<Utc>>,
}

impl DataSpan {
    fn of(db: &Db, tenant: Option<&str>) -> Result<DataSpan> {
        #[derive(Deserialize)]
        struct Row {
            first_us: Option<i64>,
            latest_us: Option<i64>,
        }
        let row: Row = db.one(&q::DATA_SPAN, &[&tenant])?;
        Ok(DataSpan {
            first: row
                .first_us
                .and_then(DateTime::<Utc>::from_timestamp_micros),
            latest: row
                .latest_us
                .and_then(DateTime::<Utc>::from_timestamp_micros),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(request: PeriodRequest, zone: &str) -> Period {
        let zone_parsed = Zone::parse(zone).unwrap();
        let (from, to, month) = match request {
            PeriodRequest::Month(y, m) => {
                let (f, t) = month_bounds(y, m, &zone_parsed).unwrap();
                (f, t, Some((y, m)))
            }
            PeriodRequest::Range(f, t) => (f, t, None),
            PeriodRequest::LatestMonth => unreachable!(),
        };
        Period {
            from,
            to,
            month,
            zone: zone_parsed,
            zone_name: zone.into(),
            data_end: None,
        }
    }

    fn range(from: &str, to: &str, zone: &str) -> Period {
        let z = Zone::parse(zone).unwrap();
        period(
            PeriodRequest::Range(
                parse_instant(from, &z).unwrap(),
                parse_instant(to, &z).unwrap(),
            ),
            zone,
        )
    }

    #[test]
    fn whole_months_are_counted_in_the_periods_zone() {
        assert_eq!(
            period(PeriodRequest::Month(2026, 2), "UTC").whole_months(),
            Some(1)
        );
        assert_eq!(
            range("2026-10-01", "2026-11-01", "UTC").whole_months(),
            Some(1)
        );
        assert_eq!(
            range("2026-08-01", "2026-11-01", "Europe/Paris").whole_months(),
            Some(3)
        );
        assert_eq!(
            range("2016-01-01", "2026-01-01", "UTC").whole_months(),
            Some(120)
        );
        // Not on month starts, or on UTC's month starts read in Paris.
        assert_eq!(
            range("2026-10-02", "2026-11-01", "UTC").whole_months(),
            None
        );
        assert_eq!(
            range("2026-10-01", "2026-10-31", "UTC").whole_months(),
            None
        );
        let utc_month_in_paris = Period {
            zone: Zone::parse("Europe/Paris").unwrap(),
            zone_name: "Europe/Paris".into(),
            ..range("2026-10-01", "2026-11-01", "UTC")
        };
        assert_eq!(utc_month_in_paris.whole_months(), None);
    }

    #[test]
    fn the_period_before_whole_months_is_as_many_calendar_months() {
        let q3 = range("2026-07-01", "2026-10-01", "Europe/Paris");
        let q2 = q3.earlier(1);
        assert_eq!(
            q2.label(),
            range("2026-04-01", "2026-07-01", "Europe/Paris").label()
        );
        assert_eq!((q2.from, q2.to), {
            let r = range("2026-04-01", "2026-07-01", "Europe/Paris");
            (r.from, r.to)
        });
        assert_eq!(q2.human_label(), "Q2 2026");
        assert_eq!(q3.earlier(3).human_label(), "Q4 2025");
        // Not whole months: the same length just before.
        let days = range("2026-07-02", "2026-07-12", "UTC");
        let before = days.earlier(1);
        assert_eq!(
            (before.from, before.to),
            (days.from - (days.to - days.from), days.from)
        );
    }

    #[test]
    fn human_labels_name_months_quarters_and_days() {
        assert_eq!(
            period(PeriodRequest::Month(2026, 10), "Europe/Paris").human_label(),
            "October 2026"
        );
        assert_eq!(
            range("2026-07-01", "2026-10-01", "Europe/Paris").human_label(),
            "Q3 2026"
        );
        assert_eq!(
            range("2026-01-01", "2026-07-01", "UTC").human_label(),
            "H1 2026"
        );
        assert_eq!(
            range("2026-01-01", "2027-01-01", "UTC").human_label(),
            "2026"
        );
        assert_eq!(
            range("2026-10-01", "2026-11-01", "UTC").human_label(),
            "October 2026"
        );
        assert_eq!(
            range("2026-08-01", "2026-11-01", "UTC").human_label(),
            "August – October 2026"
        );
        assert_eq!(
            range("2025-12-01", "2026-02-01", "UTC").human_label(),
            "December 2025 – January 2026"
        );
        assert_eq!(
            range("2026-10-01", "2026-10-16", "UTC").human_label(),
            "1 – 15 October 2026"
        );
        assert_eq!(
            range("2026-10-05", "2026-10-06", "UTC").human_label(),
            "5 October 2026"
        );
        // Not whole days: the local date-times.
        assert_eq!(
            range("2026-10-01T12:00:00Z", "2026-10-02T12:00:00Z", "UTC").human_label(),
            "2026-10-01 12:00 to 2026-10-02 11:59"
        );
    }
}
