//! Workload, backlog ageing, categories and highlights, worked out by hand on
//! tests/fixtures/workload (October 2026, UTC; its README says what each incident is for), the
//! category mapping of vendor exports, and owner pseudonyms.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::harness::{fixture, json_of, query, socgauge, write};

fn files() -> PathBuf {
    fixture("workload")
}

/// `metrics --month 2026-10 --format json` on the fixture, with `extra` arguments.
fn october(extra: &[&str]) -> Value {
    json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-10", "--format", "json",
            ])
            .args(extra)
            .arg(files()),
    )
}

/// `metrics --month 2026-10 --format json` on `files` (a test's own).
fn october_of(files: &[&PathBuf]) -> Value {
    json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-10", "--format", "json",
            ])
            .args(files),
    )
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

/// One workload row: owner, kind, assigned, closed, mtta (n, median), mttr (n, median), open.
#[allow(clippy::too_many_arguments)]
fn owner_row(
    owner: &str,
    kind: &str,
    assigned: i64,
    closed: i64,
    mtta: (i64, Option<f64>),
    mttr: (i64, Option<f64>),
    open: i64,
) -> Value {
    json!({
        "owner": owner, "kind": kind, "assigned": assigned, "closed": closed,
        "mtta_n": mtta.0, "mtta_median_minutes": mtta.1,
        "mttr_n": mttr.0, "mttr_median_minutes": mttr.1,
        "open_at_end": open,
    })
}

/// The hand-computed workload of the fixture, in its order (assigned, most first, then owner).
fn expected_workload() -> Value {
    json!([
        // W01 (30 min to acknowledge, 120 to close), W02 (60, 1440), W03 (10, open), W13 (40,
        // 180); W08 was created in September and is still open. Closed in October: W01, W02, W13.
        owner_row("ana", "owner", 4, 3, (4, Some(35.0)), (3, Some(180.0)), 2),
        // W04 (20 min; closed on 2 November: 23 days, open at the end of October), W11 (open,
        // 1 day old), W14 (status closed without a closing time: open). W05 is automation's.
        owner_row("ben", "owner", 3, 0, (1, Some(20.0)), (1, Some(33120.0)), 3),
        // W06, closed by AI after 2 minutes (no owner).
        owner_row("ai", "ai", 1, 1, (0, None), (1, Some(2.0)), 0),
        // W05: owner ben, but a playbook closed it after 5 minutes.
        owner_row(
            "automation",
            "automation",
            1,
            1,
            (0, None),
            (1, Some(5.0)),
            0
        ),
        // W10: "dan   smith", whitespace made one space.
        owner_row("dan smith", "owner", 1, 0, (0, None), (0, None), 1),
        // W07: owner "-".
        owner_row("unassigned", "unassigned", 1, 0, (0, None), (0, None), 1),
        // W09: created in September, closed on 3 October.
        owner_row("carol", "owner", 0, 1, (0, None), (0, None), 0),
    ])
}

#[test]
fn workload_is_hand_computed() {
    let m = &october(&[])["metrics"];
    assert_eq!(m["workload"]["rows"], expected_workload());
    // Every in-scope incident counts for exactly one row, and every open one too: the rows add up
    // to the incidents, the backlog and the n of MTTA and MTTR (W12, merged, nowhere).
    let rows = m["workload"]["rows"].as_array().unwrap();
    let sum = |field: &str| rows.iter().map(|r| r[field].as_i64().unwrap()).sum::<i64>();
    assert_eq!(m["incidents"]["value"], 11);
    assert_eq!(sum("assigned"), 11);
    assert_eq!(m["backlog"]["value"], 7);
    assert_eq!(sum("open_at_end"), 7);
    assert_eq!(m["mtta"]["n"], sum("mtta_n"));
    assert_eq!(m["mttr"]["n"], sum("mttr_n"));
}

