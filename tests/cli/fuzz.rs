//! A fixed-seed property test: random canonical incidents and alerts, as CSV or NDJSON, with
//! hostile text in every text field and random (sometimes impossible) timestamps. For each case:
//! every row read is loaded or rejected, exactly the rows with a bad timestamp are rejected, the
//! metrics CSV holds no formula, and the HTML report holds no element or attribute that the same
//! data with harmless text does not produce.
//!
//! The default run is small enough for every `cargo test`. A longer run:
//! `SOCGAUGE_FUZZ_CASES=200 SOCGAUGE_FUZZ_SEED=7 cargo test --release --test cli fuzz`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::harness::socgauge;

/// Text that has broken reports, spreadsheets, terminals or SQL somewhere.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "</svg><svg onload=alert(2)>",
    "<a href=\"javascript:alert(3)\">x</a>",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "=HYPERLINK(\"http://evil\",\"x\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "'; DROP TABLE incidents; --",
    "line one\nline two",
    "tab\there",
    "esc\u{1b}[2J",
    "\u{202e}gnp.exe",
    "zero\u{200b}width",
    "émoji 🛡️ ünïcode",
    "a,b;c|d",
    "\"quoted\"",
    "  padded  ",
    "&amp; &lt;",
    "%s%n%x",
    "../../etc/passwd",
];

/// Timestamps that must be rejected.
const BAD_TIMES: &[&str] = &[
    "9999-12-31T23:59:59Z",
    "1969-07-20T20:17:00Z",
    "2026-10-05T10:00:00+25:00",
    "2026-10-05T10:00:00+00:60",
    "2026-13-01T00:00:00Z",
    "yesterday",
];

struct Gen {
    rng: fastrand::Rng,
    /// Harmless text in place of every hostile string, for the twin report.
    clean: bool,
    text_count: usize,
}

impl Gen {
    fn text(&mut self) -> String {
        self.text_count += 1;
        let pick = HOSTILE[self.rng.usize(..HOSTILE.len())];
        if self.clean {
            // Letters only: the twin's text must add no digit to the page.
            let mut n = self.text_count;
            let mut word = String::from("text");
            while n > 0 {
                word.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            word
        } else {
            pick.to_string()
        }
    }

    /// A valid instant of September or October 2026, in one of the forms exports use.
    fn good_time(&mut self) -> String {
        let day = self.rng.u32(1..=61);
        let (month, day) = if day > 30 { (10, day - 30) } else { (9, day) };
        let (h, m, s) = (
            self.rng.u32(0..24),
            self.rng.u32(0..60),
            self.rng.u32(0..60),
        );
        match self.rng.u8(0..4) {
            0 => format!("2026-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z"),
            1 => format!("2026-{month:02}-{day:02} {h:02}:{m:02}:{s:02}"),
            2 => format!("2026-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.123+02:00"),
            _ => format!("2026-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}-0530"),
        }
    }

    /// A timestamp and whether it is valid; `optional` ones may be empty.
    fn time(&mut self, optional: bool) -> (String, bool) {
        let roll = self.rng.u8(0..100);
        if optional && roll < 30 {
            (String::new(), true)
        } else if roll >= 90 {
            (
                BAD_TIMES[self.rng.usize(..BAD_TIMES.len())].to_string(),
                false,
            )
        } else {
            (self.good_time(), true)
        }
    }
}

/// One generated export: the rows per kind and how many must load.
struct Case {
    incidents: Vec<serde_json::Map<String, serde_json::Value>>,
    alerts: Vec<serde_json::Map<String, serde_json::Value>>,
    valid: usize,
}

fn generate(seed: u64, clean: bool) -> Case {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
        clean,
        text_count: 0,
    };
    let mut valid = 0;
    // One organisation per export, with a hostile name: the report is that tenant's (several
    // tenants would be refused, not pooled, without --tenant).
    let tenant = g.text();
    let mut incidents = Vec::new();
    let n_incidents = g.rng.usize(5..25);
    for i in 0..n_incidents {
        let mut row = serde_json::Map::new();
        let mut ok = true;
        let id = format!("{}#{i}", g.text());
        row.insert("incident_id".into(), id.into());
        for (key, optional) in [
            ("created_at", false),
            ("acknowledged_at", true),
            ("closed_at", true),
        ] {
            let (t, good) = g.time(optional);
            ok &= good;
            row.insert(key.into(), t.into());
        }
        row.insert("tenant".into(), tenant.clone().into());
        for key in ["title", "owner"] {
            let t = g.text();
            row.insert(key.into(), t.into());
        }
        let severity = ["low", "medium", "high", "critical"][g.rng.usize(..4)];
        row.insert("severity".into(), severity.into());
        row.insert("status".into(), "closed".into());
        valid += usize::from(ok);
        incidents.push(row);
    }
    let mut alerts = Vec::new();
    for i in 0..g.rng.usize(5..40) {
        let mut row = serde_json::Map::new();
        let id = format!("{}#{i}", g.text());
        row.insert("alert_id".into(), id.into());
        let (t, ok) = g.time(false);
        row.insert("created_at".into(), t.into());
        row.insert("tenant".into(), tenant.clone().into());
        for key in [
            "title",
            "rule_name",
            "product",
            "entity_user",
            "entity_host",
        ] {
            let t = g.text();
            row.insert(key.into(), t.into());
        }
        let link = incidents[g.rng.usize(..incidents.len())]["incident_id"].clone();
        row.insert("incident_id".into(), link);
        valid += usize::from(ok);
        alerts.push(row);
    }
    Case {
        incidents,
        alerts,
        valid,
    }
}

