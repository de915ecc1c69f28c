//! `socgauge publish`: ingest the configured exports, then write a static site of reports, a
//! portfolio index and machine-readable results, atomically and idempotently.
//!
//! The site (`output`):
//! - `index.html`: the portfolio of the month, linking every tenant;
//! - `<slug>/index.html`: a tenant's published months with their stage and links;
//! - `<slug>/<YYYY-MM>.html`: a tenant's full report of one month;
//! - `latest.json`: the month's results per tenant and the `fail_on` conditions that hold;
//! - `history.csv`, `history.parquet`: one row per tenant × month × metric.
//!
//! A site is cumulative: the months a previous run published stay. Each tenant-month has a
//! fingerprint (its data before the month's end and its page settings, kept in the database); an
//! unchanged one is copied from the previous site, not rendered. Everything is built in a hidden
//! folder beside the site and swapped in whole (see [`site`]).

pub mod config;
pub(crate) mod pages;
pub mod site;
pub mod sla;
pub mod slug;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::assess::{self, Answers, Layer, Rubric};
use crate::cmd::report::{measure_tenant, Measured};
use crate::db::{Access, Db, EngineOptions};
use crate::error::{Error, Result};
use crate::input::InputSettings;
use crate::load_copy::LoadCopy;
use crate::metrics::catalog::{Presence, Shape};
use crate::metrics::{MetricKey, Period, PeriodRequest, PeriodSettings, Ratio, CATALOG};
use crate::queries::publish as pq;
use crate::time::{add_months, rfc3339, rfc3339_bound};

use config::{PublishConfig, TenantConfig};
use site::{SiteLock, SitePaths};

/// The version of latest.json's layout.
pub const SCHEMA_VERSION: u32 = 1;

/// What the command line adds to the configuration.
#[derive(Debug, Clone)]
pub struct Request {
    /// `--month`; default: the last month the data covers completely.
    pub month: Option<(i32, u32)>,
    /// Months before the month also published.
    pub backfill: u32,
    /// `--as-of`: the "generated" time of rendered pages; never changes the months.
    pub as_of: Option<DateTime<Utc>>,
    /// How long to wait for the site's lock and the database.
    pub wait: Duration,
}

/// The key metrics latest.json gives per tenant, with their previous month's values.
const KEY_METRICS: [MetricKey; 10] = [
    MetricKey::incidents,
    MetricKey::alerts,
    MetricKey::mttd,
    MetricKey::mtta,
    MetricKey::mttc,
    MetricKey::mttr,
    MetricKey::noise_ratio,
    MetricKey::automation_rate,
    MetricKey::backlog,
    MetricKey::rejected_row_rate,
];

/// What a tenant-month's pages need again when it is not rendered: kept in the database as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthSummary {
    pub stage: Option<u8>,
    pub previous_stage: Option<u8>,
    pub unassessed_layers: Vec<String>,
    /// Key metric → {value, previous, unit}.
    pub metrics: Map<String, Value>,
}

impl MonthSummary {
    fn of(measured: &Measured) -> MonthSummary {
        let now = &measured.report.metrics;
        let before = measured.report.previous.as_ref().map(|p| &p.metrics);
        let metrics = KEY_METRICS
            .iter()
            .map(|key| {
                let def = key.def();
                let value = def.of(now).headline_json();
                let previous = before.map_or(Value::Null, |m| def.of(m).headline_json());
                (
                    def.name.to_string(),
                    serde_json::json!({"value": value, "previous": previous, "unit": def.unit.name()}),
                )
            })
            .collect();
        MonthSummary {
            stage: measured.assessment.overall.stage,
            previous_stage: measured.previous.as_ref().and_then(|p| p.overall.stage),
            unassessed_layers: measured
                .assessment
                .overall
                .unassessed_layers
                .iter()
                .map(|l| l.id().to_string())
                .collect(),
            metrics,
        }
    }
}

/// A tenant to publish, with its maturity inputs and what its pages' fingerprints include.
struct Tenant {
    config: TenantConfig,
    slug: String,
    rubric: Rubric,
    answers: Option<Answers>,
    /// The service-level targets and calendar (the configuration's).
    targets: Option<crate::targets::Targets>,
    /// Everything beside the data that a page of this tenant shows.
    settings: String,
}

/// One month of the site, for one tenant, as the indexes show it.
struct PublishedMonth {
    month: (i32, u32),
    period: Period,
    summary: Option<MonthSummary>,
}

/// How much of the site this run rendered and copied.
#[derive(Debug, Default)]
struct Counts {
    rendered: usize,
    copied: usize,
    empty: usize,
}

/// The stored state of one tenant-month.
#[derive(Debug, Deserialize)]
struct Stored {
    tenant: String,
    month: String,
    fingerprint: String,
    summary: Option<String>,
}

