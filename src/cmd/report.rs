//! `socgauge report`: the HTML report of one organisation (tenant), one self-contained file; or,
//! with --portfolio, one report across every tenant (cmd/portfolio.rs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::assess::{self, Answers, Assessment, Rubric};
use crate::cli::ReportArgs;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::input::InputSettings;
use crate::metrics::history::{self, History};
use crate::metrics::{self, MetricsReport, Period, PeriodOut, PeriodSettings};
use crate::queries::metrics as q;
use crate::render::{self, HeaderFacts};
use crate::time::{rfc3339, rfc3339_bound};

/// Where a report goes without --output.
pub const REPORT_OUTPUT: &str = "socgauge-report.html";
/// Where a portfolio goes without --output.
pub const PORTFOLIO_OUTPUT: &str = "socgauge-portfolio.html";

/// How many months the report's trend covers, ending with the period's month.
pub const TREND_MONTHS: u32 = 12;

pub fn run(args: &ReportArgs, now: DateTime<Utc>) -> Result<()> {
    // A names file is checked against every tenant of the data: with one, every partition of
    // a lake is read.
    let measured = args
        .input
        .tenant
        .as_deref()
        .filter(|_| args.tenant_names.is_none());
    let input = InputSettings::from_args(&args.input, now)?.measuring(measured);
    let period = PeriodSettings::from_args(&args.period)?;
    let input = input.measuring_window(crate::metrics::reach::window(
        &period,
        crate::metrics::reach::Reach::History(TREND_MONTHS),
    ));
    let output = output_or(
        args.output.as_deref(),
        if args.portfolio {
            PORTFOLIO_OUTPUT
        } else {
            REPORT_OUTPUT
        },
    );
    let files = super::maturity_files::MaturityFiles::checked(
        &args.maturity,
        args.targets.as_deref(),
        ("--portfolio", args.portfolio),
    )?;
    // The reports sit beside the portfolio, named after it: beside a device they would be files
    // in /dev.
    if args.portfolio && args.with_reports && std::fs::metadata(&output).is_ok_and(|m| !m.is_file())
    {
        return Err(Error::Usage(format!(
            "--with-reports: `{}` is not a regular file, and the reports are written beside the \
             portfolio: name a file in a folder (e.g. -o site/portfolio.html)",
            output.display()
        )));
    }
    let mut maturity_files = files.inputs();
    // The other files a report reads are never its outputs either.
    maturity_files.extend([
        (
            "the pseudonym key file (--pseudonym-key-file)",
            args.owners.pseudonym_key_file.as_deref(),
        ),
        (
            "the tenant names file (--tenant-names)",
            args.tenant_names.as_deref(),
        ),
    ]);
    input.refuse_output_onto_inputs("--output", Some(output.as_path()), &maturity_files)?;
    if let Some(templates) = args.templates.as_deref() {
        crate::output::refuse_inside("--output", &output, ("--templates", templates))?;
    }
    if let Some(context) = &args.dump_context {
        let mut others = maturity_files.to_vec();
        others.push(("the report (--output)", Some(output.as_path())));
        input.refuse_output_onto_inputs("--dump-context", Some(context.as_path()), &others)?;
        if let Some(templates) = args.templates.as_deref() {
            crate::output::refuse_inside("--dump-context", context, ("--templates", templates))?;
        }
    }
    let generated_at = rfc3339(as_of(args.as_of.as_deref())?.unwrap_or(now));
    let name_flag = match args.tenant_name.as_deref().map(str::trim) {
        Some("") => return Err(Error::Usage("--tenant-name: the name is empty".into())),
        other => other.map(str::to_string),
    };
    let names = crate::tenants::display_names(args.tenant_names.as_deref())?;
    let owners = metrics::workload::OwnerNames::from_args(&args.owners)?;
    let (rubric, answers) = assess::load_inputs(
        args.maturity.rubric.as_deref(),
        args.maturity.answers.as_deref(),
    )?;
    let targets = args
        .targets
        .as_deref()
        .map(crate::targets::Targets::from_file)
        .transpose()?;
    // Fail on a broken template folder before doing any work.
    render::templates::environment(args.templates.as_deref())?;

    let given = args.input.tenant.as_deref().map(str::trim);
    if args.portfolio {
        let opened = super::open(&input)?;
        crate::tenants::check_display_names(
            args.tenant_names.as_deref(),
            &names,
            &crate::tenants::names(opened.db())?,
        )?;
        let answers = files.answers_by_tenant(opened.db(), &rubric)?;
        let maturity = super::portfolio::Maturity {
            rubric: &rubric,
            answers: &answers,
        };
        // Each tenant's report beside the portfolio is an output too: never a file this run
        // reads.
        let protect = |report: &Path| {
            input.refuse_output_onto_inputs("--with-reports", Some(report), &maturity_files)
        };
        return super::portfolio::run(
            args,
            opened,
            &period,
            maturity,
            super::portfolio::Naming {
                names: &names,
                owners: &owners,
                generated_at: &generated_at,
            },
            &protect,
        );
    }
    // The one organisation's scope is checked before a database file keeps the load.
    let (opened, (tenant, period)) =
        super::open_checked(&input, |db| scope_of(db, given, &period))?;
    let db = opened.db();
    crate::tenants::check_display_names(
        args.tenant_names.as_deref(),
        &names,
        &crate::tenants::names(db)?,
    )?;
    let tenant = tenant.as_deref();
    let mut measured = measure_tenant(
        db,
        &period,
        tenant,
        &rubric,
        answers.as_ref(),
        targets.as_ref(),
    )?;
    measured.name_owners(db, &owners)?;
    let organisation = name_flag
        .or_else(|| tenant.map(|t| display_name(&names, t)))
        .unwrap_or_else(|| "All tenants".to_string());
    let ctx = measured.context(&period, organisation, &generated_at)?;
    let mut outputs = crate::output::Outputs::new();
    if let Some(path) = &args.dump_context {
        let json = serde_json::to_vec_pretty(&ctx).map_err(|e| Error::Output {
            what: "the report context",
            message: e.to_string(),
        })?;
        outputs.add(Some(path), json)?;
    }
    let html = crate::csv_safe::without_controls(&render::html(&ctx, args.templates.as_deref())?);
    outputs.add(Some(&output), html.into_bytes())?;
    opened.deliver(outputs)?;
    crate::say!("report written to {}", output.display());
    Ok(())
}

