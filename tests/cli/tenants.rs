//! Consultants' data: several tenants in one database. The tenants list, no pooling into one
//! verdict, --tenant naming a real tenant, the tenant given at ingest, every tenant's assessment,
//! the monthly history and the portfolio.

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{fixture, json_of, metrics_fixture_db, socgauge, write};

/// Two sample organisations at different stages in one database: acme reactive, globex
/// automated, six months each (May to October 2026).
fn two_samples(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("samples.db");
    for (tenant, stage) in [("acme", "reactive"), ("globex", "automated")] {
        let out = dir.join(tenant);
        socgauge()
            .args(["sample", "--stage", stage])
            .args(["--tenant", tenant, "--out"])
            .arg(&out)
            .assert()
            .success();
        socgauge()
            .args(["ingest", "--quiet", "--db"])
            .arg(&db)
            .arg(&out)
            .assert()
            .success();
    }
    db
}

#[test]
fn tenants_lists_each_tenant_with_its_rows_and_months() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let v = json_of(
        socgauge()
            .args(["tenants", "--format", "json", "--db"])
            .arg(&db),
    );
    // Counted from the fixture's files (README.md): every stored row of each tenant.
    assert_eq!(
        v,
        serde_json::json!([
            {
                "tenant": "acme",
                "incidents": 14,
                "alerts": 22,
                "automation_runs": 9,
                "first_at": "2026-09-30T21:58:00Z",
                "last_at": "2026-11-02T10:00:00Z",
                "months": ["2026-09", "2026-10", "2026-11"]
            },
            {
                "tenant": "globex",
                "incidents": 1,
                "alerts": 1,
                "automation_runs": 0,
                "first_at": "2026-10-08T09:59:00Z",
                "last_at": "2026-10-08T10:00:00Z",
                "months": ["2026-10"]
            }
        ])
    );
    socgauge()
        .args(["tenants", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("acme")
                .and(predicate::str::contains("globex"))
                .and(predicate::str::contains("2026-09 to 2026-11 (3)")),
        );
}

#[test]
fn assess_and_report_refuse_to_pool_tenants() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    for (command, way) in [("assess", "--all-tenants"), ("report", "--portfolio")] {
        socgauge()
            .arg(command)
            .arg("--db")
            .arg(&db)
            .args(["-o", dir.path().join("out").to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("`acme`, `globex`")
                    .and(predicate::str::contains("--tenant NAME"))
                    .and(predicate::str::contains(way)),
            );
    }
    assert!(!dir.path().join("out").exists());
    // metrics keeps its pooled block and one block per tenant.
    let m = json_of(
        socgauge()
            .args(["metrics", "--format", "json", "--month", "2026-10", "--db"])
            .arg(&db),
    );
    assert_eq!(m["tenant"], Value::Null);
    assert_eq!(
        m["tenants"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["acme", "globex"]
    );
}

#[test]
fn a_tenant_that_is_not_in_the_data_is_a_usage_error_listing_the_real_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    for command in ["metrics", "assess", "report"] {
        socgauge()
            .arg(command)
            .args(["--tenant", "acmee", "--db"])
            .arg(&db)
            .args(["-o", dir.path().join("out").to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("no tenant `acmee`")
                    .and(predicate::str::contains("`acme`, `globex`")),
            );
    }
    socgauge()
        .args(["report", "--portfolio", "--tenant", "acme", "--db"])
        .arg(&db)
        .assert()
        .code(2);
}

#[test]
fn ingest_names_each_tenant_whole_when_a_name_holds_a_comma() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "incidents.csv",
        "tenant,incident_id,created_at\n\
         \"Acme, Inc.\",I-1,2026-10-01T10:00:00Z\n\
         Globex,I-2,2026-10-01T11:00:00Z\n",
    );
    let out = socgauge()
        .args(["ingest", "--tenant", "Acme, Inc."])
        .arg(&data)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    // Two tenants, each named whole: not `Acme`, `Inc.` and `Globex`.
    assert!(
        said.contains("its rows carry their own tenant (`Acme, Inc.`, `Globex`)"),
        "{said}"
    );
    let table = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(table.contains("  Acme, Inc., Globex  "), "{table}");
    // Every row carries the --tenant given: nothing to warn about.
    let only = write(
        dir.path(),
        "only.csv",
        "tenant,incident_id,created_at\n\"Acme, Inc.\",I-1,2026-10-01T10:00:00Z\n",
    );
    socgauge()
        .args(["ingest", "--tenant", "Acme, Inc."])
        .arg(&only)
        .assert()
        .success()
        .stderr(predicate::str::contains("own tenant").not());
}

