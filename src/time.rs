//! Calendar work in the user's time zone. DuckDB's bundled build has no named time zones, so
//! every local-time decision (midnight, month, ISO week, offset of a naive timestamp) is made
//! here with chrono-tz and handed to SQL as UTC instants or small lookup tables.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

/// A time zone given on the command line: an IANA name or a fixed UTC offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(Tz),
}

impl Zone {
    /// Parses `UTC`, `Z`, `+02:00`, `-0530`, `+02` or an IANA name such as `Europe/Paris`.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
            return Ok(Zone::Fixed(FixedOffset::east_opt(0).unwrap_or(Utc.fix())));
        }
        if let Some(offset) = parse_fixed_offset(t) {
            return Ok(Zone::Fixed(offset));
        }
        t.parse::<Tz>().map(Zone::Named).map_err(|_| {
            format!(
                "`{text}` is not a time zone: use an IANA name (Europe/Paris, America/New_York), \
                 UTC, or a fixed offset such as +02:00"
            )
        })
    }

    /// The UTC instant of a local wall-clock time. A time that does not exist (skipped by a
    /// daylight-saving change) moves forward past the gap; an ambiguous one takes the earlier.
    pub fn local_to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Fixed(off) => resolve(off.from_local_datetime(&local), || {
                off.from_local_datetime(&(local + Duration::hours(1)))
            }),
            Zone::Named(tz) => resolve(tz.from_local_datetime(&local), || {
                tz.from_local_datetime(&(local + Duration::hours(1)))
            }),
        }
    }

    /// The local date of a UTC instant.
    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        self.local_naive(instant).date()
    }

    /// The local wall-clock time of a UTC instant.
    pub fn local_naive(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Fixed(off) => instant.with_timezone(off).naive_local(),
            Zone::Named(tz) => instant.with_timezone(tz).naive_local(),
        }
    }

    /// Offset from UTC in seconds at a UTC instant.
    pub fn offset_seconds_at(&self, instant: DateTime<Utc>) -> i32 {
        match self {
            Zone::Fixed(off) => off.local_minus_utc(),
            Zone::Named(tz) => tz
                .offset_from_utc_datetime(&instant.naive_utc())
                .fix()
                .local_minus_utc(),
        }
    }

    /// Midnight at the start of a local date, as a UTC instant.
    pub fn midnight(&self, date: NaiveDate) -> DateTime<Utc> {
        self.local_to_utc(date.and_time(NaiveTime::MIN))
    }

    /// Daylight-saving changes between 1970 and 2100, as (UTC instant, offset before, offset after).
    /// Empty for fixed offsets.
    pub fn transitions(&self) -> Vec<Transition> {
        let Zone::Named(_) = self else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let (Some(start), Some(end)) = (utc_date(1970, 1, 1), utc_date(2100, 1, 1)) else {
            return out;
        };
        let mut t = start;
        let mut off = self.offset_seconds_at(t);
        while t < end {
            let next = t + Duration::days(1);
            let next_off = self.offset_seconds_at(next);
            if next_off != off {
                // Binary search over whole seconds (offsets are piecewise constant and change
                // on a whole second): `hi` ends as the first second of the new offset, never an
                // instant a fraction after it, which would leave that fraction in the old one.
                let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
                let at = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or(t);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if self.offset_seconds_at(at(mid)) == off {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                out.push(Transition {
                    at: at(hi),
                    before: off,
                    after: next_off,
                });
                off = next_off;
            }
            t = next;
        }
        out
    }
}

/// A change of UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub at: DateTime<Utc>,
    pub before: i32,
    pub after: i32,
}

fn resolve<T: TimeZone>(
    first: LocalResult<DateTime<T>>,
    retry: impl FnOnce() -> LocalResult<DateTime<T>>,
) -> DateTime<Utc> {
    match first {
        LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => dt.with_timezone(&Utc),
        LocalResult::None => match retry() {
            LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => dt.with_timezone(&Utc),
            // A gap longer than an hour does not occur in the tz database since 1970.
            LocalResult::None => DateTime::<Utc>::MIN_UTC,
        },
    }
}