/// The tenant (`given`, or the only one of the data) and the period one organisation's report
/// covers; refused when the data holds several tenants and none is given, or nothing in the
/// period.
fn scope_of(
    db: &crate::db::Db,
    given: Option<&str>,
    settings: &PeriodSettings,
) -> Result<(Option<String>, metrics::Period)> {
    super::check_scope(
        db,
        given,
        super::Pooling::Refused {
            command: "report",
            all_tenants: "--portfolio (one report across every tenant)",
        },
    )?;
    // Data of one tenant is that tenant's report, named as such.
    let tenant = match given {
        Some(t) => Some(t.to_string()),
        None => crate::tenants::names(db)?.into_iter().next(),
    };
    let period = settings.resolve(db, tenant.as_deref())?;
    super::refuse_empty_period(db, settings, &period, tenant.as_deref())?;
    Ok((tenant, period))
}

/// `--as-of`: an RFC 3339 instant.
fn as_of(text: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    text.map(|t| {
        DateTime::parse_from_rfc3339(t.trim())
            .map(|d| d.with_timezone(&Utc))
            .map_err(|_| Error::Usage(format!("--as-of: `{t}` is not an RFC 3339 instant")))
    })
    .transpose()
}

/// Everything one tenant's report (or its portfolio entry) shows.
pub(crate) struct Measured {
    pub report: MetricsReport,
    pub assessment: Assessment,
    /// The previous period's assessment, when that period has data.
    pub previous: Option<Assessment>,
    pub history: History,
    /// Each history month's assessment (`None` for a month without data).
    pub monthly: Vec<Option<Assessment>>,
    /// The latest timestamp of the tenant's data, RFC 3339, or `–`.
    pub data_up_to: String,
}

