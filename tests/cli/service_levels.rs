//! Service levels, business time and time saved (`--targets`) on tests/fixtures/sla, whose every
//! figure is worked out by hand in tests/fixtures/sla/README.md: a working week across the
//! spring clock change in Paris, a holiday, incidents across weekends, open incidents past their
//! targets, a negative duration, automation runs that failed or have no outcome.

use predicates::prelude::*;
use serde_json::{json, Value};

use crate::harness::{fixture, json_of, socgauge, write};

fn march(extra: &[&str]) -> Value {
    json_of(
        socgauge()
            .args(["metrics", "--format", "json", "--month", "2026-03"])
            .args(["--timezone", "Europe/Paris"])
            .arg(fixture("sla"))
            .args(extra),
    )
}

fn targets() -> String {
    fixture("sla/targets.toml").display().to_string()
}

#[test]
fn business_time_durations_are_hand_computed() {
    let report = march(&["--targets", &targets()]);
    let m = &report["metrics"];
    assert_eq!(
        m["mttd_business"],
        json!({"n": 2, "mean_minutes": 75.0, "median_minutes": 75.0, "p90_minutes": 111.0})
    );
    // S1 across the weekend and the clock change (10), S2 across the holiday (60), S3 on a
    // Saturday (0), S5 (45), S6 on the first CEST days (180); S7 is negative, S4 open.
    assert_eq!(
        m["mtta_business"],
        json!({"n": 5, "mean_minutes": 59.0, "median_minutes": 45.0, "p90_minutes": 132.0})
    );
    assert_eq!(
        m["mttc_business"],
        json!({"n": 2, "mean_minutes": 150.0, "median_minutes": 150.0, "p90_minutes": 174.0})
    );
    assert_eq!(
        m["mttr_business"],
        json!({"n": 5, "mean_minutes": 318.0, "median_minutes": 300.0, "p90_minutes": 564.0})
    );
    // Same populations as the calendar durations.
    for key in ["mttd", "mtta", "mttc", "mttr"] {
        assert_eq!(m[format!("{key}_business")]["n"], m[key]["n"], "{key}");
    }
    // The calendar figures are those of a run without targets, and business durations add no
    // negative duration to the rate.
    let plain = march(&[]);
    for key in [
        "mttd",
        "mtta",
        "mttc",
        "mttr",
        "negative_duration_rate",
        "backlog",
    ] {
        assert_eq!(m[key], plain["metrics"][key], "{key}");
    }
    assert_eq!(m["negative_duration_rate"]["numerator"], 1);
}

