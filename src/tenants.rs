//! The tenants (organisations) a database holds: what `socgauge tenants` lists, and what the
//! measuring commands check `--tenant` against and refuse to pool into one verdict.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::queries::{metrics as mq, tenants as q};
use crate::time::rfc3339;

/// One tenant of the database: the `tenants --format json` contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantSummary {
    pub tenant: String,
    pub incidents: i64,
    pub alerts: i64,
    pub automation_runs: i64,
    pub first_at: Option<String>,
    pub last_at: Option<String>,
    /// Calendar months (UTC, `YYYY-MM`) holding any of its rows, oldest first.
    pub months: Vec<String>,
}

/// Every tenant with its counts, in name order.
pub fn summaries(db: &Db) -> Result<Vec<TenantSummary>> {
    #[derive(Deserialize)]
    struct Row {
        tenant: String,
        incidents: i64,
        alerts: i64,
        automation_runs: i64,
        first_us: Option<i64>,
        last_us: Option<i64>,
        months: Option<Vec<String>>,
    }
    let at = |us: Option<i64>| {
        us.and_then(DateTime::<Utc>::from_timestamp_micros)
            .map(rfc3339)
    };
    Ok(db
        .rows::<Row>(&q::SUMMARY, &[])?
        .into_iter()
        .map(|r| TenantSummary {
            tenant: r.tenant,
            incidents: r.incidents,
            alerts: r.alerts,
            automation_runs: r.automation_runs,
            first_at: at(r.first_us),
            last_at: at(r.last_us),
            months: r.months.unwrap_or_default(),
        })
        .collect())
}

/// Every tenant's name, in name order.
pub fn names(db: &Db) -> Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Tenant {
        tenant: String,
    }
    let names: Vec<Tenant> = db.rows(&mq::TENANTS, &[])?;
    Ok(names.into_iter().map(|t| t.tenant).collect())
}

/// The names as a list for a message: `acme`, `globex`.
pub fn listed(names: &[String]) -> String {
    let mut shown = names
        .iter()
        .take(LISTED_AT_MOST)
        .map(|n| format!("`{}`", printable(n)))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED_AT_MOST {
        let _ = write!(shown, " and {} more", names.len() - LISTED_AT_MOST);
    }
    shown
}

/// How many tenant names a message lists: an export of a thousand organisations (GUIDE's) would
/// otherwise fill the terminal with names; `socgauge tenants` lists them all.
pub const LISTED_AT_MOST: usize = 20;

/// A tenant name for a terminal message: control characters (escape sequences from hostile
/// data), bidirectional overrides and invisible characters shown escaped rather than interpreted.
pub fn printable(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            if c.is_control() || crate::terminal::is_reordering_or_invisible(c) {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// `--tenant` must name a tenant of the data: a misspelt name is a usage error listing the real
/// ones, not an empty measurement.
pub fn check_named(db: &Db, tenant: &str) -> Result<()> {
    let names = names(db)?;
    if names.iter().any(|n| n == tenant) {
        return Ok(());
    }
    Err(Error::Usage(if names.is_empty() {
        format!(
            "--tenant: no tenant `{}`: the data holds no tenant at all (nothing loaded)",
            printable(tenant)
        )
    } else {
        format!(
            "--tenant: no tenant `{}` in the data; its tenants are {} (`socgauge tenants` lists them)",
            printable(tenant),
            listed(&names)
        )
    }))
}

/// One verdict is of one organisation: without `--tenant`, data of several tenants is refused
/// rather than pooled into an organisation that does not exist. `command` names the command
/// and `all_tenants` its flag for every tenant at once.
pub fn refuse_pooling(db: &Db, command: &str, all_tenants: &str) -> Result<()> {
    let names = names(db)?;
    if names.len() <= 1 {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "the data holds {} tenants ({}): {command} gives one organisation's verdict and does not \
         pool them. Give --tenant NAME for one of them, or {all_tenants} for every tenant",
        names.len(),
        listed(&names)
    )))
}

/// Display names by tenant id, from a TOML file of `tenant = "Name"` lines (`--tenant-names`);
/// empty without one.
pub fn display_names(
    path: Option<&std::path::Path>,
) -> Result<std::collections::BTreeMap<String, String>> {
    let Some(path) = path else {
        return Ok(Default::default());
    };
    let text = crate::settings_file::read(path)?;
    let names: std::collections::BTreeMap<String, String> =
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: format!(
                "{}; expected lines of tenant id = \"display name\", e.g. acme = \"ACME Corporation\"",
                e.to_string().trim_end()
            ),
        })?;
    if let Some((id, _)) = names.iter().find(|(_, name)| name.trim().is_empty()) {
        return Err(Error::Config {
            path: path.to_path_buf(),
            message: format!("the display name of tenant `{}` is empty", printable(id)),
        });
    }
    Ok(names)
}

/// Refuses display names (`--tenant-names`, read from `path`) for a tenant id the data does not
/// hold: a typo would otherwise leave a client under its raw id without a word.
pub fn check_display_names(
    path: Option<&std::path::Path>,
    names: &std::collections::BTreeMap<String, String>,
    tenants: &[String],
) -> Result<()> {
    let (Some(path), Some(unknown)) = (path, names.keys().find(|id| !tenants.contains(id))) else {
        return Ok(());
    };
    Err(Error::Config {
        path: path.to_path_buf(),
        message: format!(
            "no tenant `{}` in the data; its tenants are {}",
            printable(unknown),
            listed(tenants)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tenant_lists_are_cut_and_say_how_many_more() {
        let three: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(listed(&three), "`a`, `b`, `c`");
        let many: Vec<String> = (0..1061).map(|i| format!("t{i}")).collect();
        let text = listed(&many);
        assert!(text.starts_with("`t0`, `t1`, "), "{text}");
        assert!(text.ends_with("`t19` and 1041 more"), "{text}");
        assert_eq!(text.matches('`').count(), 2 * LISTED_AT_MOST);
    }

    #[test]
    fn names_that_would_look_alike_or_reorder_print_escaped() {
        assert_eq!(printable("acme"), "acme");
        assert_eq!(printable("ac\u{200b}me"), "ac\\u{200b}me");
        assert_eq!(printable("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("Société Générale"), "Société Générale");
    }
}
