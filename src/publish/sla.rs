//! Service-level compliance for `fail_on.min_sla_compliance`: the lowest compliance among the
//! tenant's targets for the month (the `sla` figures of `metrics`, measured against the
//! configuration's `[calendar]` and `[[target]]` tables or its `targets = "FILE"`).

use crate::metrics::service_levels::SlaRow;
use crate::metrics::Metrics;

/// The target with the lowest service-level compliance (a share from 0 to 1) among a tenant's
/// targets for the month whose `metrics` are given, with its compliance; the first of equals in
/// the targets' order. `None` when no target measured any incident (or no targets are
/// configured).
pub fn lowest_sla_compliance(metrics: &Metrics) -> Option<(&SlaRow, f64)> {
    metrics
        .sla
        .iter()
        .flatten()
        .filter_map(|row| row.compliance_rate.map(|rate| (row, rate)))
        .reduce(|lowest, next| if next.1 < lowest.1 { next } else { lowest })
}