fn utc_date(y: i32, m: u32, d: u32) -> Option<DateTime<Utc>> {
    NaiveDate::from_ymd_opt(y, m, d).map(|date| date.and_time(NaiveTime::MIN).and_utc())
}

fn parse_fixed_offset(t: &str) -> Option<FixedOffset> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = if digits.len() == 4 {
        digits.get(2..4)?.parse().ok()?
    } else {
        0
    };
    // At most ±18:00, the bound the loader holds timestamps' offsets to (load/macros.sql).
    if hours * 60 + minutes > 18 * 60 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Parses a period bound: a date (midnight in `zone`) or an RFC 3339 instant.
pub fn parse_instant(text: &str, zone: &Zone) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(zone.midnight(date));
    }
    DateTime::parse_from_rfc3339(t)
        .map(|dt| up_to_the_microsecond(dt.with_timezone(&Utc)))
        .map_err(|_| format!("`{text}` is neither a date (2026-10-01) nor an RFC 3339 instant (2026-10-01T00:00:00Z)"))
}

/// The data holds microseconds: a bound between two of them (`…59.9999995Z`) is moved up to the
/// next, which keeps in the period [from, to) exactly the instants the bound as written keeps.
fn up_to_the_microsecond(instant: DateTime<Utc>) -> DateTime<Utc> {
    match instant.timestamp_subsec_nanos() % 1000 {
        0 => instant,
        nanos => instant + Duration::nanoseconds(i64::from(1000 - nanos)),
    }
}

/// Parses `YYYY-MM` into (year, month).
pub fn parse_month(text: &str) -> Result<(i32, u32), String> {
    let bad = || format!("`{text}` is not a month: use YYYY-MM, e.g. 2026-10");
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    // Digits only, four and two: `2026-1` and `+202-10` are not the contract's form.
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) {
        return Err(bad());
    }
    Ok((year, month))
}

/// First day of the month `delta` months after (year, month).
pub fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + (month as i32 - 1) + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// The calendar month [start, end) in `zone`, as UTC instants.
pub fn month_bounds(year: i32, month: u32, zone: &Zone) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let (ny, nm) = add_months(year, month, 1);
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let end = NaiveDate::from_ymd_opt(ny, nm, 1)?;
    Some((zone.midnight(start), zone.midnight(end)))
}

/// A named slice of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub label: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The ISO weeks (Monday 00:00 local) that overlap [from, to), clipped to the period.
/// Each is labelled with the local date of its Monday.
pub fn weeks(from: DateTime<Utc>, to: DateTime<Utc>, zone: &Zone) -> Vec<Bucket> {
    let mut out = Vec::new();
    let first_day = zone.local_date(from);
    let mut monday =
        first_day - Duration::days(i64::from(first_day.weekday().num_days_from_monday()));
    loop {
        let start = zone.midnight(monday);
        if start >= to {
            break;
        }
        let next = monday + Duration::days(7);
        let end = zone.midnight(next);
        if end > from {
            out.push(Bucket {
                label: monday.format("%Y-%m-%d").to_string(),
                start: start.max(from),
                end: end.min(to),
            });
        }
        monday = next;
    }
    out
}

