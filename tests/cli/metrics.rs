//! The metrics engine against the hand-built fixture in tests/fixtures/metrics (see its README
//! for the cases). Every expected value below was worked out by hand from the fixture rows.

use serde_json::Value;

use crate::harness::{fixture, json_of, query, scalar, socgauge, timings_of};

/// `socgauge metrics --format json` with `args`, parsed.
fn metrics_with<S: AsRef<std::ffi::OsStr>>(args: impl IntoIterator<Item = S>) -> Value {
    json_of(socgauge().args(["metrics", "--format", "json"]).args(args))
}

fn metrics_json(extra: &[&str]) -> Value {
    let mut args: Vec<std::ffi::OsString> = vec!["--input-timezone".into(), "Europe/Paris".into()];
    args.extend(extra.iter().map(Into::into));
    args.push(fixture("metrics").into());
    metrics_with(args)
}

fn october() -> Value {
    metrics_json(&["--month", "2026-10", "--timezone", "Europe/Paris"])
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

fn assert_duration(m: &Value, key: &str, n: i64, mean: f64, median: f64, p90: f64) {
    let d = &m[key];
    assert_eq!(d["n"], n, "{key}: {d}");
    assert!(close(&d["mean_minutes"], mean), "{key} mean: {d}");
    assert!(close(&d["median_minutes"], median), "{key} median: {d}");
    assert!(close(&d["p90_minutes"], p90), "{key} p90: {d}");
}

fn assert_ratio(m: &Value, key: &str, numerator: i64, denominator: i64) {
    let r = &m[key];
    assert_eq!(
        (r["numerator"].as_i64(), r["denominator"].as_i64()),
        (Some(numerator), Some(denominator)),
        "{key}: {r}"
    );
    assert!(
        close(&r["value"], numerator as f64 / denominator as f64),
        "{key}: {r}"
    );
}

#[test]
fn period_is_the_paris_calendar_month() {
    let v = october();
    assert_eq!(v["period"]["from"], "2026-09-30T22:00:00Z");
    assert_eq!(v["period"]["to"], "2026-10-31T23:00:00Z");
    assert_eq!(v["tenant"], Value::Null);
}

#[test]
fn counts_exclude_merged_incidents_and_respect_period_bounds() {
    let m = &october()["metrics"];
    // In scope: I02 I03 I06 I07 I08 I09 I10 I11 I12 I13 I14 I15 (I01/I04 outside, I05 merged).
    assert_eq!(m["incidents"]["value"], 12);
    // 23 alerts less A02a (21:58Z, September in Paris) and U8 (November).
    assert_eq!(m["alerts"]["value"], 21);
    // Open at 2026-10-31T23:00Z: I03 and I09 (open), I10 (closed in November), I11 (no closed_at).
    assert_eq!(m["backlog"]["value"], 4);
}

#[test]
fn containment_time_coverage_is_hand_computed() {
    let m = &october()["metrics"];
    // contained_at among the 12 in-scope incidents: I02, I08 and I10.
    assert_ratio(m, "contained_known_rate", 3, 12);
}

#[test]
fn durations_are_hand_computed() {
    let m = &october()["metrics"];
    // MTTD: I02 30, I06 120 (from A05, relinked from merged I05), I07 60 (earliest alert),
    // I08 60, I12 60, I15 10; I13 is negative (-30) and excluded.
    assert_duration(m, "mttd", 6, 340.0 / 6.0, 60.0, 90.0);
    // MTTA: 10, 60, 30, 20, 45, 5, 15, 10, 30 (I14, naive Paris times), 2; I08 negative.
    assert_duration(m, "mtta", 10, 22.7, 17.5, 46.5);
    assert_duration(m, "mttc", 3, 130.0 / 3.0, 40.0, 56.0);
    // MTTR includes I10, closed on 2026-11-05 (23040 min): open items are excluded, late ones are not.
    assert_duration(m, "mttr", 9, 2680.0, 120.0, 4896.0);
}

#[test]
fn ratios_are_hand_computed() {
    let m = &october()["metrics"];
    assert_ratio(m, "noise_ratio", 13, 19);
    // Upper bound: the 21 in-scope alerts less the 6 true positives (A02b, A08a, A10a, A10b,
    // A14a, U7); A09a and U6 have no verdict and count as noise here.
    assert_ratio(m, "noise_ratio_upper", 15, 21);
    // Closed: all but A09a (new, its incident open) and U6 (new, unlinked); each has a verdict.
    assert_ratio(m, "verdict_coverage", 19, 19);
    assert_ratio(m, "automation_rate", 9, 19);
    assert_ratio(m, "alert_linkage_rate", 13, 21);
    assert_ratio(m, "alerts_per_incident", 14, 10);
    assert_ratio(m, "cross_domain_rate", 2, 10);
    assert_ratio(m, "identity_context_rate", 3, 10);
    assert_ratio(m, "classification_completeness", 8, 9);
    assert_ratio(m, "ai_assist_rate", 2, 12);
    assert_ratio(m, "human_oversight_rate", 2, 3);
}

#[test]
fn rubric_measures_are_hand_computed() {
    let m = &october()["metrics"];
    assert_ratio(m, "alerts_with_rule_id_rate", 19, 21);
    assert_ratio(m, "alerts_with_techniques_rate", 3, 21);
    assert_eq!(m["tp_tactics"]["value"], 5);
    // A02b, A08a, A10a, A10b, A14a (inherited) and U7 (no rule id).
    assert_eq!(m["true_positive_alerts"]["value"], 6);
    // R6: U1–U6 in the period, none a true positive (U6 without a verdict counts as noise): 6.
    // R2 has 5 alerts but two true positives.
    assert_ratio(m, "noisy_rule_alert_share", 6, 21);
    assert_ratio(m, "enrich_triage_rate", 3, 12);
    assert_eq!(m["automation_actions"]["value"], 8);
    assert_ratio(m, "closed_with_times_rate", 9, 10);
    assert_ratio(m, "first_activity_known_rate", 7, 12);
    assert_ratio(m, "acknowledged_known_rate", 11, 12);
    assert_ratio(m, "negative_duration_rate", 2, 30);
    assert_ratio(m, "mttd_coverage", 6, 12);
    assert_ratio(m, "mtta_coverage", 10, 12);
    assert_ratio(m, "mttr_coverage", 9, 10);
    assert_eq!(m["history_months"]["value"], 2);
    assert_eq!(m["rejected_row_rate"]["numerator"], 0);
}

#[test]
fn each_tenant_block_equals_measuring_that_tenant_alone() {
    let pooled = october();
    for (name, block) in pooled["tenants"].as_object().unwrap() {
        let alone = metrics_json(&[
            "--month",
            "2026-10",
            "--timezone",
            "Europe/Paris",
            "--tenant",
            name,
        ]);
        let mut expected = alone["metrics"].clone();
        // The trend against three periods earlier is only in the main block: its key is absent
        // from a tenant's block, not a change of zero incidents.
        assert!(expected["mttr_median_change_3p"].is_object());
        expected
            .as_object_mut()
            .unwrap()
            .remove("mttr_median_change_3p");
        assert_eq!(block["metrics"], expected, "tenant {name}");
    }
}

#[test]
fn one_tenant_and_per_tenant_blocks() {
    let pooled = october();
    let tenants = pooled["tenants"].as_object().unwrap();
    assert_eq!(tenants.keys().collect::<Vec<_>>(), vec!["acme", "globex"]);
    assert_eq!(tenants["globex"]["metrics"]["incidents"]["value"], 1);
    assert_eq!(tenants["acme"]["metrics"]["incidents"]["value"], 11);

    let acme = metrics_json(&[
        "--month",
        "2026-10",
        "--timezone",
        "Europe/Paris",
        "--tenant",
        "acme",
    ]);
    assert_eq!(acme["tenant"], "acme");
    assert!(acme.get("tenants").is_none());
    assert_eq!(acme["metrics"]["incidents"]["value"], 11);
    // Without I15 (globex, FP closed by automation; alert A15a likewise).
    assert_ratio(&acme["metrics"], "noise_ratio", 12, 18);
    assert_ratio(&acme["metrics"], "automation_rate", 8, 18);
}

#[test]
fn previous_period_is_the_month_before() {
    let v = october();
    let prev = &v["previous"];
    assert_eq!(prev["period"]["from"], "2026-08-31T22:00:00Z");
    assert_eq!(prev["metrics"]["incidents"]["value"], 1);
    assert_eq!(prev["metrics"]["alerts"]["value"], 1);
}

#[test]
fn default_period_is_the_last_month_the_data_covers_completely() {
    // The latest created_at is U8's, 2026-11-01T00:00Z: the first day of November in UTC (01:00
    // in Paris), so November is not complete and October is measured in either zone.
    let utc = metrics_json(&[]);
    assert_eq!(utc["period"]["from"], "2026-10-01T00:00:00Z");
    assert_eq!(utc["period"]["partial"], false);
    let paris = metrics_json(&["--timezone", "Europe/Paris"]);
    assert_eq!(paris["period"]["from"], "2026-09-30T22:00:00Z");
    assert_eq!(paris["period"]["label"], "2026-10");
    assert_eq!(paris["metrics"]["incidents"]["value"], 12);
    // November, asked for, holds one day of data: partial.
    let nov = metrics_json(&["--month", "2026-11"]);
    assert_eq!(nov["period"]["partial"], true);
}

#[test]
fn a_merged_incident_does_not_choose_the_default_period() {
    // I0, merged into I1 on 30 November, is excluded from every incident metric: the data the
    // metrics measure ends on 10 October, so the default period is September (October is not
    // complete), not a November with nothing in it.
    let dir = tempfile::tempdir().unwrap();
    let incidents = crate::harness::write(
        dir.path(),
        "incidents.csv",
        "incident_id,status,created_at,redirected_to\n\
         I1,new,2026-10-10T00:00:00Z,\n\
         I0,redirected,2026-11-30T10:00:00Z,I1\n",
    );
    let m = metrics_with([
        std::ffi::OsString::from("--quiet"),
        incidents.clone().into(),
    ]);
    assert_eq!(m["period"]["label"], "2026-09");
    assert_eq!(m["period"]["partial"], false);
    // A tenant of merged incidents only is still dated by them: measured (nothing to count),
    // not refused as a tenant without data.
    let beta = crate::harness::write(
        dir.path(),
        "beta.csv",
        "tenant,incident_id,status,created_at,redirected_to\n\
         acme,I1,new,2026-10-10T00:00:00Z,\n\
         beta,I5,redirected,2026-11-30T10:00:00Z,I9\n",
    );
    let m = metrics_with([
        std::ffi::OsString::from("--quiet"),
        "--tenant".into(),
        "beta".into(),
        beta.into(),
    ]);
    assert_eq!(m["period"]["label"], "2026-11");
    assert_eq!(m["metrics"]["incidents"]["value"], 0);
}

#[test]
fn an_empty_period_gives_nulls_not_zeros() {
    let v = metrics_json(&["--month", "2025-01"]);
    let m = &v["metrics"];
    assert_eq!(m["incidents"]["value"], 0);
    assert_eq!(m["mttr"]["n"], 0);
    assert_eq!(m["mttr"]["median_minutes"], Value::Null);
    assert_eq!(m["noise_ratio"]["denominator"], 0);
    assert_eq!(m["noise_ratio"]["value"], Value::Null);
    assert_eq!(v["previous"], Value::Null);
    // Every duration metric keeps its count of excluded negative durations: 0, not absent,
    // and its list per severity: empty.
    assert_eq!(
        v["data_quality"]["negative_durations"],
        serde_json::json!({"mtta": 0, "mttc": 0, "mttd": 0, "mttr": 0})
    );
    assert_eq!(
        v["by_severity"],
        serde_json::json!({"mtta": [], "mttc": [], "mttd": [], "mttr": []})
    );
}

/// A closed incident is one with status closed or a closing time (docs/metrics.md): the
/// data-quality count of closed incidents without a usable classification counts both, while
/// classification_completeness is defined over incidents with a closing time.
#[test]
fn closed_incidents_without_a_usable_classification_include_those_without_a_closing_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    crate::harness::write(
        &data,
        "incidents.csv",
        "incident_id,status,classification,created_at,closed_at\n\
         Q1,closed,,2026-10-02T00:00:00Z,\n\
         Q2,closed,undetermined,2026-10-03T00:00:00Z,2026-10-03T02:00:00Z\n\
         Q3,closed,true_positive,2026-10-04T00:00:00Z,2026-10-04T01:00:00Z\n\
         Q4,active,,2026-10-05T00:00:00Z,\n\
         Q5,new,undetermined,2026-10-06T00:00:00Z,\n",
    );
    let v = metrics_with([
        std::ffi::OsStr::new("--month"),
        "2026-10".as_ref(),
        data.as_os_str(),
    ]);
    // Q1 (no classification) and Q2 (undetermined); Q4 and Q5 are open.
    assert_eq!(v["data_quality"]["classification_unknown"], 2);
    assert_eq!(v["data_quality"]["closed_without_closed_at"], 1);
    assert_ratio(&v["metrics"], "classification_completeness", 1, 2);
}

