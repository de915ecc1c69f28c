//! `socgauge report`: the HTML report, one self-contained file.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::assess;
use crate::cli::ReportArgs;
use crate::error::{Error, Result};
use crate::input::InputSettings;
use crate::metrics::{self, PeriodSettings};
use crate::queries::metrics as q;
use crate::render;
use crate::time::rfc3339;

pub fn run(args: &ReportArgs, now: DateTime<Utc>) -> Result<()> {
    let input = InputSettings::from_args(&args.input, now)?;
    let period = PeriodSettings::from_args(&args.period)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| DateTime::parse_from_rfc3339(t.trim()).map(|d| d.with_timezone(&Utc)))
        .transpose()
        .map_err(|_| {
            Error::Usage(format!(
                "--as-of: `{}` is not an RFC 3339 instant",
                args.as_of.as_deref().unwrap_or("")
            ))
        })?;
    let (rubric, answers) = assess::load_inputs(
        args.maturity.rubric.as_deref(),
        args.maturity.answers.as_deref(),
    )?;
    // Fail on a broken template folder before doing any work.
    render::templates::environment(args.templates.as_deref())?;

    let tenant = args.input.tenant.as_deref().map(str::trim);
    let (db, report) = super::measure_for_verdict(&input, &period, tenant)?;
    let assessment = assess::assess(&report, &rubric, answers.as_ref());
    // The previous period's assessment, from the previous metrics the report already holds.
    let previous = report.previous.as_ref().map(|p| {
        let before = metrics::MetricsReport {
            period: p.period.clone(),
            tenant: report.tenant.clone(),
            metrics: p.metrics.clone(),
            ..metrics::MetricsReport::default()
        };
        assess::assess(&before, &rubric, answers.as_ref())
    });
    let generated_at = match as_of {
        Some(t) => rfc3339(t),
        None => {
            #[derive(Deserialize)]
            struct Latest {
                latest_us: Option<i64>,
            }
            let latest: Latest = db.one(&q::LATEST_TIMESTAMP, &[&tenant])?;
            latest
                .latest_us
                .and_then(DateTime::<Utc>::from_timestamp_micros)
                .map_or_else(|| "–".to_string(), rfc3339)
        }
    };

    let ctx = render::context(&report, &assessment, previous.as_ref(), &generated_at)?;
    if let Some(path) = &args.dump_context {
        let json = serde_json::to_vec_pretty(&ctx).map_err(|e| Error::Output {
            what: "the report context",
            message: e.to_string(),
        })?;
        crate::output::write(Some(path), &json)?;
    }
    let html = render::html(&ctx, args.templates.as_deref())?;
    crate::output::write(Some(&args.output), html.as_bytes())?;
    eprintln!("report written to {}", args.output.display());
    Ok(())
}