/// Publishes the site of `config` (see the module documentation).
pub fn run(config: &PublishConfig, request: &Request, now: DateTime<Utc>) -> Result<()> {
    let paths = SitePaths::new(&config.output)?;
    refuse_site_over_inputs(config, &paths)?;
    crate::db::refuse_foreign_file(
        &config.database,
        &config.database,
        &format!("`{}`: database", config.path.display()),
    )?;
    refuse_site_inside_a_site(&paths)?;
    refuse_foreign_folder(&paths)?;
    // Every setting checked before the lock is taken and any work starts.
    let inputs = input_settings(config, now, request.wait)?;
    let default_rubric = match &config.rubric {
        Some(path) => {
            // Read here too when every tenant comes from the database (no [[tenant]]): a
            // rubric that does not parse is a usage error before anything is loaded.
            assess::load_inputs(Some(path), None)?;
            Some(read_text(path)?)
        }
        None => None,
    };
    let maturity: Vec<(Rubric, Option<Answers>, String)> = config
        .tenants
        .iter()
        .map(|t| maturity_of(t, config.rubric.as_deref(), default_rubric.as_deref()))
        .collect::<Result<_>>()?;
    crate::render::templates::environment(None)?;
    let generated_at = rfc3339(request.as_of.unwrap_or(now));

    let _lock = SiteLock::acquire(&paths, request.wait)?;
    paths.recover()?;
    // Written only to load the inputs and create the publishing tables; then only read (any
    // number of readers run beside the publish), and written again to save the fingerprints.
    let db = open_and_ingest(config, &inputs, request.wait)?;
    db.batch(&pq::SCHEMA)?;
    drop(db);
    let db = open_reader(&config.database, request.wait)?;
    db.batch(&pq::RUN_TABLES)?;

    let site_key = paths.key();
    let tenants = tenants_of(config, &db, &site_key, maturity, default_rubric.as_deref())?;
    let settings = PeriodSettings {
        request: request.month.map_or(PeriodRequest::LatestMonth, |(y, m)| {
            PeriodRequest::Month(y, m)
        }),
        zone: config.zone,
        zone_name: config.timezone.clone(),
    };
    let period = settings.resolve(&db, None)?;
    // A month without data (asked for: a typo, a month to come; or the default, the last month
    // the data covers completely, when the data starts inside its latest month) is refused as
    // `report` refuses it: published, it would become the site's latest month, empty for every
    // tenant, in place of the month the site showed.
    crate::cmd::refuse_empty_period(&db, &settings, &period, None)?;
    let month = period
        .month
        .ok_or_else(|| Error::Internal("the published period is not a month".into()))?;
    let requested: BTreeSet<(i32, u32)> = (0..=request.backfill)
        .map(|back| add_months(month.0, month.1, -i32::try_from(back).unwrap_or(0)))
        .filter(|(y, _)| {
            (crate::metrics::period::FIRST_YEAR..=crate::metrics::period::LAST_YEAR).contains(y)
        })
        .collect();
    let stored: BTreeMap<(String, String), Stored> = db
        .rows::<Stored>(&pq::STORED_PAGES, &[&site_key])?
        .into_iter()
        .map(|s| ((s.tenant.clone(), s.month.clone()), s))
        .collect();

    // The tenants the site holds before this run: its own record (latest.json), and the pages
    // the database remembers (a site whose latest.json was lost).
    let mut before = tenants_in_site(&paths.site.join("latest.json"));
    before.extend(stored.keys().map(|(t, _)| t.clone()));

    let build = BuildDir::create(paths.build())?;
    let mut counts = Counts::default();
    let mut months_of: Vec<Vec<PublishedMonth>> = Vec::new();
    // Each tenant's measures of the site's month.
    let mut current: Vec<Measured> = Vec::new();
    for tenant in &tenants {
        let mut months: BTreeSet<(i32, u32)> = requested.clone();
        months.extend(
            stored
                .keys()
                .filter(|(t, _)| *t == tenant.config.id)
                .filter_map(|(_, m)| crate::time::parse_month(m).ok()),
        );
        let mut published = Vec::new();
        let mut this_month = None;
        for &(y, m) in &months {
            let (period, measured, summary) = publish_month(
                &db,
                &settings,
                tenant,
                (y, m),
                &Site {
                    key: &site_key,
                    previous: &paths.site,
                    build: build.path(),
                    stored: &stored,
                    generated_at: &generated_at,
                },
                &mut counts,
            )?;
            if (y, m) == month {
                // Measured even without data that month: the index's portfolio shows the tenant
                // without a verdict (as `report --portfolio` does), and latest.json its stage
                // of the month before.
                this_month = Some(match measured {
                    Some(measured) => measured,
                    None => measure_month(&db, &period, tenant)?.0,
                });
            }
            published.push(PublishedMonth {
                month: (y, m),
                period,
                summary,
            });
        }
        months_of.push(published);
        current.push(this_month.ok_or_else(|| {
            Error::Internal("the published month was not among the months rendered".into())
        })?);
    }

    let month_period = month_of(&settings, &db, month, None)?;
    let index = pages::Index {
        tenants: &tenants
            .iter()
            .zip(&months_of)
            .zip(&current)
            .map(|((t, months), measured)| pages::TenantPages {
                id: &t.config.id,
                name: &t.config.name,
                slug: &t.slug,
                months: months
                    .iter()
                    .map(|p| pages::MonthLink {
                        month: p.month,
                        human_label: p.period.human_label(),
                        stage: p.summary.as_ref().map(|s| s.stage),
                    })
                    .collect(),
                current: measured,
            })
            .collect::<Vec<_>>(),
        month,
        period: &month_period,
        generated_at: &generated_at,
    };
    let summaries = crate::tenants::summaries(&db)?;
    for (path, bytes) in pages::render(&index, &summaries)? {
        crate::output::write_file(&build.path().join(path), &bytes)?;
    }

    let conditions = conditions(config, &db, &tenants, &months_of, &current, month)?;
    let latest = latest_json(
        &tenants,
        &months_of,
        &current,
        month,
        &month_period,
        &generated_at,
        &conditions,
    )?;
    crate::output::write_file(&build.path().join("latest.json"), &latest)?;
    write_history(&db, build.path())?;
    let stash = BuildDir::create(paths.stash())?;
    stash_rows(&db, stash.path())?;
    drop(db);

    // What the site's pages were rendered from is forgotten before the site changes: should the
    // swap or the save below fail, or the run be killed between them, the database never pairs
    // the new pages with the fingerprints of older ones (which would have the next run copy a
    // page rendered with other settings). A failure here leaves the site and database as they
    // were.
    disown_pages(&config.database, &site_key, request.wait)?;
    paths.swap_in(build.path(), replaceable_by_site, || {
        foreign_folder(&paths.site)
    })?;
    build.disarm();
    if let Err(err) = save(&config.database, &site_key, stash.path(), request.wait) {
        // The site is published and complete; only the record of what it holds is missing, so
        // the next run renders every page again instead of copying.
        crate::say!(
            "warning: the site is published, but its page fingerprints could not be saved \
             (the next run renders every page again): {err}"
        );
    }
    drop(stash);
    // A client taken out of the configuration (or gone from the data) leaves the site with its
    // pages: links handed out for it now lead nowhere, which its publisher should hear of.
    let published: BTreeSet<&str> = tenants.iter().map(|t| t.config.id.as_str()).collect();
    let left: BTreeSet<&str> = before
        .iter()
        .map(String::as_str)
        .filter(|t| !published.contains(t))
        .collect();
    for tenant in left {
        crate::say!(
            "warning: tenant `{}`, published in this site before, is not published by this run \
             (not in the [[tenant]] list, or no longer in the data): its pages left the site",
            crate::tenants::printable(tenant)
        );
    }

    let months_total = months_of.iter().map(Vec::len).sum::<usize>();
    crate::show!(
        "published `{}` for {}-{:02}: {} tenant{}, {} tenant-months: {} rendered, {} unchanged (copied), {} without data",
        paths.site.display(),
        month.0,
        month.1,
        tenants.len(),
        if tenants.len() == 1 { "" } else { "s" },
        months_total,
        counts.rendered,
        counts.copied,
        counts.empty
    );
    if conditions.is_empty() {
        return Ok(());
    }
    for c in &conditions {
        crate::say!("condition {}: {}", c.name, c.message);
    }
    let names: BTreeSet<&str> = conditions.iter().map(|c| c.name).collect();
    Err(Error::ConditionsHold(
        names.into_iter().collect::<Vec<_>>().join(", "),
    ))
}