#[test]
fn backlog_ageing_is_hand_computed_with_exact_edges() {
    let m = &october(&[])["metrics"];
    // Ages at 2026-11-01T00:00Z: W07 4 h; W11 exactly 1 d; W10 exactly 3 d; W14 exactly 7 d,
    // W03 12 d, W04 22 d; W08 61 d. An age on an edge belongs to the bucket it starts.
    assert_eq!(
        m["backlog_ageing"]["rows"],
        json!([
            {"label": "< 1 d", "lower_days": 0, "upper_days": 1, "incidents": 1},
            {"label": "1–3 d", "lower_days": 1, "upper_days": 3, "incidents": 1},
            {"label": "3–7 d", "lower_days": 3, "upper_days": 7, "incidents": 1},
            {"label": "7–30 d", "lower_days": 7, "upper_days": 30, "incidents": 3},
            {"label": "≥ 30 d", "lower_days": 30, "upper_days": null, "incidents": 1},
        ])
    );
}

#[test]
fn categories_are_hand_computed() {
    let m = &october(&[])["metrics"];
    assert_eq!(
        m["categories"]["rows"],
        json!([
            // W01 (120 min), W03 (open), W05 (5), W13 (180); alert A4.
            {"category": "Phishing", "incidents": 4, "mttr_n": 3, "mttr_median_minutes": 120.0, "alerts": 1},
            // W04 has no category of its own: two of its three alerts say Lateral Movement (one
            // spelt with three spaces), one Discovery.
            {"category": "Lateral Movement", "incidents": 1, "mttr_n": 1, "mttr_median_minutes": 33120.0, "alerts": 2},
            // W02's "  Malware   <i>outbreak</i> ", whitespace normalised, wording kept.
            {"category": "Malware <i>outbreak</i>", "incidents": 1, "mttr_n": 1, "mttr_median_minutes": 1440.0, "alerts": 0},
            {"category": "Discovery", "incidents": 0, "mttr_n": 0, "mttr_median_minutes": null, "alerts": 1},
            // W06 (2 min), W07, W10, W11, W14; alert A5. Last, whatever its size.
            {"category": null, "incidents": 5, "mttr_n": 1, "mttr_median_minutes": 2.0, "alerts": 1},
        ])
    );
}

#[test]
fn highlights_are_hand_computed() {
    let h = &october(&[])["metrics"]["highlights"];
    // Critical and high, true positive, created in October: W01, W13, W14 (critical), W02, W04
    // (high). W07 (high) has no classification; W12 is merged.
    assert_eq!(h["total"], 5);
    let ids: Vec<&str> = h["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["incident_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["W01", "W13", "W14", "W02", "W04"]);
    assert_eq!(
        h["rows"][0],
        json!({"tenant": "acme", "incident_id": "W01", "title": "<script>alert(1)</script> phish",
               "severity": "critical", "category": "Phishing", "created_at": "2026-10-02T10:00:00Z",
               "contain_minutes": 60.0, "resolve_minutes": 120.0})
    );
    assert!(close(&h["rows"][1]["contain_minutes"], 60.0));
    assert!(close(&h["rows"][1]["resolve_minutes"], 180.0));
    // W14: closed without a closing time, never contained.
    assert_eq!(h["rows"][2]["contain_minutes"], Value::Null);
    assert_eq!(h["rows"][2]["resolve_minutes"], Value::Null);
    assert_eq!(h["rows"][3]["category"], "Malware <i>outbreak</i>");
    assert!(close(&h["rows"][3]["resolve_minutes"], 1440.0));
    assert_eq!(h["rows"][4]["category"], "Lateral Movement");
    assert!(close(&h["rows"][4]["resolve_minutes"], 33120.0));
}

#[test]
fn only_ten_highlights_are_listed_of_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("tenant,incident_id,title,severity,classification,created_at\n");
    for i in 0..12 {
        let severity = if i % 3 == 0 { "critical" } else { "high" };
        csv.push_str(&format!(
            "acme,H{i:02},t,{severity},true_positive,2026-10-{:02}T00:00:00Z\n",
            i + 1
        ));
    }
    let file = write(dir.path(), "incidents.csv", &csv);
    let h = json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-10", "--format", "json",
            ])
            .arg(&file),
    )["metrics"]["highlights"]
        .clone();
    assert_eq!(h["total"], 12);
    let ids: Vec<&str> = h["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["incident_id"].as_str().unwrap())
        .collect();
    // The four critical (H00, H03, H06, H09) first, then the high ones by creation, cut at ten.
    assert_eq!(
        ids,
        ["H00", "H03", "H06", "H09", "H01", "H02", "H04", "H05", "H07", "H08"]
    );
}

