//! The sample generator: deterministic, loadable at every stage.

use crate::harness::{query, socgauge};

const STAGES: [&str; 5] = [
    "reactive",
    "alert-driven",
    "signal-driven",
    "automated",
    "autonomous",
];

fn generate(dir: &std::path::Path, stage: &str, seed: &str) {
    socgauge()
        .args([
            "sample",
            "--stage",
            stage,
            "--months",
            "3",
            "--alerts-per-day",
            "30",
            "--seed",
            seed,
            "--out",
        ])
        .arg(dir)
        .assert()
        .success();
}

#[test]
fn the_same_seed_writes_identical_files_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(&a, "signal-driven", "7");
    generate(&b, "signal-driven", "7");
    generate(&c, "signal-driven", "8");
    for name in ["incidents.csv", "alerts.csv", "automation.csv"] {
        let first = std::fs::read(a.join(name)).unwrap();
        assert!(first.len() > 1000, "{name} is too small");
        assert_eq!(
            first,
            std::fs::read(b.join(name)).unwrap(),
            "{name} differs for the same seed"
        );
        assert_ne!(
            first,
            std::fs::read(c.join(name)).unwrap(),
            "{name} is the same for another seed"
        );
    }
}

#[test]
fn every_stage_loads_with_zero_rejects() {
    let dir = tempfile::tempdir().unwrap();
    for stage in STAGES {
        let out = dir.path().join(stage);
        generate(&out, stage, "1");
        let db = dir.path().join(format!("{stage}.db"));
        socgauge()
            .arg("ingest")
            .arg("--strict")
            .arg("--db")
            .arg(&db)
            .arg(&out)
            .assert()
            .success();
        let counts = query(
            &db,
            "SELECT (SELECT count(*) FROM incidents)::VARCHAR, (SELECT count(*) FROM alerts)::VARCHAR, \
             (SELECT count(*) FROM rejects)::VARCHAR, (SELECT sum(rows_read) - sum(rows_loaded) FROM loads)::VARCHAR",
        );
        let row = &counts[0];
        assert!(row[0].parse::<i64>().unwrap() > 10, "{stage}: {row:?}");
        assert!(row[1].parse::<i64>().unwrap() > 1000, "{stage}: {row:?}");
        assert_eq!(row[2..], ["0".to_string(), "0".to_string()], "{stage}");
    }
}

#[test]
fn the_reactive_stage_has_no_automation_and_the_autonomous_one_does() {
    let dir = tempfile::tempdir().unwrap();
    let reactive = dir.path().join("r");
    let autonomous = dir.path().join("a");
    generate(&reactive, "reactive", "3");
    generate(&autonomous, "autonomous", "3");
    let lines = |p: &std::path::Path| {
        std::fs::read_to_string(p.join("automation.csv"))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(lines(&reactive), 1, "only the header");
    assert!(lines(&autonomous) > 100);
}

#[test]
fn incidents_per_alert_sets_the_ratio_within_the_linked_share() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    socgauge()
        .args([
            "sample",
            "--stage",
            "signal-driven",
            "--months",
            "1",
            "--alerts-per-day",
            "1000",
        ])
        .args(["--incidents-per-alert", "0.1", "--out"])
        .arg(&out)
        .assert()
        .success();
    let rows = |name: &str| {
        std::fs::read_to_string(out.join(name))
            .unwrap()
            .lines()
            .count()
            - 1
    };
    let (incidents, alerts) = (rows("incidents.csv") as f64, rows("alerts.csv") as f64);
    let ratio = incidents / alerts;
    assert!(
        (0.095..=0.105).contains(&ratio),
        "{incidents} incidents for {alerts} alerts"
    );
    // More incidents per alert than the stage links alerts to incidents is a usage error.
    socgauge()
        .args([
            "sample",
            "--stage",
            "signal-driven",
            "--incidents-per-alert",
            "0.9",
            "--out",
        ])
        .arg(dir.path().join("t/deep"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--incidents-per-alert"));
    assert!(
        !dir.path().join("t").exists(),
        "a refused run creates no folder"
    );
}

/// --out names a folder: a file there is a usage error (exit 2), and the file is kept.
#[test]
fn out_naming_a_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "kept").unwrap();
    socgauge()
        .args(["sample", "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a file: name a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    // A link to nothing: the same.
    #[cfg(unix)]
    {
        let link = dir.path().join("gone");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        socgauge()
            .args(["sample", "--out"])
            .arg(&link)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "is a link to a folder that does not exist",
            ));
        assert!(!dir.path().join("nowhere").exists());
    }
}
