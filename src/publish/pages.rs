//! The site's index pages: `index.html` (the portfolio of the month, with a link to every
//! tenant's pages) and `<slug>/index.html` (a tenant's months). View-models here, layout in
//! `templates/site_index.html` and `templates/site_tenant.html`; every value formatted in Rust.

use std::path::PathBuf;

use serde::Serialize;

use crate::cmd::report::Measured;
use crate::error::Result;
use crate::metrics::Period;
use crate::render::history::StageCell;
use crate::render::portfolio::{self, PortfolioContext, TenantInput};
use crate::render::templates;
use crate::tenants::TenantSummary;

/// One published month of a tenant, as its index lists it.
pub(crate) struct MonthLink {
    pub month: (i32, u32),
    /// "October 2026".
    pub human_label: String,
    /// `None`: no data that month (no page); `Some(None)`: a verdict without a stage.
    pub stage: Option<Option<u8>>,
}

/// A tenant's pages.
pub(crate) struct TenantPages<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub slug: &'a str,
    /// Oldest first.
    pub months: Vec<MonthLink>,
    /// Its measures of the site's month (its portfolio entry; without data that month, no verdict).
    pub current: &'a Measured,
}

/// What the index pages are built from.
pub(crate) struct Index<'a> {
    pub tenants: &'a [TenantPages<'a>],
    pub month: (i32, u32),
    pub period: &'a Period,
    pub generated_at: &'a str,
}

#[derive(Debug, Serialize)]
struct SiteTenant {
    name: String,
    href: String,
    /// The month's report, when the tenant has data that month.
    report: Option<String>,
    stage: StageCell,
    months: String,
}

#[derive(Debug, Serialize)]
struct SiteIndex {
    #[serde(flatten)]
    portfolio: PortfolioContext,
    month: String,
    site_tenants: Vec<SiteTenant>,
}

#[derive(Debug, Serialize)]
struct MonthRow {
    label: String,
    month: String,
    stage: StageCell,
    href: Option<String>,
}

#[derive(Debug, Serialize)]
struct TenantIndex {
    title: String,
    name: String,
    generated_at: String,
    /// Newest first.
    months: Vec<MonthRow>,
}

/// A tenant's name as the pages show it. Escaping makes markup harmless but leaves Unicode's
/// direction controls: a name holding a right-to-left override (U+202E) would reverse the text
/// after it on the line (a figure, a stage). Such a name is wrapped in a first-strong isolate
/// (U+2068 … U+2069), which ends every override opened inside it; other names are unchanged.
pub(crate) fn isolated(name: &str) -> String {
    if name.chars().any(directional) {
        format!("\u{2068}{name}\u{2069}")
    } else {
        name.to_string()
    }
}

/// Unicode's explicit direction marks, embeddings, overrides and isolates.
fn directional(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

fn label((y, m): (i32, u32)) -> String {
    format!("{y}-{m:02}")
}

/// A month's overall stage as a cell of the tables.
fn cell(stage: Option<Option<u8>>) -> StageCell {
    match stage {
        None => StageCell {
            text: "–".into(),
            class: "stage-none".into(),
            title: "no data this month".into(),
        },
        Some(None) => StageCell {
            text: "?".into(),
            class: "stage-none".into(),
            title: "not assessed: the exports cannot provide the evidence".into(),
        },
        Some(Some(s)) => StageCell {
            text: s.to_string(),
            class: format!("stage-{s}"),
            title: format!("stage {s}, {}", crate::assess::stage_name(s)),
        },
    }
}

/// Every index page, as (path inside the site, bytes).
pub(crate) fn render(
    index: &Index<'_>,
    summaries: &[TenantSummary],
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let env = templates::environment(None)?;
    let month = label(index.month);
    let mut out = Vec::new();
    for t in index.tenants {
        let ctx = TenantIndex {
            title: format!("{} · SOC reports", isolated(t.name)),
            name: isolated(t.name),
            generated_at: index.generated_at.to_string(),
            months: t
                .months
                .iter()
                .rev()
                .map(|m| MonthRow {
                    label: m.human_label.clone(),
                    month: label(m.month),
                    stage: cell(m.stage),
                    href: m.stage.map(|_| format!("{}.html", label(m.month))),
                })
                .collect(),
        };
        let html = templates::render_entry(&env, templates::SITE_TENANT, &ctx)?;
        out.push((
            PathBuf::from(t.slug).join("index.html"),
            crate::csv_safe::without_controls(&html).into_bytes(),
        ));
    }

    let inputs: Vec<TenantInput<'_>> = index
        .tenants
        .iter()
        .map(|t| {
            let months_in_data = summaries
                .iter()
                .find(|s| s.tenant == t.id)
                .map_or(0, |s| s.months.len());
            // A month without data has no page to link to.
            let has_page = t
                .months
                .iter()
                .any(|p| p.month == index.month && p.stage.is_some());
            t.current.portfolio_input(
                isolated(t.name),
                months_in_data,
                has_page.then(|| format!("{}/{month}.html", t.slug)),
            )
        })
        .collect();
    let out_period = index.period.out();
    let portfolio = portfolio::build(
        &index.period.human_label(),
        (&out_period.from, &out_period.to, &out_period.timezone),
        index.generated_at,
        &inputs,
    )?;
    let site_tenants = index
        .tenants
        .iter()
        .map(|t| {
            let this = t.months.iter().find(|m| m.month == index.month);
            let stage = this.and_then(|m| m.stage);
            SiteTenant {
                name: isolated(t.name),
                href: format!("{}/index.html", t.slug),
                report: stage.map(|_| format!("{}/{month}.html", t.slug)),
                stage: cell(stage),
                months: match t.months.iter().filter(|m| m.stage.is_some()).count() {
                    1 => "1 month".to_string(),
                    n => format!("{n} months"),
                },
            }
        })
        .collect();
    let ctx = SiteIndex {
        portfolio,
        month,
        site_tenants,
    };
    let html = templates::render_entry(&env, templates::SITE_INDEX, &ctx)?;
    out.push((
        PathBuf::from("index.html"),
        crate::csv_safe::without_controls(&html).into_bytes(),
    ));
    Ok(out)
}