#[test]
fn every_new_figure_is_in_the_csv_and_the_table() {
    let out = socgauge()
        .args([
            "metrics", "--quiet", "--month", "2026-10", "--format", "csv",
        ])
        .arg(files())
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    for line in [
        ",,workload,rows.0.owner,\"\"\"ana\"\"\"",
        ",,workload,rows.0.assigned,4",
        ",,workload,rows.6.closed,1",
        ",,backlog_ageing,rows.3.incidents,3",
        ",,categories,rows.1.alerts,2",
        ",,highlights,total,5",
        ",,highlights,rows.4.incident_id,\"\"\"W04\"\"\"",
    ] {
        assert!(csv.contains(line), "CSV lacks {line}:\n{csv}");
    }
    let out = socgauge()
        .args(["metrics", "--quiet", "--month", "2026-10"])
        .arg(files())
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    for text in [
        "workload per owner",
        "dan smith",
        "backlog ageing",
        "Lateral Movement",
        "critical and high true-positive incidents (5)",
    ] {
        assert!(table.contains(text), "table lacks {text}:\n{table}");
    }
}

/// The real owner names of the fixture.
const NAMES: [&str; 4] = ["ana", "ben", "carol", "dan smith"];

fn owners(m: &Value) -> Vec<String> {
    m["workload"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["owner"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pseudonyms_are_stable_keyed_and_hide_the_names() {
    let first = october(&["--pseudonymise-owners"]);
    let second = october(&["--pseudonymise-owners"]);
    assert_eq!(first, second, "the same names give the same pseudonyms");
    let names = owners(&first["metrics"]);
    // Automation, AI and the unassigned are no one's name.
    for kept in ["ai", "automation", "unassigned"] {
        assert!(names.iter().any(|n| n == kept), "{names:?}");
    }
    let pseudonyms: Vec<&String> = names.iter().filter(|n| n.starts_with("analyst-")).collect();
    assert_eq!(pseudonyms.len(), 4, "{names:?}");
    for p in &pseudonyms {
        assert_eq!(p.len(), "analyst-".len() + 10, "{p}");
        assert!(p["analyst-".len()..].chars().all(|c| c.is_ascii_hexdigit()));
    }
    // The numbers do not change: the rows are the same, renamed and ordered again.
    let rows = first["metrics"]["workload"]["rows"].as_array().unwrap();
    let assigned: Vec<i64> = rows
        .iter()
        .map(|r| r["assigned"].as_i64().unwrap())
        .collect();
    assert_eq!(assigned, [4, 3, 1, 1, 1, 1, 0]);
    let text = first.to_string();
    for name in NAMES {
        assert!(!text.contains(&format!("\"{name}\"")), "{name} in {text}");
    }

    // Another month of the same names: the same pseudonym for ana, who works in both.
    let september = json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-09", "--format", "json",
            ])
            .arg("--pseudonymise-owners")
            .arg(files()),
    );
    let ana = &owners(&first["metrics"])[0];
    assert!(owners(&september["metrics"]).contains(ana), "{september}");

    // A key gives other pseudonyms, the same on every run.
    let dir = tempfile::tempdir().unwrap();
    let key = write(dir.path(), "key", "our secret\n");
    let keyed = october(&[
        "--pseudonymise-owners",
        "--pseudonym-key-file",
        key.to_str().unwrap(),
    ]);
    assert_eq!(
        keyed,
        october(&[
            "--pseudonymise-owners",
            "--pseudonym-key-file",
            key.to_str().unwrap()
        ])
    );
    let keyed_names = owners(&keyed["metrics"]);
    assert!(keyed_names.iter().all(|n| !pseudonyms.contains(&n)));
}