/// Where this run reads and writes pages.
struct Site<'a> {
    key: &'a str,
    /// The site as the previous run left it (unchanged pages are copied from it).
    previous: &'a Path,
    build: &'a Path,
    stored: &'a BTreeMap<(String, String), Stored>,
    generated_at: &'a str,
}

/// One tenant-month: its fingerprint, then its page copied (unchanged) or rendered; its rows
/// recorded for the site. Returns the month's period, what was measured (when rendered) and its
/// summary (`None` without data).
fn publish_month(
    db: &Db,
    settings: &PeriodSettings,
    tenant: &Tenant,
    (y, m): (i32, u32),
    site: &Site<'_>,
    counts: &mut Counts,
) -> Result<(Period, Option<Measured>, Option<MonthSummary>)> {
    #[derive(Deserialize)]
    struct Fingerprint {
        fingerprint: String,
    }
    let label = format!("{y}-{m:02}");
    let id = tenant.config.id.as_str();
    let (period, _) = month_end(db, settings, (y, m), id)?;
    let fingerprint: Fingerprint = db.one(
        &pq::FINGERPRINT,
        &[&id, &rfc3339(period.to), &tenant.settings],
    )?;
    let fingerprint = fingerprint.fingerprint;
    let page = PathBuf::from(&tenant.slug).join(format!("{label}.html"));
    let keep = |summary: Option<&MonthSummary>| -> Result<()> {
        let json = summary
            .map(|s| serde_json::to_string(s).map_err(|e| internal_json(&e)))
            .transpose()?;
        db.execute(
            &pq::KEEP_PAGE,
            &[&site.key, &id, &label, &fingerprint, &json],
        )?;
        Ok(())
    };
    if !crate::metrics::has_rows(db, &period, Some(id))? {
        counts.empty += 1;
        keep(None)?;
        return Ok((period, None, None));
    }
    let unchanged = site
        .stored
        .get(&(id.to_string(), label.clone()))
        .filter(|s| s.fingerprint == fingerprint)
        .and_then(|s| s.summary.as_deref())
        .and_then(|s| serde_json::from_str::<MonthSummary>(s).ok());
    let previous_page = site.previous.join(&page);
    if let Some(summary) = unchanged.filter(|_| previous_page.is_file()) {
        let bytes = std::fs::read(&previous_page).map_err(|source| Error::Io {
            path: previous_page.clone(),
            source,
        })?;
        crate::output::write_file(&site.build.join(&page), &bytes)?;
        db.execute(&pq::KEEP_HISTORY, &[&site.key, &id, &label])?;
        keep(Some(&summary))?;
        counts.copied += 1;
        return Ok((period, None, Some(summary)));
    }
    let (measured, period) = measure_month(db, &period, tenant)?;
    let ctx = measured.context(
        &period,
        pages::isolated(&tenant.config.name),
        site.generated_at,
    )?;
    let html = crate::csv_safe::without_controls(&crate::render::html(&ctx, None)?);
    crate::output::write_file(&site.build.join(&page), html.as_bytes())?;
    // Business-time durations only with a calendar, as in the `metrics` output (absent, not
    // rows of nulls without a reason).
    let calendar = tenant
        .targets
        .as_ref()
        .is_some_and(|t| t.calendar.is_some());
    let rows: Vec<Value> = CATALOG
        .iter()
        .enumerate()
        .filter(|(_, def)| def.present == Presence::Always || calendar)
        // One number per row: the list-shaped metrics (workload, categories, …) have none, and
        // are on the month's page.
        .filter(|(_, def)| {
            matches!(
                def.shape,
                Shape::Count | Shape::Ratio | Shape::Duration | Shape::Change
            )
        })
        .map(|(position, def)| {
            let value = def.of(&measured.report.metrics);
            serde_json::json!({
                "position": position,
                "metric": def.name,
                "unit": def.unit.name(),
                "value": value.headline(),
                "unavailable": value.unavailable_reason(),
            })
        })
        .collect();
    let rows = serde_json::to_string(&rows).map_err(|e| internal_json(&e))?;
    db.execute(
        &pq::ADD_HISTORY,
        &[
            &site.key,
            &id,
            &tenant.config.name,
            &tenant.slug,
            &label,
            &rfc3339(period.from),
            &rfc3339(period.to),
            &rows,
        ],
    )?;
    let summary = MonthSummary::of(&measured);
    keep(Some(&summary))?;
    counts.rendered += 1;
    Ok((period, Some(measured), Some(summary)))
}