#[test]
fn rfc3339_period_bounds() {
    let v = metrics_json(&[
        "--from",
        "2026-10-05T00:00:00Z",
        "--to",
        "2026-10-06T00:00:00Z",
    ]);
    // I06 created 2026-10-05T09:00Z; I05 (merged) is excluded.
    assert_eq!(v["metrics"]["incidents"]["value"], 1);
    assert_eq!(v["period"]["to"], "2026-10-06T00:00:00Z");
}

#[test]
fn breakdowns_cover_the_period() {
    let v = october();
    let weeks = v["weekly"].as_array().unwrap();
    let incidents: i64 = weeks.iter().map(|w| w["incidents"].as_i64().unwrap()).sum();
    assert_eq!(incidents, 12);
    assert_eq!(weeks.first().unwrap()["from"], "2026-09-30T22:00:00Z");
    assert_eq!(v["rules"][0]["rule"], "R6");
    assert_eq!(v["rules"][0]["noise_ratio"]["numerator"], 5);
    let tactics: Vec<&str> = v["attack"]["tactics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tactics.len(), 5);
    assert_eq!(tactics[0], "Execution");
    let high = v["by_severity"]["mttr"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["severity"] == "high")
        .unwrap()
        .clone();
    // High: I02 120 and I10 23040.
    assert_eq!(high["n"], 2);
    assert!(close(&high["median_minutes"], 11580.0));
    assert_eq!(v["data_quality"]["negative_durations"]["mttd"], 1);
    assert_eq!(v["data_quality"]["closed_without_closed_at"], 1);
}

/// The October fixture measured in Paris, in the given output format.
fn october_as(format: &str) -> Vec<u8> {
    let out = socgauge()
        .args([
            "metrics",
            "--format",
            format,
            "--month",
            "2026-10",
            "--timezone",
            "Europe/Paris",
        ])
        .args(["--input-timezone", "Europe/Paris"])
        .arg(fixture("metrics"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn csv_has_one_row_per_metric_field() {
    let stdout = october_as("csv");
    let mut reader = csv::Reader::from_reader(stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let find = |tenant: &str, metric: &str, field: &str| {
        rows.iter()
            .find(|r| &r[2] == tenant && &r[3] == metric && &r[4] == field)
            .map(|r| r[5].to_string())
    };
    assert_eq!(find("", "mttr", "median_minutes").as_deref(), Some("120.0"));
    assert_eq!(find("", "incidents", "value").as_deref(), Some("12"));
    assert_eq!(find("globex", "incidents", "value").as_deref(), Some("1"));
}

#[test]
fn table_is_readable() {
    let text = String::from_utf8(october_as("table")).unwrap();
    insta::assert_snapshot!("metrics_table", text);
}

#[test]
fn json_shape_is_stable() {
    let v = october();
    let shape = shape_of(&v);
    insta::assert_snapshot!("metrics_json_shape", shape);
}

/// The keys and value types of a JSON document, one path per line: the contract without values.
fn shape_of(v: &Value) -> String {
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(child, &p, out);
                }
            }
            Value::Array(items) => match items.first() {
                Some(first) => walk(first, &format!("{path}[]"), out),
                None => out.push(format!("{path}: []")),
            },
            Value::Null => out.push(format!("{path}: null")),
            Value::Bool(_) => out.push(format!("{path}: bool")),
            Value::Number(_) => out.push(format!("{path}: number")),
            Value::String(_) => out.push(format!("{path}: string")),
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out.join("\n")
}

/// The metrics of a database file for October, as JSON.
fn october_of_db(db: &std::path::Path) -> Value {
    let month = ["--month", "2026-10", "--timezone", "Europe/Paris", "--db"];
    let mut args: Vec<std::ffi::OsString> = month.iter().map(Into::into).collect();
    args.push(db.into());
    metrics_with(args)
}

#[test]
fn stored_facts_are_current_and_stale_ones_are_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    socgauge()
        .args(["ingest", "--input-timezone", "Europe/Paris", "--db"])
        .arg(&db)
        .arg(fixture("metrics"))
        .assert()
        .success();
    // A load stores the facts, stamped with their version; they give the same metrics as
    // loading the files straight into memory.
    assert_eq!(
        scalar(
            &db,
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'alert_facts'"
        ),
        format!("socgauge facts {}", socgauge::facts::VERSION)
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) = (SELECT count(*) FROM alerts) FROM alert_facts"
        ),
        "true"
    );
    let stored = october_of_db(&db);
    assert_eq!(stored["metrics"], october()["metrics"]);
    // Facts of another version are not read: spoil them and change the stamp, and the metrics
    // still come from the canonical tables.
    query(
        &db,
        "UPDATE alert_facts SET eff_verdict = 'true_positive', linked_incident_id = NULL; \
         UPDATE incident_facts SET n_alerts = 0, enriched = false; \
         UPDATE incident_fields SET closed_at = false, owner = false; \
         UPDATE alert_fields SET verdict = false; DELETE FROM created_days; \
         COMMENT ON TABLE alert_facts IS 'socgauge facts 0'",
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM alert_facts WHERE eff_verdict <> 'true_positive'"
        ),
        "0"
    );
    assert_eq!(october_of_db(&db)["metrics"], stored["metrics"]);
    // A report measures several periods, each making sure of the facts: the session builds its
    // own once.
    let timings = timings_of(
        socgauge()
            .args(["report", "--month", "2026-10", "--tenant", "acme", "--db"])
            .arg(&db)
            .arg("-o")
            .arg(db.with_file_name("report.html")),
    );
    let builds = timings
        .lines()
        .filter(|l| l.ends_with("facts/alert_facts.sql"))
        .count();
    assert_eq!(builds, 1, "temporary facts built once per session");
    // The fresh facts are the session's own: the database is not written.
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM alert_facts WHERE eff_verdict <> 'true_positive'"
        ),
        "0"
    );
    // Nor are missing facts (a database written before they existed).
    query(&db, "DROP TABLE alert_facts; DROP TABLE incident_facts");
    assert_eq!(october_of_db(&db)["metrics"], stored["metrics"]);
}

