//! Service-level compliance for `fail_on.min_sla_compliance`.
//!
//! The compliance figures come from the service-level targets and business calendar (the
//! `[calendar]` and `[[target]]` tables, inline in the configuration or in `targets = "FILE"`,
//! see [`PublishConfig::targets_source`]). Until those figures are computed, no tenant has one
//! and the condition is never found to hold: it is evaluated when a targets table is configured
//! and gives compliance figures.

use crate::metrics::Metrics;

use super::config::PublishConfig;

/// The lowest service-level compliance (a share from 0 to 1) among a tenant's targets for the
/// month whose `metrics` are given; `None` when no target gives a figure.
pub fn lowest_sla_compliance(metrics: &Metrics, config: &PublishConfig) -> Option<f64> {
    let _ = (metrics, config.targets_source());
    None
}
