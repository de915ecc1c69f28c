//! Numbers for people: durations as "45 min", "6.2 h", "3.1 d"; ratios as percentages. Used by
//! every human-facing output so the table and the report agree.

/// A duration in minutes, in the largest unit that keeps it readable.
pub fn minutes(value: Option<f64>) -> String {
    match value {
        None => "–".to_string(),
        Some(m) if !m.is_finite() => "–".to_string(),
        Some(m) if m < 1.0 => format!("{:.0} s", m * 60.0),
        Some(m) if m < 90.0 => format!("{m:.0} min"),
        Some(m) if m < 48.0 * 60.0 => format!("{:.1} h", m / 60.0),
        Some(m) => format!("{:.1} d", m / 1440.0),
    }
}

/// Minutes of business time: as [`minutes`], but never in days, which would read as calendar
/// days (3,000 business minutes are 50 working hours, not 2.1 days).
pub fn business_minutes(value: Option<f64>) -> String {
    match value {
        Some(m) if m.is_finite() && m >= 90.0 => format!("{:.1} h", m / 60.0),
        other => minutes(other),
    }
}

/// An instant (RFC 3339, as the metrics JSON writes it) as the wall-clock minute of the report's
/// time zone (`timezone`: the period's, as `--timezone` gave it), so that a table of a period in
/// Paris does not show an incident of 1 October at 00:30 as `2026-09-30T22:30:00Z`. The zone is
/// named once, in the column's header. Text that is no instant, or a zone that does not parse,
/// is shown as given.
pub fn local_minute(instant: &str, timezone: &str) -> String {
    let (Ok(at), Ok(zone)) = (
        chrono::DateTime::parse_from_rfc3339(instant),
        crate::time::Zone::parse(timezone),
    ) else {
        return instant.to_string();
    };
    zone.local_naive(at.with_timezone(&chrono::Utc))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A period's bounds as its reader's clock shows them, the zone named once:
/// `2026-10-01 00:00 → 2026-11-01 00:00 (Europe/Paris)`.
pub fn local_bounds(from: &str, to: &str, timezone: &str) -> String {
    format!(
        "{} → {} ({timezone})",
        local_minute(from, timezone),
        local_minute(to, timezone)
    )
}

/// A count with its noun in the right number: "1 incident", "2 incidents", "0 incidents".
pub fn count(n: impl Into<i128>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A ratio as a percentage with one decimal.
pub fn percent(value: Option<f64>) -> String {
    value
        .filter(|v| v.is_finite())
        .map_or_else(|| "–".to_string(), |v| format!("{:.1} %", v * 100.0))
}

/// A plain number with up to two decimals, trailing zeros dropped.
pub fn number(value: Option<f64>) -> String {
    match value.filter(|v| v.is_finite()) {
        None => "–".to_string(),
        Some(v) if (v - v.round()).abs() < 1e-9 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(count(1u32, "incident", "incidents"), "1 incident");
        assert_eq!(count(0u32, "incident", "incidents"), "0 incidents");
        assert_eq!(count(2i64, "run", "runs"), "2 runs");
    }

    #[test]
    fn instants_read_in_the_reports_zone() {
        // 1 October 00:30 in Paris (summer time, +02:00), not the UTC day before.
        assert_eq!(
            local_minute("2026-09-30T22:30:00Z", "Europe/Paris"),
            "2026-10-01 00:30"
        );
        // Winter time, a fixed offset, UTC.
        assert_eq!(
            local_minute("2026-12-01T08:15:59Z", "Europe/Paris"),
            "2026-12-01 09:15"
        );
        assert_eq!(
            local_minute("2026-10-01T10:00:00.5Z", "-05:30"),
            "2026-10-01 04:30"
        );
        assert_eq!(
            local_minute("2026-10-01T10:00:00Z", "UTC"),
            "2026-10-01 10:00"
        );
        assert_eq!(local_minute("not a time", "UTC"), "not a time");
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(minutes(Some(0.5)), "30 s");
        assert_eq!(minutes(Some(45.0)), "45 min");
        assert_eq!(minutes(Some(372.0)), "6.2 h");
        assert_eq!(minutes(Some(4464.0)), "3.1 d");
        assert_eq!(minutes(None), "–");
    }

    #[test]
    fn ratios_and_numbers() {
        assert_eq!(percent(Some(0.4167)), "41.7 %");
        assert_eq!(percent(None), "–");
        assert_eq!(number(Some(2.5)), "2.5");
        assert_eq!(number(Some(3.0)), "3");
        assert_eq!(number(Some(2.3333)), "2.33");
    }
}
