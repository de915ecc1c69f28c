//! Plain-language findings for the executive summary, generated from the numbers.

use crate::assess::Assessment;
use crate::humanize::{count, minutes, percent};
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
                    "MTTR median held at {} ({}).",
                    minutes(Some(now)),
                    count(m.mttr.n, "closed incident", "closed incidents")
                ));
            } else {
                // A fall of 99.8 % is not "100 %" (which reads as down to nothing): a
                // share that whole percents would round up to 100 keeps a decimal.
                let share = change.abs() * 100.0;
                let share = if (99.5..100.0).contains(&share) {
                    format!("{share:.1}")
                } else {
                    format!("{share:.0}")
                };
                out.push(format!(
                    "MTTR median {verb} {share}% to {} (from {}).",
                    minutes(Some(now)),
                    minutes(Some(before))
                ));
            }
        }
        (Some(now), _) => out.push(format!(
            "MTTR median was {} over {}; one in ten took longer than {}.",
            minutes(Some(now)),
            count(m.mttr.n, "closed incident", "closed incidents"),
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
            "{} {:.0}% of all false and benign positives; the noise ratio is {}.",
            if top_n == 1 {
                "1 rule produces".to_string()
            } else {
                format!("{top_n} rules produce")
            },
            top as f64 / noisy_total as f64 * 100.0,
            percent(m.noise_ratio.value)
        ));
    }

    // The maturity verdict, and what it leaves out.
    let limiting: Vec<&str> = a.overall.limiting_layers.iter().map(|l| l.id()).collect();
    match (a.overall.stage, a.overall.stage_name) {
        (Some(stage), Some(name)) if limiting.is_empty() => out.push(format!(
            "The SOC is at stage {stage} ({name}), the top stage, in every assessed layer."
        )),
        (Some(stage), Some(name)) => out.push(format!(
            "The SOC is at stage {stage} ({name}), held there by {}.",
            join_names(&limiting)
        )),
        _ => out.push(format!("No maturity verdict: {}.", a.no_verdict_reason())),
    }
    // Layers left out for want of evidence the exports carry (a period without data leaves out
    // every layer, for that reason alone, said above).
    if !a.overall.unassessed_layers.is_empty() && a.overall.assessed_layers > 0 {
        let names: Vec<&str> = a.overall.unassessed_layers.iter().map(|l| l.id()).collect();
        out.push(format!(
            "The verdict covers {} of {} layers: {} cannot be assessed from these exports.",
            a.overall.assessed_layers,
            a.layers.len(),
            join_names(&names)
        ));
    }

    out.extend(priority_inversion(r));

    // The queue (unknown when the exports carry no close times).
    match (prev.and_then(|p| p.backlog.known()), m.backlog.known()) {
        (_, None) => {}
        (Some(before), Some(now)) if before != now => out.push(format!(
            "The open queue {} from {before} to {now} incidents.",
            if now > before { "grew" } else { "shrank" },
        )),
        (_, Some(now)) => out.push(format!(
            "{} open at the end of the period.",
            if now == 1 {
                "1 incident was".to_string()
            } else {
                format!("{now} incidents were")
            }
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

/// Critical incidents handled slower, by median, than a lower severity: the queue is not worked
/// by severity. One sentence per measure (acknowledgement, resolution) where it happens.
fn priority_inversion(r: &MetricsReport) -> Vec<String> {
    let lower = ["high", "medium", "low", "informational"];
    let mut out = Vec::new();
    for (key, verb) in [("mtta", "acknowledged"), ("mttr", "resolved")] {
        let Some(rows) = r.by_severity.get(key) else {
            continue;
        };
        let median = |sev: &str| {
            rows.iter()
                .find(|s| s.severity == sev && s.n > 0)
                .and_then(|s| s.median_minutes)
        };
        let Some(critical) = median("critical") else {
            continue;
        };
        let faster: Vec<String> = lower
            .iter()
            .filter_map(|sev| {
                // Faster as the reader sees it: not two medians that print the same.
                median(sev)
                    .filter(|m| *m < critical && minutes(Some(*m)) != minutes(Some(critical)))
                    .map(|m| format!("{sev} ({})", minutes(Some(m))))
            })
            .collect();
        if !faster.is_empty() {
            out.push(format!(
                "Priority inversion: critical incidents were {verb} slower (median {}) than {}.",
                minutes(Some(critical)),
                join_list(&faster)
            ));
        }
    }
    out
}

fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
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
    use super::{join_names, priority_inversion};
    use crate::metrics::{MetricsReport, SeverityDuration};

    fn sev(severity: &str, n: i64, median: f64) -> SeverityDuration {
        SeverityDuration {
            severity: severity.into(),
            n,
            mean_minutes: Some(median),
            median_minutes: Some(median),
            p90_minutes: Some(median),
        }
    }

    #[test]
    fn critical_incidents_handled_slower_than_lower_severities_are_a_finding() {
        let mut r = MetricsReport::default();
        r.by_severity.insert(
            "mtta".into(),
            vec![
                sev("critical", 4, 120.0),
                sev("high", 10, 30.0),
                sev("low", 9, 200.0),
            ],
        );
        r.by_severity.insert(
            "mttr".into(),
            vec![sev("critical", 4, 60.0), sev("high", 10, 300.0)],
        );
        assert_eq!(
            priority_inversion(&r),
            vec!["Priority inversion: critical incidents were acknowledged slower (median 2.0 h) than high (30 min).".to_string()]
        );
        // Medians that print the same (1.9 h) are no inversion a reader could see.
        r.by_severity.insert(
            "mttr".into(),
            vec![sev("critical", 4, 114.0), sev("high", 10, 112.0)],
        );
        assert_eq!(priority_inversion(&r).len(), 1);
        // Without critical incidents there is nothing to invert.
        r.by_severity.get_mut("mtta").unwrap().remove(0);
        assert!(priority_inversion(&r).is_empty());
    }

    #[test]
    fn names_read_as_a_sentence() {
        assert_eq!(join_names(&["data"]), "the data layer");
        assert_eq!(
            join_names(&["identity", "data", "metrics"]),
            "the identity, data and metrics layers"
        );
    }
}
