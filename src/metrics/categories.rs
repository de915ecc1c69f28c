//! Categories and highlights: incidents, MTTR and alerts per category, and the period's critical
//! and high true-positive incidents. The numbers come from `queries/metrics/categories.sql` and
//! `highlights.sql`; this module maps their rows into the contract shapes.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::scope::Scope;
use crate::error::Result;
use crate::queries::metrics as q;

/// One category: `category` is `null` for the incidents and alerts without one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryStats {
    pub category: Option<String>,
    /// In-scope incidents of the category (their own, else their alerts' category).
    pub incidents: i64,
    pub mttr_n: i64,
    pub mttr_median_minutes: Option<f64>,
    /// In-scope alerts carrying the category.
    pub alerts: i64,
}

/// The `categories` metric: `{"rows": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Categories {
    pub rows: Vec<CategoryStats>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// One highlighted incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    pub tenant: String,
    pub incident_id: String,
    pub title: Option<String>,
    pub severity: String,
    pub category: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Created → contained, minutes; `null` when unknown.
    pub contain_minutes: Option<f64>,
    /// Created → closed, minutes; `null` while open or unknown.
    pub resolve_minutes: Option<f64>,
}

/// The `highlights` metric: `{"total", "rows": [...]}`, the first ten of `total`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Highlights {
    pub total: i64,
    pub rows: Vec<Highlight>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// The categories of every scope key of the scope in place.
pub fn categories_by_key(scope: &Scope) -> Result<BTreeMap<String, Categories>> {
    #[derive(Deserialize)]
    struct Row {
        scope_key: String,
        #[serde(flatten)]
        stats: CategoryStats,
    }
    let mut out: BTreeMap<String, Categories> = BTreeMap::new();
    for r in scope.rows::<Row>(&q::CATEGORIES)? {
        out.entry(r.scope_key).or_default().rows.push(r.stats);
    }
    Ok(out)
}

/// The highlights of every scope key of the scope in place.
pub fn highlights_by_key(scope: &Scope) -> Result<BTreeMap<String, Highlights>> {
    #[derive(Deserialize)]
    struct Row {
        scope_key: String,
        total: i64,
        tenant: String,
        incident_id: String,
        title: Option<String>,
        severity: String,
        category: Option<String>,
        created_us: i64,
        contain_minutes: Option<f64>,
        resolve_minutes: Option<f64>,
    }
    let mut out: BTreeMap<String, Highlights> = BTreeMap::new();
    for r in scope.rows::<Row>(&q::HIGHLIGHTS)? {
        let h = out.entry(r.scope_key).or_default();
        h.total = r.total;
        h.rows.push(Highlight {
            tenant: r.tenant,
            incident_id: r.incident_id,
            title: r.title,
            severity: r.severity,
            category: r.category,
            created_at: DateTime::<Utc>::from_timestamp_micros(r.created_us)
                .map_or_else(String::new, crate::time::rfc3339),
            contain_minutes: r.contain_minutes,
            resolve_minutes: r.resolve_minutes,
        });
    }
    Ok(out)
}