#[test]
fn pseudonyms_leave_no_name_in_the_csv_or_the_report() {
    let out = socgauge()
        .args([
            "metrics", "--quiet", "--month", "2026-10", "--format", "csv",
        ])
        .arg("--pseudonymise-owners")
        .arg(files())
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("analyst-"));
    for name in NAMES {
        assert!(
            !csv.contains(&format!("\"\"{name}\"\"")),
            "{name} in the CSV"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let html = report(dir.path(), &["--pseudonymise-owners"]);
    let workload = section(&html, "workload");
    assert!(workload.contains("analyst-"), "{workload}");
    for name in NAMES {
        assert!(
            !html.contains(&format!("<td>{name}</td>")),
            "{name} in the report"
        );
    }
    // Without the flag the names are there.
    let plain = report(dir.path(), &[]);
    assert!(section(&plain, "workload").contains("<td>dan smith</td>"));
}

#[test]
fn a_key_file_without_a_key_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = write(dir.path(), "empty.key", "\n");
    let out = socgauge()
        .args([
            "metrics",
            "--quiet",
            "--pseudonymise-owners",
            "--pseudonym-key-file",
        ])
        .arg(&key)
        .arg(files())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("empty.key") && err.contains("key"), "{err}");
    // The key file needs the flag it keys.
    socgauge()
        .args(["metrics", "--pseudonym-key-file"])
        .arg(&key)
        .arg(files())
        .assert()
        .code(2);
}

/// The report of the fixture for October, as text.
fn report(dir: &Path, extra: &[&str]) -> String {
    let out = dir.join("report.html");
    socgauge()
        .args([
            "report",
            "--quiet",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-05T00:00:00Z",
        ])
        .args(extra)
        .arg("-o")
        .arg(&out)
        .arg(files())
        .assert()
        .success();
    std::fs::read_to_string(&out).unwrap()
}

/// The HTML of one `<section id=…>` of a report.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn the_report_shows_workload_categories_and_highlights_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(dir.path(), &[]);
    let workload = section(&html, "workload");
    assert!(workload.contains("<td>ana</td><td>4</td><td>3</td><td>35 min (n = 4)</td>"));
    assert!(workload.contains("<td>automation (closed by automation)</td><td>1</td>"));
    // The backlog age chart with its text alternative and numbers.
    assert!(workload.contains(
        "aria-label=\"Backlog age at the period end: open incidents by age: &lt; 1 d 1, 1–3 d 1, 3–7 d 1, 7–30 d 3, ≥ 30 d 1.\""
    ));
    assert!(workload.contains("<td>7–30 d</td><td>3</td>"));
    let categories = section(&html, "categories");
    assert!(categories.contains("<td>Phishing</td><td>4</td><td>2.0 h (n = 3)</td><td>1</td>"));
    assert!(categories.contains("aria-label=\"Incidents by category: Phishing 4,"));
    // Data text is escaped: a category and a title with markup.
    assert!(categories.contains("Malware &lt;i&gt;outbreak&lt;&#x2f;i&gt;"));
    assert!(!categories.contains("<i>outbreak"));
    assert!(categories.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; phish"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(categories.contains("5 critical and high true-positive incidents."));
    // Creation times read in the period's zone, named in the column's header.
    assert!(
        categories.contains("<th>created (UTC)</th>"),
        "{categories}"
    );
    assert!(
        categories.contains("<td>2026-10-02 10:00</td>"),
        "{categories}"
    );
    let paris = report(dir.path(), &["--timezone", "Europe/Paris"]);
    let categories = section(&paris, "categories");
    assert!(
        categories.contains("<th>created (Europe&#x2f;Paris)</th>"),
        "{categories}"
    );
    assert!(
        categories.contains("<td>2026-10-02 12:00</td>"),
        "{categories}"
    );
}

#[test]
fn categories_come_from_servicenow_and_defender_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for file in [
        "sources/servicenow/sn_si_incident.csv",
        "sources/defender/AlertEvidence.csv",
    ] {
        socgauge()
            .args(["ingest", "--quiet", "--db"])
            .arg(&db)
            .arg(fixture(file))
            .assert()
            .success();
    }
    let rows = query(
        &db,
        "SELECT incident_id, category FROM incidents WHERE incident_id IN ('SIR0010001', 'SIR0010002') ORDER BY 1",
    );
    assert_eq!(
        rows,
        [["SIR0010001", "Phishing"], ["SIR0010002", "Malware"]]
    );
    let rows = query(
        &db,
        "SELECT alert_id, category FROM alerts WHERE alert_id = 'da-7'",
    );
    assert_eq!(rows, [["da-7", "CredentialAccess"]]);
}

