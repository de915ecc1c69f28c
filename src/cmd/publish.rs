//! `socgauge publish`: the flags checked, then the site published (src/publish/).

use chrono::{DateTime, Utc};

use crate::cli::PublishArgs;
use crate::error::{Error, Result};
use crate::metrics::period::{FIRST_YEAR, LAST_YEAR};
use crate::publish::{self, config::PublishConfig, Request};

pub fn run(args: &PublishArgs, now: DateTime<Utc>) -> Result<()> {
    let month = args
        .month
        .as_deref()
        .map(|text| {
            let (y, m) = crate::time::parse_month(text)
                .map_err(|e| Error::Usage(format!("--month: {e}")))?;
            if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
                return Err(Error::Usage(format!(
                    "--month: {y:04}-{m:02} is outside the years {FIRST_YEAR} to {LAST_YEAR} that socgauge measures"
                )));
            }
            Ok((y, m))
        })
        .transpose()?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| {
            DateTime::parse_from_rfc3339(t.trim())
                .map(|d| d.with_timezone(&Utc))
                .map_err(|_| Error::Usage(format!("--as-of: `{t}` is not an RFC 3339 instant")))
        })
        .transpose()?;
    let config = PublishConfig::load(&args.config)?;
    let request = Request {
        month,
        backfill: args.backfill.unwrap_or(config.backfill),
        as_of,
        wait: std::time::Duration::from_secs(args.wait),
    };
    publish::run(&config, &request, now)
}
