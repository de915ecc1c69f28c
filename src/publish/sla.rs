//! Service-level compliance for `fail_on.min_sla_compliance`: the lowest compliance among the
//! tenant's targets for the month (the `sla` figures of `metrics`, measured against the
//! configuration's `[calendar]` and `[[target]]` tables or its `targets = "FILE"`).

use crate::metrics::Metrics;

/// The lowest service-level compliance (a share from 0 to 1) among a tenant's targets for the
/// month whose `metrics` are given; `None` when no target measured any incident (or no targets
/// are configured).
pub fn lowest_sla_compliance(metrics: &Metrics) -> Option<f64> {
    metrics
        .sla
        .iter()
        .flatten()
        .filter_map(|row| row.compliance_rate)
        .reduce(f64::min)
}