#[test]
fn a_mapping_file_maps_a_category() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "tickets.csv",
        "Ref,Opened,Kind\nT1,2026-10-03T09:00:00Z,  Data   leak \nT2,2026-10-04T09:00:00Z,\n",
    );
    let mapping = write(
        dir.path(),
        "tickets.toml",
        "[incidents]\nincident_id = \"Ref\"\ncreated_at = \"Opened\"\ncategory = \"Kind\"\n",
    );
    let m = json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-10", "--format", "json",
            ])
            .arg("--mapping")
            .arg(&mapping)
            .arg(&csv),
    );
    assert_eq!(
        m["metrics"]["categories"]["rows"],
        json!([
            {"category": "Data leak", "incidents": 1, "mttr_n": 0, "mttr_median_minutes": null, "alerts": 0},
            {"category": null, "incidents": 1, "mttr_n": 0, "mttr_median_minutes": null, "alerts": 0},
        ])
    );
}

#[test]
fn categories_that_differ_only_in_case_are_one() {
    // Phishing ×2, phishing ×1, PHISHING ×1 (incidents) + phishing ×1 (alerts): one row of 4
    // incidents and 1 alert, named by the most frequent spelling — Phishing and phishing are
    // both 2 times, the first in text order (`Phishing`) wins. Each incident keeps its own case
    // in the highlights.
    let dir = tempfile::tempdir().unwrap();
    let incidents = write(
        dir.path(),
        "incidents.csv",
        "incident_id,title,severity,classification,created_at,closed_at,category\n\
         C1,a,critical,true_positive,2026-10-03T09:00:00Z,2026-10-03T10:00:00Z,Phishing\n\
         C2,b,high,true_positive,2026-10-04T09:00:00Z,2026-10-04T12:00:00Z,phishing\n\
         C3,c,low,true_positive,2026-10-05T09:00:00Z,,PHISHING\n\
         C4,d,low,true_positive,2026-10-06T09:00:00Z,2026-10-06T09:30:00Z,Phishing\n\
         C5,e,low,true_positive,2026-10-06T09:00:00Z,,Malware\n",
    );
    let alerts = write(
        dir.path(),
        "alerts.csv",
        "alert_id,title,severity,created_at,category\n\
         A1,x,low,2026-10-03T09:00:00Z,phishing\n\
         A2,y,low,2026-10-03T09:00:00Z,MALWARE\n",
    );
    let m = october_of(&[&incidents, &alerts]);
    assert_eq!(
        m["metrics"]["categories"]["rows"],
        json!([
            // MTTR: 60, 180, 30 minutes → median 60.
            {"category": "Phishing", "incidents": 4, "mttr_n": 3, "mttr_median_minutes": 60.0, "alerts": 1},
            // Malware ×1 and MALWARE ×1: the first in text order.
            {"category": "MALWARE", "incidents": 1, "mttr_n": 0, "mttr_median_minutes": null, "alerts": 1},
        ])
    );
    assert_eq!(
        m["metrics"]["highlights"]["rows"][1]["category"],
        "phishing"
    );
}

#[test]
fn an_incidents_category_from_its_alerts_is_voted_in_any_case() {
    // I1 has no category: its alerts say phishing, Phishing and Malware. Case apart, Phishing
    // has two votes of three (a case-sensitive vote would see three categories of one vote and
    // take `Malware`, the first in text order); the tie between the two spellings goes to the
    // first in text order.
    let dir = tempfile::tempdir().unwrap();
    let incidents = write(
        dir.path(),
        "incidents.csv",
        "incident_id,title,severity,created_at\nI1,a,low,2026-10-03T09:00:00Z\n",
    );
    let alerts = write(
        dir.path(),
        "alerts.csv",
        "alert_id,incident_id,title,severity,created_at,category\n\
         A1,I1,x,low,2026-09-10T09:00:00Z,phishing\n\
         A2,I1,y,low,2026-09-10T09:00:00Z,Phishing\n\
         A3,I1,z,low,2026-09-10T09:00:00Z,Malware\n",
    );
    let m = october_of(&[&incidents, &alerts]);
    assert_eq!(
        m["metrics"]["categories"]["rows"],
        json!([{"category": "Phishing", "incidents": 1, "mttr_n": 0, "mttr_median_minutes": null, "alerts": 0}])
    );
}