#[test]
fn merge_chains_are_followed_up_to_100_merges_and_loops_resolve_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut incidents = String::from("incident_id,created_at,status,redirected_to\n");
    let mut alerts = String::from("alert_id,incident_id,created_at\n");
    // A chain of `merges` merges: <name>-0 → <name>-1 → … → <name>-<merges>, the last one live,
    // with one alert on its first incident.
    for (name, merges) in [("long", 100), ("longer", 101)] {
        for i in 0..=merges {
            let (status, target) = if i < merges {
                ("redirected", format!("{name}-{}", i + 1))
            } else {
                ("active", String::new())
            };
            incidents.push_str(&format!(
                "{name}-{i},2026-10-02T08:00:00Z,{status},{target}\n"
            ));
        }
        alerts.push_str(&format!("a-{name},{name}-0,2026-10-02T07:00:00Z\n"));
    }
    // A loop (x → y → x) and a loop that does not pass through its start (p → q → r → q).
    incidents.push_str(
        "x,2026-10-02T08:00:00Z,redirected,y\n\
         y,2026-10-02T08:00:00Z,redirected,x\n\
         p,2026-10-02T08:00:00Z,redirected,q\n\
         q,2026-10-02T08:00:00Z,redirected,r\n\
         r,2026-10-02T08:00:00Z,redirected,q\n",
    );
    alerts.push_str("a-x,x,2026-10-02T07:00:00Z\na-p,p,2026-10-02T07:00:00Z\n");
    crate::harness::write(dir.path(), "incidents.csv", &incidents);
    crate::harness::write(dir.path(), "alerts.csv", &alerts);
    let json = metrics_with([dir.path().to_str().unwrap(), "--month", "2026-10"]);
    let m = &json["metrics"];
    // Only the alert of the 100-merge chain reaches a live incident (long-100).
    assert_ratio(m, "alert_linkage_rate", 1, 4);
    assert_ratio(m, "alerts_per_incident", 1, 1);
    // The two chains' last incidents are the only ones not merged.
    assert_eq!(m["incidents"]["value"], 2, "{}", m["incidents"]);
}