/// RFC 3339 text of a UTC instant, second precision, `Z` suffix.
pub fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// RFC 3339 text of a period's bound, `Z` suffix: whole seconds as [`rfc3339`], a fraction only
/// when there is one (a `--from` of `…00.5Z` is not shown as `…00Z`, which would hide why an
/// incident at `…00Z` is left out).
pub fn rfc3339_bound(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> Zone {
        Zone::parse("Europe/Paris").unwrap_or(Zone::Fixed(Utc.fix()))
    }

    #[test]
    fn parses_zones() {
        assert_eq!(Zone::parse("UTC"), Ok(Zone::Fixed(Utc.fix())));
        assert_eq!(
            Zone::parse("+02:00"),
            Ok(Zone::Fixed(
                FixedOffset::east_opt(7200).unwrap_or(Utc.fix())
            ))
        );
        assert_eq!(
            Zone::parse("-0530"),
            Ok(Zone::Fixed(
                FixedOffset::west_opt(19800).unwrap_or(Utc.fix())
            ))
        );
        assert!(matches!(Zone::parse("Europe/Paris"), Ok(Zone::Named(_))));
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("+25:00").is_err());
        assert!(Zone::parse("+18:01").is_err());
        assert!(Zone::parse("-18:00").is_ok());
    }

    #[test]
    fn a_bound_between_two_microseconds_moves_up_to_the_next_and_shows_its_fraction() {
        let utc = Zone::Fixed(Utc.fix());
        let to = parse_instant("2026-10-31T22:59:59.9999995Z", &utc).unwrap();
        assert_eq!(rfc3339_bound(to), "2026-10-31T23:00:00Z");
        let from = parse_instant("2026-10-01T00:00:00.5Z", &utc).unwrap();
        assert_eq!(rfc3339_bound(from), "2026-10-01T00:00:00.500Z");
        let exact = parse_instant("2026-10-01T00:00:00.000001Z", &utc).unwrap();
        assert_eq!(rfc3339_bound(exact), "2026-10-01T00:00:00.000001Z");
    }

    #[test]
    fn month_in_paris_starts_at_local_midnight() {
        let (from, to) = month_bounds(2026, 10, &paris()).unwrap_or_default();
        assert_eq!(rfc3339(from), "2026-09-30T22:00:00Z");
        // October ends after the switch back to CET (+01:00).
        assert_eq!(rfc3339(to), "2026-10-31T23:00:00Z");
    }

    #[test]
    fn dates_and_instants() {
        let z = paris();
        assert_eq!(
            parse_instant("2026-07-01", &z).map(rfc3339),
            Ok("2026-06-30T22:00:00Z".into())
        );
        assert_eq!(
            parse_instant("2026-07-01T10:00:00+02:00", &z).map(rfc3339),
            Ok("2026-07-01T08:00:00Z".into())
        );
        assert!(parse_instant("yesterday", &z).is_err());
    }

    #[test]
    fn transitions_found_to_the_second() {
        let t = paris().transitions();
        let oct_2026 = t
            .iter()
            .find(|t| rfc3339(t.at).starts_with("2026-10"))
            .copied();
        assert_eq!(
            oct_2026.map(|t| (rfc3339(t.at), t.before, t.after)),
            Some(("2026-10-25T01:00:00Z".to_string(), 7200, 3600))
        );
    }

    #[test]
    fn weeks_are_clipped_to_the_period() {
        let z = Zone::Fixed(Utc.fix());
        let (from, to) = month_bounds(2026, 10, &z).unwrap_or_default();
        let w = weeks(from, to, &z);
        assert_eq!(w.first().map(|b| b.label.as_str()), Some("2026-09-28"));
        assert_eq!(
            w.first().map(|b| rfc3339(b.start)),
            Some("2026-10-01T00:00:00Z".into())
        );
        assert_eq!(
            w.last().map(|b| rfc3339(b.end)),
            Some("2026-11-01T00:00:00Z".into())
        );
        assert_eq!(w.len(), 5);
    }

    #[test]
    fn month_arithmetic() {
        assert_eq!(add_months(2026, 1, -1), (2025, 12));
        assert_eq!(add_months(2026, 12, 1), (2027, 1));
        assert_eq!(
            parse_month("2026-13"),
            Err("`2026-13` is not a month: use YYYY-MM, e.g. 2026-10".into())
        );
        assert_eq!(parse_month("2026-10"), Ok((2026, 10)));
        assert_eq!(parse_month(" 2026-01 "), Ok((2026, 1)));
        for bad in [
            "2026-1", "+202-10", "2026-+1", "2026-010", "20261-10", "2026-1 0",
        ] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
    }
}