#[test]
fn compliance_per_severity_and_target_is_hand_computed() {
    let report = march(&["--targets", &targets()]);
    let row = |severity: &str,
               target: &str,
               hours: &str,
               minutes: f64,
               (n, met, breached): (i64, i64, i64),
               rate: Value,
               overrun: Value,
               open: i64,
               status: &str| {
        json!({
            "severity": severity, "target": target, "hours": hours, "target_minutes": minutes,
            "n": n, "met": met, "breached": breached, "compliance_rate": rate,
            "open_past_target": open, "median_overrun_minutes": overrun,
            "compliance_objective": 0.9, "status": status,
        })
    };
    let expected = json!([
        row(
            "critical",
            "acknowledge",
            "calendar",
            15.0,
            (1, 1, 0),
            json!(1.0),
            Value::Null,
            1,
            "green"
        ),
        row(
            "critical",
            "contain",
            "calendar",
            240.0,
            (1, 0, 1),
            json!(0.0),
            json!(3540.0),
            1,
            "red"
        ),
        row(
            "critical",
            "resolve",
            "calendar",
            1440.0,
            (1, 0, 1),
            json!(0.0),
            json!(2520.0),
            0,
            "red"
        ),
        row(
            "high",
            "acknowledge",
            "business",
            60.0,
            (2, 2, 0),
            json!(1.0),
            Value::Null,
            0,
            "green"
        ),
        row(
            "high",
            "contain",
            "business",
            240.0,
            (1, 1, 0),
            json!(1.0),
            Value::Null,
            0,
            "green"
        ),
        row(
            "high",
            "resolve",
            "business",
            480.0,
            (2, 0, 2),
            json!(0.0),
            json!(75.0),
            0,
            "red"
        ),
        row(
            "medium",
            "acknowledge",
            "business",
            60.0,
            (2, 1, 1),
            json!(0.5),
            json!(120.0),
            0,
            "red"
        ),
        row(
            "medium",
            "resolve",
            "business",
            120.0,
            (2, 2, 0),
            json!(1.0),
            Value::Null,
            1,
            "green"
        ),
    ]);
    assert_eq!(report["metrics"]["sla"], expected);
    let breaches: Vec<(String, String, f64)> = report["sla_breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["incident_id"].as_str().unwrap().to_string(),
                b["target"].as_str().unwrap().to_string(),
                b["overrun_minutes"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        breaches,
        [
            ("S1".to_string(), "contain".to_string(), 3540.0),
            ("S1".into(), "resolve".into(), 2520.0),
            ("S5".into(), "resolve".into(), 120.0),
            ("S2".into(), "resolve".into(), 30.0),
            ("S6".into(), "acknowledge".into(), 120.0),
        ]
    );
}

#[test]
fn time_saved_counts_successful_runs_only() {
    let report = march(&["--targets", &targets()]);
    let t = &report["metrics"]["time_saved"];
    assert_eq!(t["estimate"], true);
    assert_eq!(
        t["by_action"],
        json!([
            {"action": "contain", "playbook": "Isolate host", "runs": 1, "failed": 0,
             "unknown_outcome": 0, "minutes_per_run": 30.0, "source": "targets_file",
             "minutes_saved": 30.0},
            {"action": "enrich", "playbook": null, "runs": 2, "failed": 1, "unknown_outcome": 0,
             "minutes_per_run": 6.0, "source": "targets_file", "minutes_saved": 12.0},
            {"action": "triage", "playbook": null, "runs": 0, "failed": 0, "unknown_outcome": 1,
             "minutes_per_run": 10.0, "source": "default", "minutes_saved": 0.0},
        ])
    );
    assert_eq!(t["runs"], 3);
    assert_eq!(t["failed"], 1);
    assert_eq!(t["unknown_outcome"], 1);
    assert_eq!(t["minutes_saved"], 42.0);
    assert_eq!(t["hours_saved"], 0.7);
    assert_eq!(t["period_months"], 1.0);
    assert!((t["fte_equivalent"].as_f64().unwrap() - 0.7 / 120.0).abs() < 1e-12);
    assert_eq!(t["cost_saved"], 35.0);
    assert_eq!(t["currency"], "EUR");
    assert!(t["formula"]
        .as_str()
        .unwrap()
        .contains("successful automation runs"));
}

/// Without an automation export nothing is saved: zeros (never -0.0) beside the reason; a
/// calendar month given as --from/--to is one month, as --month is.
#[test]
fn time_saved_without_automation_and_over_whole_months() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(fixture("sla/incidents.csv"), data.join("incidents.csv")).unwrap();
    let out = socgauge()
        .args(["metrics", "--format", "json", "--month", "2026-03"])
        .args(["--timezone", "Europe/Paris", "--targets", &targets()])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("-0.0"), "{text}");
    let t = &serde_json::from_str::<Value>(&text).unwrap()["metrics"]["time_saved"];
    assert!(t["unavailable"].is_string(), "{t}");
    assert_eq!(
        (&t["minutes_saved"], &t["hours_saved"], &t["fte_equivalent"]),
        (&json!(0.0), &json!(0.0), &json!(0.0))
    );

    let months = |from: &str, to: &str| {
        json_of(
            socgauge()
                .args(["metrics", "--format", "json", "--from", from, "--to", to])
                .args(["--timezone", "Europe/Paris", "--targets", &targets()])
                .arg(fixture("sla")),
        )["metrics"]["time_saved"]["period_months"]
            .clone()
    };
    assert_eq!(months("2026-03-01", "2026-04-01"), json!(1.0));
    assert_eq!(months("2026-01-01", "2026-04-01"), json!(3.0));
    // Not whole months: the days over the mean month, 30.436875 days.
    assert_eq!(months("2026-03-01", "2026-03-16"), json!(15.0 / 30.436875));
}

#[test]
fn without_targets_no_key_is_added() {
    let report = march(&[]);
    let m = report["metrics"].as_object().unwrap();
    for key in [
        "sla",
        "time_saved",
        "mttd_business",
        "mtta_business",
        "mttc_business",
        "mttr_business",
    ] {
        assert!(!m.contains_key(key), "{key}");
    }
    assert!(report.get("sla_breaches").is_none());
}