#[test]
fn ingest_tenant_names_rows_without_one_and_override_replaces_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture("metrics/incidents.csv");
    // The rows carry acme and globex: --tenant does not change them, and the summary says so.
    let db = dir.path().join("a.db");
    socgauge()
        .args([
            "ingest",
            "--tenant",
            "zzz",
            "--input-timezone",
            "Europe/Paris",
            "--db",
        ])
        .arg(&db)
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("tenants").and(predicate::str::contains("acme, globex")));
    let listed = json_of(
        socgauge()
            .args(["tenants", "--format", "json", "--db"])
            .arg(&db),
    );
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // --tenant-override gives every row the named tenant.
    let db = dir.path().join("b.db");
    socgauge()
        .args(["ingest", "--tenant", "zzz", "--tenant-override"])
        .args(["--input-timezone", "Europe/Paris", "--db"])
        .arg(&db)
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("  zzz  "));
    let listed = json_of(
        socgauge()
            .args(["tenants", "--format", "json", "--db"])
            .arg(&db),
    );
    assert_eq!(listed[0]["tenant"], "zzz");
    assert_eq!(listed[0]["incidents"], 15);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // Rows without a tenant get --tenant.
    let plain = write(
        dir.path(),
        "plain.csv",
        "incident_id,created_at\nX1,2026-10-01T00:00:00Z\n",
    );
    let db = dir.path().join("c.db");
    socgauge()
        .args(["ingest", "--tenant", "contoso", "--db"])
        .arg(&db)
        .arg(&plain)
        .assert()
        .success()
        .stdout(predicate::str::contains("  contoso  "));
    // --tenant-override needs --tenant.
    socgauge()
        .args(["ingest", "--tenant-override", "--db"])
        .arg(dir.path().join("d.db"))
        .arg(&plain)
        .assert()
        .code(2);
}

#[test]
fn two_tenants_get_two_different_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_samples(dir.path());
    let all = json_of(
        socgauge()
            .args(["assess", "--all-tenants", "--format", "json", "--db"])
            .arg(&db),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["tenant"], "acme");
    assert_eq!(all[1]["tenant"], "globex");
    assert_eq!(all[0]["overall"]["stage"], 1);
    assert_eq!(all[1]["overall"]["stage"], 4);
    // Each entry is what `assess --tenant` gives for the same (common) period.
    for entry in all {
        let one = json_of(
            socgauge()
                .args([
                    "assess", "--format", "json", "--month", "2026-10", "--tenant",
                ])
                .arg(entry["tenant"].as_str().unwrap())
                .arg("--db")
                .arg(&db),
        );
        assert_eq!(&one, entry);
    }
}