#[test]
fn a_negative_offset_is_a_zone_and_a_history_stops_at_1970() {
    let fx = fixture("metrics");
    let fx = fx.to_str().unwrap();
    // `--timezone -03:00` as written (it was taken for an unknown flag `-0`).
    let json = metrics_with([
        fx,
        "--input-timezone",
        "Europe/Paris",
        "--month",
        "2026-10",
        "--timezone",
        "-03:00",
    ]);
    assert_eq!(json["period"]["from"], "2026-10-01T03:00:00Z");
    assert_eq!(json["period"]["timezone"], "-03:00");
    // Five months back from March 1970 would reach 1969: the history stops at January 1970.
    let json = metrics_with([fx, "--month", "1970-03", "--history", "5"]);
    let labels: Vec<&str> = json["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["period"]["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["1970-01", "1970-02", "1970-03"]);
}

#[test]
fn an_empty_targets_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = crate::harness::write(dir.path(), "targets.toml", "");
    socgauge()
        .args(["metrics", "--targets"])
        .arg(&empty)
        .arg(fixture("metrics"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the file is empty"));
}

/// Tactics are counted by their ATT&CK name and techniques in upper case, whatever the export's
/// spelling: on files and in a database alike. Hand count: Execution on a1 (twice), a2;
/// Initial Access on a3 (three spellings); `Weird Thing` kept as written; T1059 on a1 and a2.
#[test]
fn tactics_and_techniques_are_counted_by_name_not_by_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let alerts = crate::harness::write(
        dir.path(),
        "alerts.csv",
        "alert_id,created_at,severity,verdict,tactics,techniques\n\
         a1,2026-10-02T10:00:00Z,high,true_positive,Execution;execution,t1059\n\
         a2,2026-10-03T10:00:00Z,high,true_positive,EXECUTION,T1059\n\
         a3,2026-10-04T10:00:00Z,high,true_positive,initial_access;Initial  Access;TA0001,\n\
         a4,2026-10-04T10:00:00Z,high,true_positive,Weird Thing,\n",
    );
    let expected = serde_json::json!({
        "tactics": [
            {"name": "Execution", "alerts": 3},
            {"name": "Initial Access", "alerts": 3},
            {"name": "Weird Thing", "alerts": 1}
        ],
        "techniques": [{"name": "T1059", "alerts": 2}]
    });
    let on_files = metrics_with([alerts.as_os_str(), "--month".as_ref(), "2026-10".as_ref()]);
    assert_eq!(on_files["metrics"]["tp_tactics"]["value"], 3);
    assert_eq!(on_files["attack"], expected);
    let db = dir.path().join("soc.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&alerts)
        .assert()
        .success();
    let on_db = metrics_with([
        "--db".as_ref(),
        db.as_os_str(),
        "--month".as_ref(),
        "2026-10".as_ref(),
    ]);
    assert_eq!(on_db["metrics"]["tp_tactics"]["value"], 3);
    assert_eq!(on_db["attack"], expected);
    // The stored rows keep the export's spelling.
    assert_eq!(
        scalar(
            &db,
            "SELECT array_to_string(tactics, ';') FROM alerts WHERE alert_id = 'a1'"
        ),
        "Execution;execution"
    );
}

/// `metrics` measures a period without data (zeros a job can chart) but says so on stderr,
/// with the months the data covers.
#[test]
fn an_empty_period_is_measured_with_a_warning() {
    socgauge()
        .args([
            "metrics",
            "--format",
            "json",
            "--month",
            "2025-01",
            "--input-timezone",
            "Europe/Paris",
        ])
        .arg(fixture("metrics"))
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "warning: no incidents or alerts in 2025-01 (",
        ))
        .stderr(predicates::str::contains("): the data covers 2026-"));
}

