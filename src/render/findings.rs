//! Plain-language findings for the executive summary, generated from the numbers.

use crate::assess::Assessment;
use crate::humanize::{minutes, percent};
use crate::metrics::MetricsReport;

/// Three or four sentences a SOC leader can read out.
pub fn findings(r: &MetricsReport, a: &Assessment) -> Vec<String> {
    let m = &r.metrics;
    let prev = r.previous.as_ref().map(|p| &p.metrics);
    let mut out = Vec::new();

    // Resolution time, against the previous period when there is one.
    match (
        m.mttr.median_minutes,
        prev.and_then(|p| p.mttr.median_minutes),
    ) {
        (Some(now), Some(before)) if before > 0.0 => {
            let change = (now - before) / before;
            let verb = if change < -0.005 {
                "fell"
            } else if change > 0.005 {
                "rose"
            } else {
                "held"
            };
            if verb == "held" {
                out.push(format!(
                    "MTTR median held at {} ({} closed incidents).",
                    minutes(Some(now)),
                    m.mttr.n
                ));
            } else {
                out.push(format!(
                    "MTTR median {verb} {:.0}% to {} (from {}).",
                    change.abs() * 100.0,
                    minutes(Some(now)),
                    minutes(Some(before))
                ));
            }
        }
        (Some(now), _) => out.push(format!(
            "MTTR median was {} over {} closed incidents; one in ten took longer than {}.",
            minutes(Some(now)),
            m.mttr.n,
            minutes(m.mttr.p90_minutes)
        )),
        (None, _) if m.mttr.unavailable.is_some() => {}
        (None, _) => {
            out.push("No incident of the period has a measurable resolution time.".to_string())
        }
    }

    // Where the noise comes from.
    // Every false or benign positive of the period, with or without a rule.
    let noisy_total = m.noise_ratio.numerator;
    let top: i64 = r
        .rules
        .iter()
        .take(3)
        .map(|x| x.noise_ratio.numerator)
        .sum();
    let top_n = r
        .rules
        .iter()
        .take(3)
        .filter(|x| x.noise_ratio.numerator > 0)
        .count();
    if noisy_total > 0 && top_n > 0 {
        out.push(format!(
            "{top_n} rule{} produce {:.0}% of all false and benign positives; the noise ratio is {}.",
            if top_n == 1 { "" } else { "s" },
            top as f64 / noisy_total as f64 * 100.0,
            percent(m.noise_ratio.value)
        ));
    }

    // The maturity verdict.
    let limiting: Vec<&str> = a.overall.limiting_layers.iter().map(|l| l.id()).collect();
    out.push(format!(
        "The SOC is at stage {} ({}), held there by {}.",
        a.overall.stage,
        a.overall.stage_name,
        join_names(&limiting)
    ));

    // The queue (unknown when the exports carry no close times).
    match (prev.and_then(|p| p.backlog.known()), m.backlog.known()) {
        (_, None) => {}
        (Some(before), Some(now)) if before != now => out.push(format!(
            "The open queue {} from {before} to {now} incidents.",
            if now > before { "grew" } else { "shrank" },
        )),
        (_, Some(now)) => out.push(format!(
            "{now} incidents were open at the end of the period."
        )),
    }
    let missing = m.unavailable();
    if !missing.is_empty() {
        out.push(format!(
            "Not available from these exports: {} (see Data quality).",
            missing
                .iter()
                .map(|(def, _)| def.name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => "no layer".into(),
        [one] => format!("the {one} layer"),
        [init @ .., last] => format!("the {} and {last} layers", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::join_names;

    #[test]
    fn names_read_as_a_sentence() {
        assert_eq!(join_names(&["data"]), "the data layer");
        assert_eq!(
            join_names(&["identity", "data", "metrics"]),
            "the identity, data and metrics layers"
        );
    }
}