/// A tenant's month as its page measures it: the data stops at the month's end, so that later
/// data never changes an earlier month's page ("data up to", completeness).
fn month_end(
    db: &Db,
    settings: &PeriodSettings,
    month: (i32, u32),
    tenant: &str,
) -> Result<(Period, Option<DateTime<Utc>>)> {
    #[derive(Deserialize)]
    struct End {
        latest_us: Option<i64>,
        created_us: Option<i64>,
    }
    let mut period = month_of(settings, db, month, Some(tenant))?;
    let end: End = db.one(&pq::MONTH_END, &[&tenant, &rfc3339(period.to)])?;
    period.data_end = end
        .created_us
        .and_then(DateTime::<Utc>::from_timestamp_micros);
    Ok((
        period,
        end.latest_us
            .and_then(DateTime::<Utc>::from_timestamp_micros),
    ))
}

/// The calendar month `month` in the configured zone.
fn month_of(
    settings: &PeriodSettings,
    db: &Db,
    (y, m): (i32, u32),
    tenant: Option<&str>,
) -> Result<Period> {
    PeriodSettings {
        request: PeriodRequest::Month(y, m),
        ..settings.clone()
    }
    .resolve(db, tenant)
}

/// Measures and assesses a tenant's month (see [`month_end`]).
fn measure_month(db: &Db, period: &Period, tenant: &Tenant) -> Result<(Measured, Period)> {
    let id = tenant.config.id.as_str();
    let month = period
        .month
        .ok_or_else(|| Error::Internal("a published period is not a month".into()))?;
    let settings = PeriodSettings {
        request: PeriodRequest::Month(month.0, month.1),
        zone: period.zone,
        zone_name: period.zone_name.clone(),
    };
    let (period, latest) = month_end(db, &settings, month, id)?;
    let mut measured = measure_tenant(
        db,
        &period,
        Some(id),
        &tenant.rubric,
        tenant.answers.as_ref(),
        tenant.targets.as_ref(),
    )?;
    measured.data_up_to = latest.map_or_else(|| "–".to_string(), rfc3339_bound);
    Ok((measured, period))
}

/// A `fail_on` condition that holds.
#[derive(Debug, Clone)]
pub struct Condition {
    pub name: &'static str,
    /// The tenant it holds for; `None` for the whole site.
    pub tenant: Option<String>,
    pub message: String,
}

fn conditions(
    config: &PublishConfig,
    db: &Db,
    tenants: &[Tenant],
    months_of: &[Vec<PublishedMonth>],
    current: &[Measured],
    month: (i32, u32),
) -> Result<Vec<Condition>> {
    let fail_on = &config.fail_on;
    let mut out = Vec::new();
    let label = format!("{}-{:02}", month.0, month.1);
    for ((tenant, months), measured) in tenants.iter().zip(months_of).zip(current) {
        let who = format!("tenant `{}`", crate::tenants::printable(&tenant.config.id));
        let summary = months
            .iter()
            .find(|p| p.month == month)
            .and_then(|p| p.summary.as_ref());
        let mut hold = |name: &'static str, message: String| {
            out.push(Condition {
                name,
                tenant: Some(tenant.config.id.clone()),
                message,
            })
        };
        match summary {
            None if fail_on.no_data => hold(
                "no_data",
                format!("{who} has no incident and no alert in {label}"),
            ),
            None => {}
            Some(s) => {
                if let (true, Some(now), Some(before)) =
                    (fail_on.stage_drop, s.stage, s.previous_stage)
                {
                    if now < before {
                        hold(
                            "stage_drop",
                            format!("{who}: overall stage {before} → {now} in {label}"),
                        );
                    }
                }
            }
        }
        if let (Some(min), Some(_)) = (fail_on.min_sla_compliance, summary) {
            if let Some((row, lowest)) = sla::lowest_sla_compliance(&measured.report.metrics) {
                if lowest < min {
                    hold(
                        "min_sla_compliance",
                        format!(
                            "{who}: lowest service-level compliance {:.1} % ({} {}, {} of {} \
                             incidents within target) is below {:.1} % in {label}",
                            lowest * 100.0,
                            row.severity,
                            row.target,
                            row.met,
                            row.n,
                            min * 100.0
                        ),
                    );
                }
            }
        }
    }
    if let Some(max) = fail_on.max_reject_share {
        // Over every file of the database: the condition is the whole site's.
        let loads = crate::metrics::inputs::Loads::of(db, None)?;
        if let Some(share) = Ratio::new(loads.rows_rejected, loads.rows_read).value {
            if share > max {
                out.push(Condition {
                    name: "max_reject_share",
                    tenant: None,
                    message: format!(
                        "{} of {} rows read were rejected ({:.2} %), more than {:.2} %",
                        loads.rows_rejected,
                        loads.rows_read,
                        share * 100.0,
                        max * 100.0
                    ),
                });
            }
        }
    }
    Ok(out)
}