#[test]
fn a_reopened_incident_closed_by_automation_before_counts_for_its_owner() {
    // I1 is open (no closed_at) but still carries the closed_by of an earlier close: nothing
    // closed it, so it is its owner's work, in the backlog; I2 was closed by automation.
    let dir = tempfile::tempdir().unwrap();
    let incidents = write(
        dir.path(),
        "incidents.csv",
        "incident_id,status,created_at,closed_at,closed_by,owner\n\
         I1,active,2026-10-10T10:00:00Z,,automation,x\n\
         I2,closed,2026-10-11T10:00:00Z,2026-10-11T10:30:00Z,automation,x\n",
    );
    let m = october_of(&[&incidents]);
    assert_eq!(
        m["metrics"]["workload"]["rows"],
        json!([
            owner_row(
                "automation",
                "automation",
                1,
                1,
                (0, None),
                (1, Some(30.0)),
                0
            ),
            owner_row("x", "owner", 1, 0, (0, None), (0, None), 1),
        ])
    );
}

#[test]
fn a_database_written_before_categories_still_reads_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(files())
        .assert()
        .success();
    // As a database written before the category columns: without them, and its facts stale.
    {
        let conn = duckdb::Connection::open(&db).unwrap();
        conn.execute_batch(
            "ALTER TABLE incidents DROP COLUMN category; ALTER TABLE alerts DROP COLUMN category;
             COMMENT ON TABLE alert_facts IS 'socgauge facts 0';",
        )
        .unwrap();
    }
    let m = json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-10", "--format", "json", "--db",
            ])
            .arg(&db),
    );
    assert_eq!(m["metrics"]["workload"]["rows"], expected_workload());
    assert_eq!(
        m["metrics"]["categories"]["rows"],
        json!([{"category": null, "incidents": 11, "mttr_n": 6, "mttr_median_minutes": 150.0, "alerts": 5}])
    );
    // The next load adds the columns.
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(files())
        .assert()
        .success();
    let m = json_of(
        socgauge()
            .args([
                "metrics", "--quiet", "--month", "2026-10", "--format", "json", "--db",
            ])
            .arg(&db),
    );
    assert_eq!(
        m["metrics"]["categories"]["rows"][0]["category"],
        "Phishing"
    );
}

#[test]
fn categories_are_not_available_from_an_export_without_any() {
    // Sentinel's SecurityIncident has no category field: "not available", not one empty row.
    let m = json_of(
        socgauge()
            .args(["metrics", "--quiet", "--format", "json"])
            .arg(fixture("sources/sentinel/SecurityIncident.csv")),
    );
    let c = &m["metrics"]["categories"];
    assert_eq!(c["rows"], json!([]));
    let reason = c["unavailable"].as_str().unwrap();
    assert!(reason.contains("a category"), "{reason}");
    // Sentinel incidents carry their owner: the workload is there.
    assert!(m["metrics"]["workload"].get("unavailable").is_none());

    // Defender's advanced hunting has alerts only, with their category but no owner.
    let m = json_of(
        socgauge()
            .args(["metrics", "--quiet", "--format", "json"])
            .arg(fixture("sources/defender/AlertEvidence.csv")),
    );
    let w = &m["metrics"]["workload"];
    assert_eq!(w["rows"], json!([]));
    assert!(
        w["unavailable"].as_str().unwrap().contains("an owner"),
        "{w}"
    );
    assert!(m["metrics"]["categories"].get("unavailable").is_none());
}