#[test]
fn targets_without_a_calendar_give_no_business_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "t.toml",
        "[[target]]\nseverity = \"critical\"\nresolve_minutes = 1440\n",
    );
    let report = march(&["--targets", file.to_str().unwrap()]);
    let m = report["metrics"].as_object().unwrap();
    assert!(!m.contains_key("mttr_business"));
    assert_eq!(m["sla"][0]["n"], 1);
    assert_eq!(m["sla"][0]["breached"], 1);
    // Documented defaults without a [time_saved] table: enrich 5, contain 15 minutes.
    assert_eq!(m["time_saved"]["minutes_saved"], 2.0 * 5.0 + 15.0);
}

#[test]
fn a_round_the_clock_calendar_is_calendar_time() {
    let file = fixture("sla/targets-24x7.toml");
    let report = march(&["--targets", file.to_str().unwrap()]);
    let m = &report["metrics"];
    for key in ["mttd", "mtta", "mttc", "mttr"] {
        assert_eq!(m[format!("{key}_business")], m[key], "{key}");
    }
    // High resolve in business = calendar time: S2 5670 and S5 1440 minutes, both over 480.
    assert_eq!(m["sla"][0]["n"], 2);
    assert_eq!(m["sla"][0]["breached"], 2);
    assert_eq!(
        m["sla"][0]["median_overrun_minutes"],
        (5190.0 + 960.0) / 2.0
    );
}