/// Writes the case as CSV (`csv`) or NDJSON files into `dir`.
fn write(case: &Case, dir: &Path, csv: bool) {
    for (name, rows) in [("incidents", &case.incidents), ("alerts", &case.alerts)] {
        if csv {
            let mut w = csv::Writer::from_path(dir.join(format!("{name}.csv"))).unwrap();
            let header: Vec<&String> = rows[0].keys().collect();
            w.write_record(&header).unwrap();
            for row in rows {
                w.write_record(row.values().map(|v| v.as_str().unwrap_or_default()))
                    .unwrap();
            }
            w.flush().unwrap();
        } else {
            let text: String = rows
                .iter()
                .map(|r| format!("{}\n", serde_json::Value::Object(r.clone())))
                .collect();
            std::fs::write(dir.join(format!("{name}.ndjson")), text).unwrap();
        }
    }
}

fn ok(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Tag names and attribute names of an HTML document.
fn markup(html: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let dom = tl::parse(html, tl::ParserOptions::default()).unwrap();
    let mut tags = BTreeSet::new();
    let mut attrs = BTreeSet::new();
    for tag in dom.nodes().iter().filter_map(|n| n.as_tag()) {
        tags.insert(tag.name().as_utf8_str().to_ascii_lowercase());
        for (name, _) in tag.attributes().iter() {
            attrs.insert(name.to_ascii_lowercase());
        }
    }
    (tags, attrs)
}

fn report(dir: &Path) -> String {
    let out = dir.join("report.html");
    ok(socgauge()
        .arg("report")
        .arg(dir.join("data"))
        .args(["--month", "2026-10", "--max-rejects", "1", "-o"])
        .arg(&out));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn random_hostile_exports_keep_every_invariant() {
    let seed: u64 = std::env::var("SOCGAUGE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(18);
    let cases: u64 = std::env::var("SOCGAUGE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    for n in 0..cases {
        let case_seed = seed.wrapping_mul(1_000_003).wrapping_add(n);
        let as_csv = n % 2 == 0;
        let dir = tempfile::tempdir().unwrap();
        let twin = tempfile::tempdir().unwrap();
        let case = generate(case_seed, false);
        for (d, c) in [(&dir, &case), (&twin, &generate(case_seed, true))] {
            std::fs::create_dir(d.path().join("data")).unwrap();
            write(c, &d.path().join("data"), as_csv);
        }
        let context = format!(
            "seed {case_seed} ({})",
            if as_csv { "csv" } else { "ndjson" }
        );

        // Every row is loaded or rejected, and exactly the rows with a bad timestamp are rejected.
        let db = dir.path().join("t.db");
        // Rejects are checked row by row, so the whole-file threshold is off.
        let out = ok(socgauge()
            .args(["ingest", "--max-rejects", "1", "--db"])
            .arg(&db)
            .arg(dir.path().join("data")));
        let total: Vec<usize> = out
            .lines()
            .find(|l| l.starts_with("total"))
            .unwrap()
            .split_whitespace()
            .skip(1)
            .map(|x| x.parse().unwrap())
            .collect();
        let rows = case.incidents.len() + case.alerts.len();
        assert_eq!(total[0], rows, "{context}: rows read");
        assert_eq!(
            total[0],
            total[1] + total[2],
            "{context}: read = loaded + rejected"
        );
        assert_eq!(total[1], case.valid, "{context}: rows loaded\n{out}");

        // No cell of the metrics CSV is a formula.
        let csv_out = ok(socgauge()
            .args(["metrics", "--format", "csv", "--month", "2026-10", "--db"])
            .arg(&db));
        for record in csv::Reader::from_reader(csv_out.as_bytes()).records() {
            for cell in record.unwrap().iter() {
                let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!formula, "{context}: formula cell {cell:?}");
                assert!(!cell.contains('\u{1b}'), "{context}: ESC in {cell:?}");
            }
        }

        // The report's markup is the template's: the same as with harmless text.
        let html = report(dir.path());
        let clean_html = report(twin.path());
        let (tags, attrs) = markup(&html);
        let (clean_tags, clean_attrs) = markup(&clean_html);
        assert!(
            tags.is_subset(&clean_tags),
            "{context}: elements not in the template: {:?}",
            tags.difference(&clean_tags).collect::<Vec<_>>()
        );
        assert!(
            attrs.is_subset(&clean_attrs),
            "{context}: attributes not in the template: {:?}",
            attrs.difference(&clean_attrs).collect::<Vec<_>>()
        );
        assert!(
            !html.contains('\u{1b}') && !html.contains('\0'),
            "{context}"
        );
        // `{{ 7*7 }}` evaluated would add a text 49 that the twin (same numbers) does not have.
        // (Only whole text nodes: chart coordinates depend on the length of the labels.)
        assert_eq!(
            html.matches(">49<").count(),
            clean_html.matches(">49<").count(),
            "{context}: template syntax evaluated"
        );
    }
}