#[test]
fn defender_incidents_take_the_category_of_their_alerts() {
    // Graph and legacy incidents have no category of their own: their alerts' `category` (of two
    // as frequent, the first in text order).
    for (file, alerts, incidents) in [
        (
            "sources/defender/graph_incidents.json",
            vec![["da-1", "Malware"], ["da-2", "CredentialAccess"]],
            vec![["2972395", "CredentialAccess"], ["2972396", "NULL"]],
        ),
        (
            "sources/defender/legacy_incidents.json",
            vec![["faf8edc936-85f8-4603-b800-9a1e1f8d8f8a", "InitialAccess"]],
            vec![["924518", "InitialAccess"]],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        socgauge()
            .args(["ingest", "--quiet", "--db"])
            .arg(&db)
            .arg(fixture(file))
            .assert()
            .success();
        let got = query(&db, "SELECT alert_id, category FROM alerts ORDER BY 1");
        assert_eq!(got, alerts, "{file}");
        let got = query(
            &db,
            "SELECT incident_id, eff_category FROM incident_facts WHERE NOT merged ORDER BY 1",
        );
        assert_eq!(got, incidents, "{file}");
    }
}

#[test]
fn pseudonyms_reach_the_history_and_the_portfolio_reports() {
    let history = json_of(
        socgauge()
            .args(["metrics", "--quiet", "--month", "2026-10", "--history", "2"])
            .args(["--format", "json", "--pseudonymise-owners"])
            .arg(files()),
    );
    let text = history.to_string();
    assert!(text.contains("analyst-"), "{text}");
    for name in NAMES {
        assert!(
            !text.contains(&format!("\"{name}\"")),
            "{name} in the history"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("portfolio.html");
    socgauge()
        .args([
            "report",
            "--quiet",
            "--month",
            "2026-10",
            "--portfolio",
            "--with-reports",
        ])
        .args([
            "--as-of",
            "2026-11-05T00:00:00Z",
            "--pseudonymise-owners",
            "-o",
        ])
        .arg(&out)
        .arg(files())
        .assert()
        .success();
    let tenant_report = std::fs::read_to_string(dir.path().join("portfolio-acme.html")).unwrap();
    assert!(section(&tenant_report, "workload").contains("analyst-"));
    for name in NAMES {
        assert!(
            !tenant_report.contains(&format!("<td>{name}</td>")),
            "{name} in the tenant's report"
        );
    }
}

/// Names that differ only in case (or spacing) are one owner, shown in the spelling most of its
/// incidents carry (of two as frequent, the first in text order), with one pseudonym.
#[test]
fn owners_spelt_in_other_cases_are_one_owner() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "incidents.csv",
        "incident_id,created_at,acknowledged_at,closed_at,owner\n\
         I1,2026-10-01T00:00:00Z,2026-10-01T00:10:00Z,2026-10-01T01:00:00Z,alice\n\
         I2,2026-10-02T00:00:00Z,2026-10-02T00:20:00Z,2026-10-02T02:00:00Z,Alice\n\
         I3,2026-10-03T00:00:00Z,2026-10-03T00:30:00Z,,\"  ALICE \"\n\
         I4,2026-10-04T00:00:00Z,2026-10-04T00:40:00Z,,alice\n\
         I5,2026-10-05T00:00:00Z,,,bob\n\
         I6,2026-10-06T00:00:00Z,,,Bob\n",
    );
    let measure = |extra: &[&str]| {
        json_of(
            socgauge()
                .args([
                    "metrics", "--quiet", "--month", "2026-10", "--format", "json",
                ])
                .args(extra)
                .arg(dir.path().join("incidents.csv")),
        )
    };
    let plain = measure(&[]);
    assert_eq!(
        plain["metrics"]["workload"]["rows"],
        json!([
            // I1–I4: acknowledged after 10, 20, 30 and 40 minutes (median 25); I1 and I2
            // closed after 60 and 120 minutes (median 90); I3 and I4 open.
            owner_row("alice", "owner", 4, 2, (4, Some(25.0)), (2, Some(90.0)), 2),
            // One `bob`, one `Bob`: the first in text order.
            owner_row("Bob", "owner", 2, 0, (0, None), (0, None), 2),
        ])
    );
    // One pseudonym per owner, whatever the spelling: the same as for the name in lower case.
    let pseudonymised = measure(&["--pseudonymise-owners"]);
    let names = owners(&pseudonymised["metrics"]);
    assert_eq!(names.len(), 2, "{names:?}");
    write(
        dir.path(),
        "incidents.csv",
        "incident_id,created_at,owner\nI1,2026-10-01T00:00:00Z,alice\nI5,2026-10-05T00:00:00Z,bob\n",
    );
    let lower = owners(&measure(&["--pseudonymise-owners"])["metrics"]);
    let (mut a, mut b) = (names.clone(), lower.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
