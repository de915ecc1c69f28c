//! The period to measure, as UTC instants, from the period flags and the time zone.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::Deserialize;

use crate::cli::PeriodArgs;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::metrics::model::PeriodOut;
use crate::queries::metrics as q;
use crate::time::{add_months, month_bounds, parse_instant, parse_month, rfc3339, Zone};

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
                PeriodRequest::Month(y, m)
            }
            (None, Some(from), Some(to)) => {
                let from =
                    parse_instant(from, &zone).map_err(|e| Error::Usage(format!("--from: {e}")))?;
                let to =
                    parse_instant(to, &zone).map_err(|e| Error::Usage(format!("--to: {e}")))?;
                if to <= from {
                    return Err(Error::Usage("--to must be later than --from".into()));
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
    /// The period `n` periods before this one: calendar months for a month, else the same length.
    pub fn earlier(&self, n: u32) -> Period {
        let n_i32 = i32::try_from(n).unwrap_or(0);
        match self.month {
            Some((y, m)) => {
                let (py, pm) = add_months(y, m, -n_i32);
                let (from, to) = month_bounds(py, pm, &self.zone).unwrap_or((self.from, self.to));
                Period {
                    from,
                    to,
                    month: Some((py, pm)),
                    ..self.clone()
                }
            }
            None => {
                let len = self.to - self.from;
                let shift = len * n_i32;
                Period {
                    from: self.from - shift,
                    to: self.to - shift,
                    month: None,
                    ..self.clone()
                }
            }
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

    pub fn out(&self) -> PeriodOut {
        PeriodOut {
            from: rfc3339(self.from),
            to: rfc3339(self.to),
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