/// Whether a client's automation actions are known comes from the automation exports that
/// speak for it: its own runs, an export set loaded with its rows, or an export of several
/// clients' runs. Another client's automation export, loaded on its own, says nothing of this
/// one: a consultant's client without an automation export stays "not available" (its
/// automation layer not assessed) however many other clients share the database.
#[test]
fn another_clients_automation_export_says_nothing_of_this_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clients.db");
    let p = dir.path().join("p");
    let q = dir.path().join("q");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::create_dir_all(&q).unwrap();
    let incidents = "incident_id,created_at,status,closed_at\n\
                     I1,2026-10-05T10:00:00Z,closed,2026-10-05T12:00:00Z\n";
    crate::harness::write(&p, "incidents.csv", incidents);
    crate::harness::write(&q, "incidents.csv", incidents);
    crate::harness::write(
        &q,
        "automation.csv",
        "run_id,incident_id,action,started_at,outcome\n\
         R1,I1,enrich,2026-10-05T10:01:00Z,success\n",
    );
    let ingest = |folder: &std::path::Path, tenant: &str| {
        socgauge()
            .args([
                "ingest",
                "--quiet",
                "--tenant",
                tenant,
                "--tenant-override",
                "--db",
            ])
            .arg(&db)
            .arg(folder)
            .assert()
            .success();
    };
    let actions = |tenant: &str| {
        json_of(socgauge().args([
            "metrics",
            "--db",
            db.to_str().unwrap(),
            "--tenant",
            tenant,
            "--month",
            "2026-10",
            "--format",
            "json",
        ]))["metrics"]["automation_actions"]
            .clone()
    };
    ingest(&p, "P");
    let alone = actions("P");
    assert!(
        alone["value"].is_null() && alone["unavailable"].is_string(),
        "{alone}"
    );
    ingest(&q, "Q");
    assert_eq!(
        actions("P"),
        alone,
        "Q's automation export moved P's figures"
    );
    assert_eq!(actions("Q")["value"], 1);
    // An export set loaded together speaks for every tenant in it: no run of R there is none.
    let r = dir.path().join("r");
    std::fs::create_dir_all(&r).unwrap();
    crate::harness::write(
        &r,
        "incidents.csv",
        "tenant,incident_id,created_at\nR,I9,2026-10-06T10:00:00Z\nS,I9,2026-10-06T10:00:00Z\n",
    );
    crate::harness::write(
        &r,
        "automation.csv",
        "tenant,run_id,incident_id,action,started_at\nS,R9,I9,enrich,2026-10-06T10:01:00Z\n",
    );
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&r)
        .assert()
        .success();
    assert_eq!(actions("R")["value"], 0);
    assert_eq!(actions("P"), alone);
    // Nor does an export of two other clients' runs (one of them rejected) loaded on its own.
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    crate::harness::write(
        &t,
        "automation.csv",
        "tenant,run_id,action,started_at
Z,R1,enrich,2026-10-07T10:00:00Z
Y,R2,enrich,never
",
    );
    socgauge()
        .args(["ingest", "--quiet", "--max-rejects", "1", "--db"])
        .arg(&db)
        .arg(&t)
        .assert()
        .success();
    assert_eq!(actions("P"), alone);
}

