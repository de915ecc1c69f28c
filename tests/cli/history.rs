//! `metrics --history N`: every month measured in one pass (rows keyed by month) must give what
//! `metrics --month` gives for that month alone, across time zones, daylight-saving changes,
//! tenants and incidents that stay open from one month into the next.

use std::path::Path;

use serde_json::Value;

use crate::harness::{fixture, json_of, metrics_fixture_db, socgauge, write};

/// `metrics --history n --month last` as JSON, with `extra` arguments.
fn history(db: &Path, last: &str, n: &str, extra: &[&str]) -> Value {
    json_of(
        socgauge()
            .args(["metrics", "--quiet", "--format", "json", "--month", last])
            .args(["--history", n])
            .args(extra)
            .arg("--db")
            .arg(db),
    )
}

/// `metrics --month month` as JSON: its pooled (or `--tenant`) block.
fn one_month(db: &Path, month: &str, extra: &[&str]) -> Value {
    json_of(
        socgauge()
            .args(["metrics", "--quiet", "--format", "json", "--month", month])
            .args(extra)
            .arg("--db")
            .arg(db),
    )["metrics"]
        .clone()
}

/// Every month of the history with data equals `metrics --month` of that month (MTTR trend
/// included); the others are null.
fn assert_months_match(db: &Path, last: &str, n: &str, extra: &[&str], with_data: &[&str]) {
    let v = history(db, last, n, extra);
    for month in v["months"].as_array().unwrap() {
        let label = month["period"]["label"].as_str().unwrap();
        if with_data.contains(&label) {
            assert_eq!(
                month["metrics"],
                one_month(db, label, extra),
                "{label} {extra:?}"
            );
        } else {
            assert_eq!(month["metrics"], Value::Null, "{label} {extra:?}");
        }
    }
}

#[test]
fn each_month_of_a_history_is_that_month_measured_alone() {
    let dir = tempfile::tempdir().unwrap();
    // Two tenants, Paris local times, incidents on either side of month ends and of the end of
    // summer time (25 October 2026).
    let db = metrics_fixture_db(dir.path());
    for extra in [
        &["--timezone", "Europe/Paris"][..],
        &["--timezone", "Europe/Paris", "--tenant", "acme"],
        &["--timezone", "Europe/Paris", "--tenant", "globex"],
        &["--timezone", "UTC"],
    ] {
        let tenant = extra.get(3).copied();
        // acme: I01 the last second of September and I04 the first of November in Paris; in
        // UTC, the alert at 2026-11-01T00:00Z keeps November. globex: October only.
        let with_data: &[&str] = match tenant {
            Some("globex") => &["2026-10"],
            _ => &["2026-09", "2026-10", "2026-11"],
        };
        assert_months_match(&db, "2027-01", "6", extra, with_data);
    }
    // Workload, backlog ageing, categories and highlights of a month with work carried over.
    let work = dir.path().join("work.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&work)
        .arg(fixture("workload"))
        .assert()
        .success();
    assert_months_match(&work, "2026-11", "3", &[], &["2026-09", "2026-10"]);
}

#[test]
fn a_history_across_a_daylight_saving_change_is_hand_computed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // Paris moves to summer time on 29 March 2026: March ends at 2026-03-31T22:00Z.
    // A: March, open until 2 April. C: March (23:30 in Paris), closed 20 min later, before the
    // month ends. B: 00:30 on 1 April in Paris (still 31 March in UTC), never closed.
    write(
        &data,
        "incidents.csv",
        "tenant,incident_id,title,severity,status,classification,first_activity_at,created_at,acknowledged_at,contained_at,closed_at,owner,closed_by,ai_assisted,redirected_to\n\
         t,A,Open into April,high,closed,true_positive,,2026-03-28T10:00:00Z,,,2026-04-02T10:00:00Z,ana,human,false,\n\
         t,B,First of April in Paris,medium,active,,,2026-03-31T22:30:00Z,,,,ben,,false,\n\
         t,C,Last hour of March in Paris,low,closed,false_positive,,2026-03-31T21:30:00Z,,,2026-03-31T21:50:00Z,ana,human,false,\n",
    );
    // May holds one alert and no incident: a month with data, its backlog carried over.
    write(
        &data,
        "alerts.csv",
        "tenant,alert_id,incident_id,title,rule_id,rule_name,product,domain,severity,first_activity_at,created_at,status,verdict,closed_at,closed_by,tactics,techniques,entity_user,entity_host,entity_ip\n\
         t,X1,,Lone alert,R1,Rule,EDR,endpoint,low,,2026-05-10T12:00:00Z,new,,,,,,,,\n",
    );
    let db = dir.path().join("soc.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&data)
        .assert()
        .success();
    let v = history(&db, "2026-06", "4", &["--timezone", "Europe/Paris"]);
    let months = v["months"].as_array().unwrap();
    let labels: Vec<&str> = months
        .iter()
        .map(|m| m["period"]["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-03", "2026-04", "2026-05", "2026-06"]);
    assert_eq!(months[0]["period"]["to"], "2026-03-31T22:00:00Z");
    let (march, april, may) = (
        &months[0]["metrics"],
        &months[1]["metrics"],
        &months[2]["metrics"],
    );
    assert_eq!(months[3]["metrics"], Value::Null);
    // Incidents by Paris month: A and C in March, B in April, none in May.
    assert_eq!(march["incidents"]["value"], 2);
    assert_eq!(april["incidents"]["value"], 1);
    assert_eq!(may["incidents"]["value"], 0);
    assert_eq!(may["alerts"]["value"], 1);
    // MTTR of March: C 20 min, A 5 days (7200 min): median 3610.
    assert_eq!(march["mttr"]["n"], 2);
    assert_eq!(march["mttr"]["median_minutes"], 3610.0);
    assert_eq!(april["mttr"]["n"], 0);
    // Open at each month's end: A at March's (C closed before it, B not yet created); B at
    // April's and May's (A closed on 2 April).
    assert_eq!(march["backlog"]["value"], 1);
    assert_eq!(april["backlog"]["value"], 1);
    assert_eq!(may["backlog"]["value"], 1);
    // Workload: April's work is A closed (ana) and B assigned and open (ben); May only carries B.
    let rows = |m: &Value| -> Vec<(String, i64, i64, i64)> {
        m["workload"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["owner"].as_str().unwrap().to_string(),
                    r["assigned"].as_i64().unwrap(),
                    r["closed"].as_i64().unwrap(),
                    r["open_at_end"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        rows(march),
        [("ana".to_string(), 2, 1, 1)],
        "A and C assigned, C closed, A open"
    );
    assert_eq!(
        rows(april),
        [("ben".to_string(), 1, 0, 1), ("ana".to_string(), 0, 1, 0)]
    );
    assert_eq!(rows(may), [("ben".to_string(), 0, 0, 1)]);
    // Months with data among the twelve ending with each month.
    assert_eq!(march["history_months"]["value"], 1);
    assert_eq!(april["history_months"]["value"], 2);
    assert_eq!(may["history_months"]["value"], 3);
    // In UTC, B falls in March.
    let utc = history(&db, "2026-04", "2", &["--timezone", "UTC"]);
    assert_eq!(utc["months"][0]["metrics"]["incidents"]["value"], 3);
    assert_eq!(utc["months"][1]["metrics"], Value::Null);
}