#[test]
fn each_tenant_is_assessed_with_its_own_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_samples(dir.path());
    std::fs::create_dir(dir.path().join("answers")).unwrap();
    let acme = write(
        &dir.path().join("answers"),
        "acme.toml",
        "idp_logs_collected = true\ndetections_as_code = false\n",
    );
    let index = write(dir.path(), "clients.toml", "acme = \"answers/acme.toml\"\n");
    let all = json_of(
        socgauge()
            .args(["assess", "--all-tenants", "--format", "json"])
            .arg("--tenant-answers")
            .arg(&index)
            .arg("--db")
            .arg(&db),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all[0]["mode"], "data+answers");
    assert_eq!(
        all[1]["mode"], "data",
        "a tenant the index leaves out: data only"
    );
    // acme's entry is what `assess --tenant acme --answers` gives.
    let one = json_of(
        socgauge()
            .args(["assess", "--format", "json", "--month", "2026-10"])
            .args(["--tenant", "acme", "--answers"])
            .arg(&acme)
            .arg("--db")
            .arg(&db),
    );
    assert_eq!(one, all[0]);
    // The portfolio takes the same index.
    let out = dir.path().join("p.html");
    socgauge()
        .args(["report", "--portfolio", "--as-of", "2026-11-01T00:00:00Z"])
        .arg("--tenant-answers")
        .arg(&index)
        .arg("--db")
        .arg(&db)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    // Its rows say which verdict left the questionnaire out: globex's, not acme's.
    let html = std::fs::read_to_string(&out).unwrap();
    let row = |anchor: &str| {
        html.lines()
            .find(|l| l.contains(&format!("<tr id=\"row-{anchor}\"")))
            .unwrap_or_else(|| panic!("no row {anchor}"))
            .to_string()
    };
    let (acme_row, globex_row) = (row("tenant-1"), row("tenant-2"));
    assert!(acme_row.contains(">acme<"), "{acme_row}");
    assert!(!acme_row.contains("data-only verdict"), "{acme_row}");
    assert!(
        globex_row.contains(">globex<")
            && globex_row.contains("data-only verdict: 4 questionnaire gates not asked"),
        "{globex_row}"
    );
    // A tenant id the data does not hold is an error naming it and the real ones.
    let typo = write(dir.path(), "typo.toml", "acmee = \"answers/acme.toml\"\n");
    socgauge()
        .args(["assess", "--all-tenants", "--tenant-answers"])
        .arg(&typo)
        .arg("--db")
        .arg(&db)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("typo.toml")
                .and(predicate::str::contains("no tenant `acmee`"))
                .and(predicate::str::contains("`acme`, `globex`")),
        );
    // Per-tenant answers without every tenant is a usage error; --answers excludes it.
    socgauge()
        .args(["assess", "--tenant", "acme", "--tenant-answers"])
        .arg(&index)
        .arg("--db")
        .arg(&db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--tenant-answers goes with --all-tenants",
        ));
    socgauge()
        .args(["report", "--portfolio", "--answers"])
        .arg(&acme)
        .arg("--tenant-answers")
        .arg(&index)
        .arg("--db")
        .arg(&db)
        .assert()
        .code(2);
}

#[test]
fn history_gives_one_entry_per_month_with_gaps_as_null() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let v = json_of(
        socgauge()
            .args([
                "metrics",
                "--history",
                "3",
                "--format",
                "json",
                "--timezone",
                "Europe/Paris",
            ])
            .args(["--month", "2026-11", "--tenant", "acme", "--db"])
            .arg(&db),
    );
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    assert_eq!(
        months
            .iter()
            .map(|m| m["period"]["label"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["2026-09", "2026-10", "2026-11"]
    );
    assert_eq!(
        months[1]["period"],
        serde_json::json!({"from": "2026-09-30T22:00:00Z", "to": "2026-10-31T23:00:00Z", "label": "2026-10"})
    );
    // September (Paris) holds I01 and an alert; October is the month of the metrics tests;
    // November (Paris) holds I04 and an alert.
    assert_eq!(months[0]["metrics"]["incidents"]["value"], 1);
    // October equals `metrics --month 2026-10` of the same tenant.
    let october = json_of(
        socgauge()
            .args(["metrics", "--format", "json", "--timezone", "Europe/Paris"])
            .args(["--month", "2026-10", "--tenant", "acme", "--db"])
            .arg(&db),
    );
    assert_eq!(months[1]["metrics"], october["metrics"]);
    assert_eq!(months[2]["metrics"]["incidents"]["value"], 1);
    // A month without data is null, never zeros.
    let v = json_of(
        socgauge()
            .args([
                "metrics",
                "--history",
                "2",
                "--format",
                "json",
                "--month",
                "2026-12",
            ])
            .args(["--tenant", "globex", "--db"])
            .arg(&db),
    );
    assert_eq!(v["months"][0]["metrics"], Value::Null);
    assert_eq!(v["months"][1]["metrics"], Value::Null);
    // CSV: one row per month × metric.
    let out = socgauge()
        .args([
            "metrics",
            "--history",
            "2",
            "--format",
            "csv",
            "--month",
            "2026-10",
        ])
        .args(["--tenant", "globex", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    let metric_count = october["metrics"].as_object().unwrap().len();
    assert_eq!(rows.len(), 2 * metric_count);
    let incidents: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[4] == "incidents")
        .map(|r| (&r[2], &r[5]))
        .collect();
    assert_eq!(incidents, [("2026-09", ""), ("2026-10", "1")]);
}