/// latest.json (see the contract in the README).
fn latest_json(
    tenants: &[Tenant],
    months_of: &[Vec<PublishedMonth>],
    current: &[Measured],
    month: (i32, u32),
    period: &Period,
    generated_at: &str,
    conditions: &[Condition],
) -> Result<Vec<u8>> {
    let label = format!("{}-{:02}", month.0, month.1);
    let list: Vec<Value> = tenants
        .iter()
        .zip(months_of)
        .zip(current)
        .map(|((t, months), measured)| {
            let summary = months
                .iter()
                .find(|p| p.month == month)
                .and_then(|p| p.summary.as_ref());
            // Without data this month, the stage of the month before as the site published it,
            // else (a month the site does not hold) as assessed now.
            let before = add_months(month.0, month.1, -1);
            let previous_stage = match summary {
                Some(s) => s.previous_stage,
                None => match months.iter().find(|p| p.month == before) {
                    Some(published) => published.summary.as_ref().and_then(|s| s.stage),
                    None => measured.previous.as_ref().and_then(|p| p.overall.stage),
                },
            };
            let names: BTreeSet<&str> = conditions
                .iter()
                .filter(|c| c.tenant.as_deref() == Some(t.config.id.as_str()))
                .map(|c| c.name)
                .collect();
            serde_json::json!({
                "id": t.config.id,
                "name": t.config.name,
                "slug": t.slug,
                "stage": summary.and_then(|s| s.stage),
                "previous_stage": previous_stage,
                // A tenant without data this month has no layer assessed (docs/maturity.md).
                "unassessed_layers": summary.map_or_else(
                    || Layer::ALL.iter().map(|l| l.id().to_string()).collect(),
                    |s| s.unassessed_layers.clone()
                ),
                "report": summary.map(|_| format!("{}/{label}.html", t.slug)),
                "metrics": summary.map(|s| s.metrics.clone()).unwrap_or_default(),
                "conditions": names,
            })
        })
        .collect();
    let all: BTreeSet<&str> = conditions.iter().map(|c| c.name).collect();
    let doc = serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at,
        "period": {"from": rfc3339(period.from), "to": rfc3339(period.to), "label": label},
        "tenants": list,
        "conditions": all,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| internal_json(&e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// history.csv (cells made safe for spreadsheets) and history.parquet (DuckDB's COPY), from the
/// rows of this run.
fn write_history(db: &Db, build: &Path) -> Result<()> {
    #[derive(Deserialize)]
    struct Row {
        tenant: String,
        name: String,
        slug: String,
        month: String,
        period_from: String,
        period_to: String,
        metric: String,
        unit: String,
        value: Option<f64>,
        unavailable: Option<String>,
    }
    let rows: Vec<Row> = db.rows(&pq::HISTORY_ROWS, &[])?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Output {
        what: "history.csv",
        message: e.to_string(),
    };
    w.write_record([
        "tenant",
        "name",
        "slug",
        "month",
        "period_from",
        "period_to",
        "metric",
        "unit",
        "value",
        "unavailable",
    ])
    .map_err(io)?;
    for r in &rows {
        let value = r.value.map(|v| v.to_string()).unwrap_or_default();
        let unavailable = r.unavailable.clone().unwrap_or_default();
        let cells = [
            &r.tenant,
            &r.name,
            &r.slug,
            &r.month,
            &r.period_from,
            &r.period_to,
            &r.metric,
            &r.unit,
            &value,
            &unavailable,
        ];
        let safe: Vec<std::borrow::Cow<'_, str>> = cells
            .iter()
            .map(|c| crate::csv_safe::cell(c, false))
            .collect();
        w.write_record(safe.iter().map(|c| c.as_ref()))
            .map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output {
        what: "history.csv",
        message: e.to_string(),
    })?;
    crate::output::write_file(&build.join("history.csv"), &bytes)?;
    let sql = pq::HISTORY_PARQUET.fill_path("/*path*/", &build.join("history.parquet"))?;
    db.batch_sql(sql.name, &sql.text)
}

/// Sets this run's tenant-months and history rows aside in `dir` (the database is open
/// read-only), for [`save`].
fn stash_rows(db: &Db, dir: &Path) -> Result<()> {
    for (query, file) in [
        (&pq::STASH_PAGES, "pages.parquet"),
        (&pq::STASH_HISTORY, "history.parquet"),
    ] {
        let sql = query.fill_path("/*path*/", &dir.join(file))?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    Ok(())
}

/// Blanks the site's stored fingerprints: from here until [`save`], the next run renders every
/// page again rather than trusting a page it cannot vouch for, yet still knows the months the site
/// holds (so a failed or killed run never makes the next one drop them).
fn disown_pages(database: &Path, site: &str, wait: Duration) -> Result<()> {
    let db = Db::open(
        Some(database),
        &EngineOptions::default(),
        Access::ReadWrite { wait },
    )?;
    db.execute(&pq::DISOWN_PAGES, &[&site])?;
    Ok(())
}

/// This run's tenant-months and history (set aside in `stash`) become the site's, once the site
/// is in place, in one transaction. Until then the site's stored tenant-months vouch for no page
/// ([`disown_pages`]): a crash or failure before this has the next run render every page again,
/// never copy one rendered with other settings.
fn save(database: &Path, site: &str, stash: &Path, wait: Duration) -> Result<()> {
    let db = Db::open(
        Some(database),
        &EngineOptions::default(),
        Access::ReadWrite { wait },
    )?;
    let pages = pq::SAVE_PAGES.fill_path("/*path*/", &stash.join("pages.parquet"))?;
    let history = pq::SAVE_HISTORY.fill_path("/*path*/", &stash.join("history.parquet"))?;
    db.begin()?;
    let result = (|| -> Result<()> {
        db.execute(&pq::FORGET_PAGES, &[&site])?;
        db.execute(&pq::FORGET_HISTORY, &[&site])?;
        db.batch_sql(pages.name, &pages.text)?;
        db.batch_sql(history.name, &history.text)?;
        Ok(())
    })();
    match result {
        Ok(()) => db.commit(),
        Err(err) => {
            db.rollback();
            Err(err)
        }
    }
}

/// What identifies the running build of socgauge in a page's fingerprint: a hash of its
/// executable, so that pages a build renders differently (another template, another figure) are
/// rendered again after an upgrade, whether or not its version number moved. An executable that
/// cannot be read gives a value of this run alone: its pages are rendered again, never copied in
/// error.
fn build_id() -> String {
    use std::hash::Hasher;
    // /proc/self/exe is the running executable even when its file was replaced or removed
    // since it started (an upgrade during a run); elsewhere, the path it was started from.
    let read = std::fs::read("/proc/self/exe")
        .or_else(|_| std::env::current_exe().and_then(std::fs::read));
    let Ok(bytes) = read else {
        // Unknown: unlike any other run's, so that no page is copied on a guess.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        return format!("unknown {now} {}", std::process::id());
    };
    // The hasher of this build hashing this build: stable for as long as the executable is.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(&bytes);
    format!("{:016x}", hasher.finish())
}

/// Opens the database read-only, waiting up to `wait` while an ingest is writing it.
fn open_reader(path: &Path, wait: Duration) -> Result<Db> {
    let started = std::time::Instant::now();
    loop {
        match Db::open(Some(path), &EngineOptions::default(), Access::ReadOnly) {
            Err(Error::DatabaseInUse { .. }) if started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// The build folder, removed unless the site was swapped in.
struct BuildDir {
    path: PathBuf,
    armed: bool,
}

impl BuildDir {
    fn create(path: PathBuf) -> Result<BuildDir> {
        site::remove_dir(&path)?;
        // Removed by an interrupted run too (cleanup.rs).
        crate::cleanup::track(&path);
        if let Err(source) = crate::cleanup::settled(|| std::fs::create_dir(&path)) {
            crate::cleanup::untrack(&path);
            return Err(Error::Io { path, source });
        }
        Ok(BuildDir { path, armed: true })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for BuildDir {
    fn drop(&mut self) {
        if self.armed {
            let _ = site::remove_dir(&self.path);
        }
        crate::cleanup::untrack(&self.path);
    }
}

/// The inputs as `ingest` would check them, each with the database and the wait.
fn input_settings(
    config: &PublishConfig,
    now: DateTime<Utc>,
    wait: Duration,
) -> Result<Vec<InputSettings>> {
    config
        .inputs
        .iter()
        .map(|input| {
            let args = crate::cli::InputArgs {
                paths: vec![input.path.clone()],
                db: Some(config.database.clone()),
                source: input.source.clone(),
                mapping: input.mapping.clone(),
                date_format: input.date_format.clone(),
                tenant: input.tenant.clone(),
                input_timezone: input.input_timezone.clone(),
                strict: false,
                max_rejects: input.max_rejects.to_string(),
                threads: None,
                quiet: true,
                memory_limit: None,
                names: crate::setting_names::SettingNames::InputKeys,
            };
            let mut settings = InputSettings::from_args(&args, now).map_err(|err| match err {
                Error::Usage(m) => Error::Usage(format!(
                    "`{}`: [[input]] `{}`: {m}",
                    config.path.display(),
                    input.path.display()
                )),
                other => other,
            })?;
            settings.load.tenant_override = input.tenant_override;
            settings.wait = wait;
            Ok(settings)
        })
        .collect()
}

/// Opens the database for writing (waiting for other processes as `ingest --wait` does) and
/// loads the configured inputs, all or nothing: one input that fails leaves the database as it
/// was before the run.
fn open_and_ingest(config: &PublishConfig, inputs: &[InputSettings], wait: Duration) -> Result<Db> {
    if inputs.is_empty() && !config.database.exists() {
        return Err(Error::Usage(format!(
            "`{}`: database: `{}` does not exist, and no [[input]] loads anything into it",
            config.path.display(),
            config.database.display()
        )));
    }
    if inputs.is_empty() {
        return Db::open(
            Some(&config.database),
            &EngineOptions::default(),
            Access::ReadWrite { wait },
        );
    }
    // Loaded through a copy, swapped in once every input is in (`load_copy`): a failed or
    // killed run leaves the database, or its absence, as it was.
    let (copy, db) = LoadCopy::begin(&config.database, &EngineOptions::default(), wait)?;
    // The publishing tables too, so that the swapped-in file needs no further write.
    match ingest(&db, &config.path, inputs).and_then(|()| db.batch(&pq::SCHEMA)) {
        Ok(()) => copy.commit(db),
        Err(err) => {
            copy.abandon(db);
            Err(err)
        }
    }
}

/// Loads each input into `db`, printing what it loaded.
fn ingest(db: &Db, config: &Path, inputs: &[InputSettings]) -> Result<()> {
    crate::load::ensure_schema(db)?;
    for input in inputs {
        let summary = crate::load::load(db, &input.files, &input.load).map_err(|e| match e {
            Error::TooManyRejects(mut share) => {
                share.config = Some(config.to_path_buf());
                Error::TooManyRejects(share)
            }
            other => other,
        })?;
        crate::cmd::print_warnings(&summary.warnings);
        let (read, loaded, rejected) = summary.files.iter().fold((0, 0, 0), |(r, l, j), f| {
            (r + f.rows_read, l + f.rows_loaded, j + f.rows_rejected)
        });
        crate::say!(
            "ingested {} file{} of `{}`: {read} row{} read, {loaded} loaded, {rejected} rejected",
            summary.files.len(),
            if summary.files.len() == 1 { "" } else { "s" },
            input.files.first().map_or_else(String::new, |f| f
                .path
                .parent()
                .unwrap_or(Path::new(""))
                .display()
                .to_string()),
            if read == 1 { "" } else { "s" },
        );
    }
    // The latest months' results, once all inputs are in.
    crate::metrics::store::keep(db)
}

/// The tenants to publish: the configured list, or every tenant of the database.
fn tenants_of(
    config: &PublishConfig,
    db: &Db,
    site_key: &str,
    maturity: Vec<(Rubric, Option<Answers>, String)>,
    default_rubric: Option<&str>,
) -> Result<Vec<Tenant>> {
    let (list, maturity): (Vec<TenantConfig>, Vec<_>) = if config.tenants.is_empty() {
        let names = crate::tenants::names(db)?;
        if names.is_empty() {
            return Err(Error::NoData(
                "no tenant in the database (no incident or alert loaded): nothing to publish"
                    .into(),
            ));
        }
        let list: Vec<TenantConfig> = names
            .into_iter()
            .map(|id| TenantConfig {
                name: id.clone(),
                id,
                answers: None,
                rubric: None,
            })
            .collect();
        let maturity = list
            .iter()
            .map(|t| maturity_of(t, config.rubric.as_deref(), default_rubric))
            .collect::<Result<Vec<_>>>()?;
        (list, maturity)
    } else {
        // A listed tenant the database has never seen is published (its months say "no data",
        // and `fail_on.no_data` names it), but a misspelt id would stay silent month after
        // month: say so.
        let names = crate::tenants::names(db)?;
        for t in config.tenants.iter().filter(|t| !names.contains(&t.id)) {
            crate::say!(
                "warning: `{}`: [[tenant]] `{}` has no incident or alert in the database: \
                 published without data (`socgauge tenants --db {}` lists the tenants)",
                config.path.display(),
                crate::tenants::printable(&t.id),
                config.database.display()
            );
        }
        (config.tenants.clone(), maturity)
    };
    #[derive(Deserialize)]
    struct Published {
        tenant: String,
        slug: String,
    }
    let published: BTreeMap<String, String> = db
        .rows::<Published>(&pq::PUBLISHED_SLUGS, &[&site_key])?
        .into_iter()
        .map(|p| (p.tenant, p.slug))
        .collect();
    let slugs = slug::slugs(list.iter().map(|t| t.id.as_str()), &published);
    let build = build_id();
    Ok(list
        .into_iter()
        .zip(maturity)
        .map(|(t, (rubric, answers, texts))| {
            let slug = slugs
                .get(&t.id)
                .cloned()
                .unwrap_or_else(|| slug::slug(&t.id));
            // The targets as read (Debug of plain structs and vectors: stable).
            let settings = format!(
                "socgauge {} {build}\nzone {}\nslug {slug}\nname {}\ntargets {:?}\n{texts}",
                env!("CARGO_PKG_VERSION"),
                config.timezone,
                t.name,
                config.targets()
            );
            Tenant {
                config: t,
                slug,
                rubric,
                answers,
                targets: config.targets().cloned(),
                settings,
            }
        })
        .collect())
}

/// A tenant's rubric and answers, with their text (part of its pages' fingerprints).
fn maturity_of(
    tenant: &TenantConfig,
    default_rubric: Option<&Path>,
    default_text: Option<&str>,
) -> Result<(Rubric, Option<Answers>, String)> {
    let rubric_path = tenant.rubric.as_deref().or(default_rubric);
    let (rubric, answers) = assess::load_inputs(rubric_path, tenant.answers.as_deref())?;
    let rubric_text = match (&tenant.rubric, default_text) {
        (Some(path), _) => read_text(path)?,
        (None, Some(text)) => text.to_string(),
        (None, None) => "built-in rubric".to_string(),
    };
    let answers_text = match &tenant.answers {
        Some(path) => read_text(path)?,
        None => "no answers".to_string(),
    };
    Ok((rubric, answers, format!("{rubric_text}\n{answers_text}")))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn internal_json(e: &serde_json::Error) -> Error {
    Error::Output {
        what: "JSON",
        message: e.to_string(),
    }
}

/// The site is replaced whole: a file the run reads inside it would be lost (exit 2).
fn refuse_site_over_inputs(config: &PublishConfig, paths: &SitePaths) -> Result<()> {
    // Whether the site exists yet or not: a first run must be refused as the next one would be.
    let site = paths.resolved();
    let mut protected: Vec<(&str, &Path)> = vec![
        ("the database", config.database.as_path()),
        ("the configuration", config.path.as_path()),
    ];
    if let Some(rubric) = &config.rubric {
        protected.push(("a rubric", rubric));
    }
    if let config::TargetsSource::File(targets) = config.targets_source() {
        protected.push(("the targets file", targets));
    }
    for input in &config.inputs {
        protected.push(("an input", &input.path));
        if let Some(mapping) = &input.mapping {
            protected.push(("a mapping file", mapping));
        }
    }
    for tenant in &config.tenants {
        if let Some(answers) = &tenant.answers {
            protected.push(("an answers file", answers));
        }
        if let Some(rubric) = &tenant.rubric {
            protected.push(("a rubric", rubric));
        }
    }
    for (what, path) in protected {
        let Some(resolved) = resolved(path) else {
            continue;
        };
        let place = if resolved.starts_with(&site) {
            format!("the site `{}` holds {what}", paths.site.display())
        } else if site.starts_with(&resolved) {
            format!("the site `{}` is inside {what}", paths.site.display())
        } else {
            // Inside another published site, it would be served with that site's pages, then
            // deleted by that site's next publish.
            let Some(outer) = resolved
                .ancestors()
                .find(|outer| published_by_socgauge(&outer.join("latest.json")))
            else {
                continue;
            };
            let place = if outer == resolved { "is" } else { "is inside" };
            return Err(Error::Usage(format!(
                "{what} `{}` {place} the published site `{}`, which serves it with its pages \
                 and whose next publish replaces its whole folder: move it out of the site",
                path.display(),
                outer.display()
            )));
        };
        return Err(Error::Usage(format!(
            "output: {place} (`{}`), and each publish replaces the whole folder: choose an \
             output folder of its own",
            path.display()
        )));
    }
    Ok(())
}

/// `path` made absolute with its links resolved, as far as it exists (a database or site to be
/// created resolves through its nearest existing folder); `None` when nothing of it exists.
fn resolved(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return Some(rest.iter().rev().fold(real, |p, name| p.join(name)));
        }
        rest.push(at.file_name()?.to_os_string());
        at = match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
    }
}

/// A site inside another site would be deleted, without a word, by the next publish of the
/// outer one, which replaces its whole folder (exit 2).
fn refuse_site_inside_a_site(paths: &SitePaths) -> Result<()> {
    let site = paths.resolved();
    for outer in site.ancestors().skip(1) {
        if published_by_socgauge(&outer.join("latest.json")) {
            return Err(Error::Usage(format!(
                "output: `{}` is inside the published site `{}`, whose next publish replaces \
                 its whole folder: choose an output folder outside it",
                paths.site.display(),
                outer.display()
            )));
        }
    }
    Ok(())
}

/// An existing folder that is not a socgauge site (no latest.json) and not empty is never
/// replaced: a wrong `output` must not delete someone's folder (exit 2).
fn refuse_foreign_folder(paths: &SitePaths) -> Result<()> {
    if std::fs::read_dir(&paths.site).is_err() || replaceable_by_site(&paths.site) {
        return Ok(());
    }
    Err(foreign_folder(&paths.site))
}

/// Whether the folder `dir` may be replaced by a site: empty, or a site socgauge published.
fn replaceable_by_site(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| {
        entries.next().is_none() || published_by_socgauge(&dir.join("latest.json"))
    })
}

fn foreign_folder(site: &Path) -> Error {
    Error::Usage(format!(
        "output: `{}` is a folder that socgauge did not publish (no latest.json of a socgauge \
         site), and each publish replaces the whole folder: choose a new or empty folder",
        site.display()
    ))
}

/// The record (latest.json) of a socgauge site: any file of that name is not enough to delete a
/// folder (another tool's `latest.json` must not make its folder ours). `None` when `latest` is
/// missing, unreadable or not a socgauge site's.
fn site_record(latest: &Path) -> Option<Value> {
    std::fs::read(latest)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .filter(|doc| {
            doc["schema_version"] == SCHEMA_VERSION
                && doc["generated_at"].is_string()
                && doc["tenants"].is_array()
        })
}

/// Whether `latest` is the latest.json of a socgauge site ([`site_record`]).
fn published_by_socgauge(latest: &Path) -> bool {
    site_record(latest).is_some()
}

/// The tenant ids a published site's latest.json lists (none when it is not a site's).
fn tenants_in_site(latest: &Path) -> BTreeSet<String> {
    site_record(latest).map_or_else(BTreeSet::new, |doc| {
        doc["tenants"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["id"].as_str().map(str::to_string))
            .collect()
    })
}