/// A database of one organisation: every automation export loaded into it is its own, so its
/// tenant's block and the pooled block agree (an export of no runs loaded later: none).
#[test]
fn in_a_database_of_one_tenant_any_automation_export_is_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let file = crate::harness::write(
        dir.path(),
        "incidents.csv",
        "tenant,incident_id,created_at
acme,I1,2026-10-05T10:00:00Z
",
    );
    let runs = dir.path().join("runs");
    std::fs::create_dir_all(&runs).unwrap();
    crate::harness::write(
        &runs,
        "automation.csv",
        "run_id,action,started_at
",
    );
    for input in [&file, &runs] {
        socgauge()
            .args(["ingest", "--quiet", "--db"])
            .arg(&db)
            .arg(input)
            .assert()
            .success();
    }
    let report = json_of(socgauge().args([
        "metrics",
        "--db",
        db.to_str().unwrap(),
        "--month",
        "2026-10",
        "--format",
        "json",
    ]));
    assert_eq!(report["metrics"]["automation_actions"]["value"], 0);
    assert_eq!(
        report["tenants"]["acme"]["metrics"]["automation_actions"],
        report["metrics"]["automation_actions"]
    );
}

/// A consultant loads one client's export, then the same file (same path) for another client
/// with --tenant-override: that is the second client's load, not a replacement of the first's.
/// The first client's rejected rows still count in its data quality.
#[test]
fn the_same_file_loaded_for_another_tenant_keeps_the_first_tenants_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clients.db");
    let folder = dir.path().join("export");
    std::fs::create_dir_all(&folder).unwrap();
    crate::harness::write(
        &folder,
        "incidents.csv",
        "incident_id,created_at,status,closed_at\n\
         I1,2026-10-05T10:00:00Z,closed,2026-10-05T12:00:00Z\n\
         I2,2026-10-06T10:00:00Z,closed,2026-10-06T12:00:00Z\n\
         I3,never,closed,2026-10-06T12:00:00Z\n",
    );
    let ingest = |tenant: &str| {
        socgauge()
            .args([
                "ingest",
                "--quiet",
                "--max-rejects",
                "1",
                "--tenant",
                tenant,
            ])
            .args(["--tenant-override", "--db"])
            .arg(&db)
            .arg(&folder)
            .assert()
            .success();
    };
    let rejected = |tenant: &str| {
        json_of(socgauge().args([
            "metrics",
            "--db",
            db.to_str().unwrap(),
            "--tenant",
            tenant,
            "--month",
            "2026-10",
            "--format",
            "json",
        ]))["metrics"]["rejected_row_rate"]
            .clone()
    };
    ingest("A");
    let first = rejected("A");
    assert_eq!(first["numerator"], 1, "{first}");
    assert_eq!(first["denominator"], 3, "{first}");
    ingest("B");
    assert_eq!(rejected("A"), first, "B's load replaced A's load record");
    assert_eq!(rejected("B"), first);
    // Loaded again for A, the file still counts once for A, and once for each in the total.
    ingest("A");
    assert_eq!(rejected("A"), first);
    let pooled = |db: &std::path::Path| {
        json_of(
            socgauge()
                .args(["metrics", "--month", "2026-10", "--format", "json", "--db"])
                .arg(db),
        )["metrics"]["rejected_row_rate"]
            .clone()
    };
    assert_eq!(
        (
            pooled(&db)["numerator"].clone(),
            pooled(&db)["denominator"].clone()
        ),
        (2.into(), 6.into())
    );

    // A re-export of a file with a tenant column replaces the earlier load, whatever tenants
    // it gained or lost: a bad row fixed (its tenant gone with it) is no reject any more.
    let db = dir.path().join("one.db");
    let reexport = |rows: &str| {
        crate::harness::write(
            &folder,
            "incidents.csv",
            &format!("tenant,incident_id,created_at\nacme,I1,2026-10-05T10:00:00Z\n{rows}"),
        );
        socgauge()
            .args(["ingest", "--quiet", "--max-rejects", "1", "--db"])
            .arg(&db)
            .arg(&folder)
            .assert()
            .success();
        let r = pooled(&db);
        (
            r["numerator"].as_i64().unwrap(),
            r["denominator"].as_i64().unwrap(),
        )
    };
    assert_eq!(reexport("zeta,I2,2026-13-45T00:00:00Z\n"), (1, 2));
    assert_eq!(reexport(""), (0, 1));
    assert_eq!(
        reexport("beta,I3,2026-10-06T10:00:00Z\nbeta,I4,never\n"),
        (1, 3)
    );
}