#[test]
fn every_metrics_object_has_its_own_sla() {
    // One tenant: its block is the pooled one, sla included.
    let report = march(&["--targets", &targets()]);
    let block = &report["tenants"]["acme"]["metrics"];
    assert_eq!(block["mtta_business"], report["metrics"]["mtta_business"]);
    assert_eq!(block["sla"], report["metrics"]["sla"]);
    // The previous period (February) has S8 only: critical, acknowledged in 5 minutes, closed in
    // 60, never contained.
    let before = &report["previous"]["metrics"]["sla"];
    let of = |target: &str| {
        before
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["severity"] == "critical" && r["target"] == target)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            of("acknowledge")["n"].clone(),
            of("acknowledge")["met"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(
        (of("resolve")["n"].clone(), of("resolve")["met"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(of("contain")["n"], 0);
    assert_eq!(of("contain")["compliance_rate"], Value::Null);

    // Two tenants: the fixture's acme and a tenant beta with one critical acknowledged after 20
    // minutes (target 15, calendar: breached by 5) and one high still open since 30 March 14:00Z
    // (business: Mon 14:00–16:00Z + Tue 06:00–16:00Z = 720 > 480, past the resolve target).
    let dir = tempfile::tempdir().unwrap();
    let mut incidents = std::fs::read_to_string(fixture("sla/incidents.csv")).unwrap();
    incidents.push_str(
        "beta,B1,Beta critical,critical,closed,true_positive,,2026-03-11T10:00:00Z,2026-03-11T10:20:00Z,,2026-03-11T12:00:00Z,cy,human,false,\n\
         beta,B2,Beta high still open,high,active,,,2026-03-30T14:00:00Z,2026-03-30T14:10:00Z,,,cy,,false,\n",
    );
    let data = write(dir.path(), "incidents.csv", &incidents);
    let report = json_of(
        socgauge()
            .args(["metrics", "--format", "json", "--month", "2026-03"])
            .args(["--timezone", "Europe/Paris", "--targets", &targets()])
            .arg(&data),
    );
    let row = |m: &Value, severity: &str, target: &str| {
        let r = m["sla"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["severity"] == severity && r["target"] == target)
            .unwrap()
            .clone();
        (
            r["n"].clone(),
            r["met"].clone(),
            r["breached"].clone(),
            r["open_past_target"].clone(),
        )
    };
    let pooled = &report["metrics"];
    let acme = &report["tenants"]["acme"]["metrics"];
    let beta = &report["tenants"]["beta"]["metrics"];
    assert_eq!(
        row(pooled, "critical", "acknowledge"),
        (json!(2), json!(1), json!(1), json!(1))
    );
    assert_eq!(
        row(acme, "critical", "acknowledge"),
        (json!(1), json!(1), json!(0), json!(1))
    );
    assert_eq!(
        row(beta, "critical", "acknowledge"),
        (json!(1), json!(0), json!(1), json!(0))
    );
    assert_eq!(
        row(pooled, "high", "resolve"),
        (json!(2), json!(0), json!(2), json!(1))
    );
    assert_eq!(
        row(acme, "high", "resolve"),
        (json!(2), json!(0), json!(2), json!(0))
    );
    assert_eq!(
        row(beta, "high", "resolve"),
        (json!(0), json!(0), json!(0), json!(1))
    );
    // Every target listed in every block, in the file's order, zeros where nothing was measured.
    for m in [pooled, acme, beta] {
        assert_eq!(m["sla"].as_array().unwrap().len(), 8);
    }
    let beta_ack = beta["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["severity"] == "critical" && r["target"] == "acknowledge")
        .unwrap();
    assert_eq!(beta_ack["median_overrun_minutes"], 5.0);
    assert_eq!(beta_ack["status"], "red");
    let beta_contain = beta["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["severity"] == "high" && r["target"] == "contain")
        .unwrap();
    assert_eq!(beta_contain["n"], 0);
    assert_eq!(beta_contain["compliance_rate"], Value::Null);
    assert_eq!(beta_contain["status"], Value::Null);
}

#[test]
fn csv_and_table_show_the_service_levels() {
    let out = socgauge()
        .args(["metrics", "--format", "csv", "--month", "2026-03"])
        .args(["--timezone", "Europe/Paris", "--targets", &targets()])
        .arg(fixture("sla"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    // The pooled block: an empty tenant.
    for line in [
        ",,sla,critical.contain.median_overrun_minutes,3540.0",
        ",,sla,medium.resolve.open_past_target,1",
        ",,mtta_business,median_minutes,45.0",
        ",,time_saved,by_action.contain.Isolate host.minutes_saved,30.0",
        ",,time_saved,hours_saved,0.7",
    ] {
        assert!(csv.contains(line), "CSV lacks {line}");
    }
    let out = socgauge()
        .args([
            "metrics",
            "--month",
            "2026-03",
            "--timezone",
            "Europe/Paris",
        ])
        .args(["--targets", &targets()])
        .arg(fixture("sla"))
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("MTTA in business time"), "{table}");
    assert!(table.contains("Service levels"), "{table}");
    assert!(table.contains("estimate, not a measurement"), "{table}");
}

#[test]
fn the_report_has_a_service_levels_section() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    socgauge()
        .args(["report", "--month", "2026-03", "--timezone", "Europe/Paris"])
        .args([
            "--targets",
            &targets(),
            "--as-of",
            "2026-04-02T00:00:00Z",
            "-o",
        ])
        .arg(&out)
        .arg(fixture("sla"))
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<section id=\"service-levels\">"));
    // The executive summary leads with the targets met and missed.
    let summary = &html[html.find("<section id=\"summary\">").unwrap()..];
    let first_p = &summary[summary.find("<p").unwrap()..];
    assert!(
        first_p.starts_with(
            "<p class=\"targets\"><strong>Service levels: 4 of 8 targets met their compliance objective; missed: critical contain (0.0 % within 4.0 h, red)"
        ),
        "{}",
        &first_p[..300]
    );
    // ... and says which incidents are still open past a target, which compliance leaves out.
    let first_p_text = &first_p[..first_p.find("</p>").unwrap()];
    assert!(
        first_p_text.ends_with(
            "Still open past target at the period&#x27;s end (not in the compliance yet): critical acknowledge 1; critical contain 1; medium resolve 1.</strong>"
        ),
        "{first_p_text}"
    );
    // Eight rows of compliance, the chart with its text alternative, five breaches.
    let table = &html[html.find("id=\"sla-table\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr class=\"sla-").count(), 8);
    assert!(html.contains("id=\"chart-sla-compliance\""));
    assert!(html.contains("aria-label=\"Incidents within target, by severity and target (%): critical acknowledge 100"));
    let breaches = &html[html.find("id=\"sla-breaches\"").unwrap()..];
    let breaches = &breaches[..breaches.find("</table>").unwrap()];
    assert_eq!(breaches.matches("<tr>").count(), 6, "header + 5 breaches");
    assert!(breaches.contains("Thursday evening phishing across the holiday"));
    // KPI tiles: MTTA's acknowledge targets (green, green, red), MTTR's resolve ones.
    assert!(html.contains("status-red\">red · acknowledge targets: 2 of 3 met"));
    assert!(html.contains("status-red\">red · resolve targets: 1 of 3 met"));
    assert!(html.contains("Estimated time saved by automation: 0.7 hours from 3 successful runs"));
    assert!(html.contains("Formula: hours saved ="));
}

#[test]
fn bad_targets_files_are_usage_errors_naming_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[[target]]\nseverity = \"urgent\"\nresolve_minutes = 60\n",
            "key `target[0].severity`: unknown severity `urgent`; expected one of critical, high, medium, low, informational",
        ),
        (
            "[calendar]\ntimezone = \"Europe/Pariss\"\nhours = \"08:00-18:00\"\n",
            "key `calendar.timezone`: `Europe/Pariss` is not a time zone",
        ),
        (
            "[calendar]\ntimezone = \"Europe/Paris\"\nhours = \"18:00-08:00\"\n",
            "key `calendar.hours`: `18:00-08:00`: the working hours must end after they start on the same day",
        ),
        (
            "[calendar]\ntimezone = \"UTC\"\nhours = \"08:00-18:00\"\nambre_band = 0.1\n",
            "key `calendar.ambre_band`: unknown key",
        ),
        ("[[target]\nseverity = 1\n", "line 1:"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("t{i}.toml"), text);
        socgauge()
            .args(["metrics", "--targets"])
            .arg(&file)
            .arg(fixture("sla"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("{}`: ", file.display())))
            .stderr(predicate::str::contains(*expected));
    }
    // report and assess read the same file, before any data.
    let bad = dir.path().join("t0.toml");
    for command in ["report", "assess"] {
        socgauge()
            .args([command, "--targets"])
            .arg(&bad)
            .arg(fixture("sla"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown severity `urgent`"));
    }
    socgauge()
        .args([
            "assess",
            "--format",
            "json",
            "--month",
            "2026-03",
            "--targets",
            &targets(),
        ])
        .arg(fixture("sla"))
        .assert()
        .success();
    socgauge()
        .args(["metrics", "--history", "3", "--targets", &targets()])
        .arg(fixture("sla"))
        .assert()
        .code(2);
    // An output onto the targets file is refused; the file stays as it was.
    let copy = write(
        dir.path(),
        "keep.toml",
        &std::fs::read_to_string(fixture("sla/targets.toml")).unwrap(),
    );
    socgauge()
        .args(["metrics", "--format", "json", "--targets"])
        .arg(&copy)
        .arg("-o")
        .arg(&copy)
        .arg(fixture("sla"))
        .assert()
        .failure();
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        std::fs::read_to_string(fixture("sla/targets.toml")).unwrap()
    );
}

#[test]
fn a_hostile_title_in_the_breaches_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let incidents = std::fs::read_to_string(fixture("sla/incidents.csv"))
        .unwrap()
        .replace(
            "Thursday evening phishing across the holiday",
            "\"<img src=x onerror=alert(1)>, =HYPERLINK(1)\"",
        );
    write(&data, "incidents.csv", &incidents);
    let out = dir.path().join("r.html");
    socgauge()
        .args(["report", "--month", "2026-03", "--timezone", "Europe/Paris"])
        .args(["--targets", &targets(), "-o"])
        .arg(&out)
        .arg(&data)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;, =HYPERLINK(1)"));
}

#[test]
fn the_sample_report_shows_service_levels_with_the_sample_targets() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    socgauge()
        .arg("report")
        .arg(&sample)
        .arg("--targets")
        .arg(sample.join("targets.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    for part in [
        "<section id=\"service-levels\">",
        "id=\"sla-table\"",
        "id=\"chart-sla-compliance\"",
        "id=\"sla-breaches\"",
        "id=\"business-table\"",
        "id=\"time-saved\"",
        "<p class=\"targets\"><strong>Service levels: ",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // Ten severity × target rows, each with a status.
    let table = &html[html.find("id=\"sla-table\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let judged = ["sla-green", "sla-amber", "sla-red"]
        .iter()
        .map(|s| table.matches(s).count())
        .sum::<usize>();
    assert_eq!(judged, 10);
}
