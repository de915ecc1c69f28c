//! What a measuring command reads, known before the load when the period is (`--month`,
//! `--from/--to`): a run straight from a lake then leaves the partitions of other months unread
//! (load/lake_months.rs). The window is every period whose alerts, automation or incidents the
//! command measures, and from `incidents_from` on the incidents whose durations its MTTR trend
//! compares; the database refuses a scope outside it (`Db::check_measured`,
//! `Db::check_measured_incidents`), so a command that comes to measure more fails instead of
//! measuring missing rows.

use crate::load::MeasuredWindow;

use super::history;
use super::period::{Period, PeriodSettings};
use super::TREND_PERIODS;

/// What a command measures of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The period and the one before it (`previous`): `metrics`, `assess`. The MTTR trend's
    /// earlier periods read incidents only (`mttr_median`).
    Period,
    /// The `n` months ending with the period's, the [`TREND_PERIODS`] months before them
    /// (their MTTR trend) and the period with its previous one: `metrics --history n`,
    /// `report` (its twelve-month trend).
    History(u32),
}

/// The window of `reach` for the requested period; `None` when the period is not known before
/// the data is (the default: the last month the data covers).
pub fn window(settings: &PeriodSettings, reach: Reach) -> Option<MeasuredWindow> {
    let period = settings.requested()?;
    Some(window_of(&period, reach))
}

fn window_of(period: &Period, reach: Reach) -> MeasuredWindow {
    let mut from = period.earlier(1).from.min(period.from);
    let mut to = period.to;
    if let Reach::History(n) = reach {
        // The history's months are whole calendar months: the last one holds the end of a
        // period of other bounds, and may end after it.
        let months = history::months(period, n);
        if let (Some(first), Some(last)) = (months.first(), months.last()) {
            from = from.min(first.earlier(TREND_PERIODS).from);
            to = to.max(last.to);
        }
    }
    // The MTTR trend compares the period, and its previous one, with the period
    // TREND_PERIODS before each: their incidents' durations are measured too.
    let incidents_from = from
        .min(period.earlier(TREND_PERIODS).from)
        .min(period.earlier(1).earlier(TREND_PERIODS).from);
    MeasuredWindow {
        from,
        to,
        incidents_from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::PeriodArgs;

    fn settings(month: &str, zone: &str) -> PeriodSettings {
        PeriodSettings::from_args(&PeriodArgs {
            month: Some(month.into()),
            from: None,
            to: None,
            timezone: zone.into(),
            force: false,
        })
        .unwrap()
    }

    #[test]
    fn a_month_reaches_back_to_its_previous_month_and_a_history_to_its_trend() {
        let utc = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let w = window(&settings("2026-10", "UTC"), Reach::Period).unwrap();
        assert_eq!(
            (w.from, w.to),
            (utc("2026-09-01T00:00:00Z"), utc("2026-11-01T00:00:00Z"))
        );
        // The MTTR trend compares October with July and September with June.
        assert_eq!(w.incidents_from, utc("2026-06-01T00:00:00Z"));
        // A history of one month: its trend month (July) is later than the previous month's.
        let w = window(&settings("2026-10", "UTC"), Reach::History(1)).unwrap();
        assert_eq!(
            (w.from, w.incidents_from),
            (utc("2026-07-01T00:00:00Z"), utc("2026-06-01T00:00:00Z"))
        );
        // Twelve months ending in October 2026 start in November 2025; their trend reads the
        // three months before: August 2025.
        let w = window(&settings("2026-10", "UTC"), Reach::History(12)).unwrap();
        assert_eq!(
            (w.from, w.to, w.incidents_from),
            (
                utc("2025-08-01T00:00:00Z"),
                utc("2026-11-01T00:00:00Z"),
                utc("2025-08-01T00:00:00Z")
            )
        );
        // In Berlin (UTC+2 in September) the window starts in August, UTC.
        let w = window(&settings("2026-10", "Europe/Berlin"), Reach::Period).unwrap();
        assert_eq!(w.from, utc("2026-08-31T22:00:00Z"));
        // A history of a period of other bounds runs over whole months: to the end of May.
        let range = PeriodSettings::from_args(&PeriodArgs {
            month: None,
            from: Some("2026-03-15".into()),
            to: Some("2026-05-20".into()),
            timezone: "UTC".into(),
            force: false,
        })
        .unwrap();
        let w = window(&range, Reach::History(3)).unwrap();
        assert_eq!(
            (w.from, w.to),
            (utc("2025-12-01T00:00:00Z"), utc("2026-06-01T00:00:00Z"))
        );
        let w = window(&range, Reach::Period).unwrap();
        assert_eq!(
            (w.from, w.to),
            (utc("2026-01-08T00:00:00Z"), utc("2026-05-20T00:00:00Z"))
        );
        // The default period is known only from the data.
        let latest = PeriodSettings::from_args(&PeriodArgs {
            month: None,
            from: None,
            to: None,
            timezone: "UTC".into(),
            force: false,
        })
        .unwrap();
        assert_eq!(window(&latest, Reach::Period), None);
    }
}