impl Measured {
    /// Shows the owners as `owners` says, in the report and its trend months alike.
    pub(crate) fn name_owners(
        &mut self,
        db: &Db,
        owners: &metrics::workload::OwnerNames,
    ) -> Result<()> {
        owners.apply(db, &mut self.report)?;
        owners.apply_blocks(
            db,
            self.history
                .months
                .iter_mut()
                .filter_map(|m| m.metrics.as_mut())
                .collect(),
        )
    }
}

/// Measures and assesses one tenant (or all pooled) for `period`, with its twelve-month trend.
pub(crate) fn measure_tenant(
    db: &Db,
    period: &Period,
    tenant: Option<&str>,
    rubric: &Rubric,
    answers: Option<&Answers>,
    targets: Option<&crate::targets::Targets>,
) -> Result<Measured> {
    crate::facts::ensure(db)?;
    let exports = metrics::availability::ByTenant::load(db)?;
    let report = metrics::compute_from(db, &exports, period, tenant, false, targets)?;
    let assessment = assess::assess(&report, rubric, answers);
    let assess_period = |period: &PeriodOut, metrics: &metrics::Metrics| {
        let one = MetricsReport {
            period: period.clone(),
            tenant: report.tenant.clone(),
            metrics: metrics.clone(),
            ..MetricsReport::default()
        };
        assess::assess(&one, rubric, answers)
    };
    // The previous period's assessment, from the previous metrics the report already holds.
    let previous = report
        .previous
        .as_ref()
        .map(|p| assess_period(&p.period, &p.metrics));
    let history =
        history::compute_reusing(db, &exports, period, tenant, TREND_MONTHS, Some(&report))?;
    let monthly = history
        .months
        .iter()
        .map(|m| {
            m.metrics.as_ref().map(|metrics| {
                let out = PeriodOut {
                    from: m.period.from.clone(),
                    to: m.period.to.clone(),
                    timezone: report.period.timezone.clone(),
                    label: m.period.label.clone(),
                    partial: false,
                };
                assess_period(&out, metrics)
            })
        })
        .collect();
    #[derive(Deserialize)]
    struct Latest {
        latest_us: Option<i64>,
    }
    let latest: Latest = db.one(&q::LATEST_TIMESTAMP, &[&tenant])?;
    let data_up_to = latest
        .latest_us
        .and_then(DateTime::<Utc>::from_timestamp_micros)
        .map_or_else(|| "–".to_string(), rfc3339_bound);
    Ok(Measured {
        report,
        assessment,
        previous,
        history,
        monthly,
        data_up_to,
    })
}

impl Measured {
    /// The tenant's row and section of a portfolio (the report's and a published site's index).
    pub(crate) fn portfolio_input(
        &self,
        name: String,
        months_in_data: usize,
        report_path: Option<String>,
    ) -> render::portfolio::TenantInput<'_> {
        render::portfolio::TenantInput {
            name,
            report: &self.report,
            assessment: &self.assessment,
            previous: self.previous.as_ref(),
            months: &self.history.months,
            monthly: &self.monthly,
            data_up_to: &self.data_up_to,
            months_in_data,
            report_path,
        }
    }

    /// The full report's view-model.
    pub(crate) fn context(
        &self,
        period: &Period,
        organisation: String,
        generated_at: &str,
    ) -> Result<render::ReportContext> {
        let facts = HeaderFacts {
            organisation,
            period_label: period.human_label(),
            generated_at: generated_at.to_string(),
            data_up_to: self.data_up_to.clone(),
        };
        let trend = render::history::trend(&self.history.months, &self.monthly)?;
        render::context(
            &self.report,
            &self.assessment,
            self.previous.as_ref(),
            &facts,
            trend,
        )
    }
}

/// The display name of `tenant`: from the names file, else its id.
pub(crate) fn display_name(names: &BTreeMap<String, String>, tenant: &str) -> String {
    names
        .get(tenant)
        .cloned()
        .unwrap_or_else(|| tenant.to_string())
}

/// The default output of a report or portfolio.
pub(crate) fn output_or(path: Option<&Path>, default: &str) -> PathBuf {
    path.map_or_else(|| PathBuf::from(default), Path::to_path_buf)
}
