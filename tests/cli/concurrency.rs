//! Readers never block each other: metrics, assess, report and tenants open the database
//! read-only; an ingest waits for readers up to --wait, and a reader finding a writer says so.

use std::process::Stdio;

use predicates::prelude::*;

use crate::harness::{fixture, metrics_fixture_db, socgauge};

fn modified(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn readers_run_at_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let before = modified(&db);
    let bin = assert_cmd::cargo::cargo_bin("socgauge");
    // Eight readers of every kind started together, each holding the database while it works.
    let commands: Vec<Vec<String>> = (0..2)
        .flat_map(|i| {
            let out = dir.path().join(format!("r{i}.html"));
            vec![
                vec![
                    "report".into(),
                    "--tenant".into(),
                    "acme".into(),
                    "-o".into(),
                    out.to_string_lossy().to_string(),
                ],
                vec!["metrics".into(), "--format".into(), "json".into()],
                vec![
                    "assess".into(),
                    "--all-tenants".into(),
                    "--format".into(),
                    "json".into(),
                ],
                vec!["tenants".into()],
            ]
        })
        .collect();
    let children: Vec<std::process::Child> = commands
        .iter()
        .map(|args| {
            std::process::Command::new(&bin)
                .args(args)
                .arg("--db")
                .arg(&db)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (child, args) in children.into_iter().zip(&commands) {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Nothing was written to the database.
    assert_eq!(modified(&db), before);
}

#[test]
fn a_reader_can_read_while_another_holds_the_database_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let config = duckdb::Config::default()
        .access_mode(duckdb::AccessMode::ReadOnly)
        .unwrap();
    let _reader = duckdb::Connection::open_with_flags(&db, config).unwrap();
    socgauge()
        .args(["metrics", "--format", "json", "--db"])
        .arg(&db)
        .assert()
        .success();
}

#[test]
fn a_reader_during_an_ingest_says_the_database_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    // This process writing the database stands for an ingest in progress.
    let writer = duckdb::Connection::open(&db).unwrap();
    for command in ["metrics", "assess", "report", "tenants"] {
        socgauge()
            .arg(command)
            .args(["--tenant", "acme", "--db"])
            .arg(&db)
            .args(["-o", dir.path().join("out").to_str().unwrap()])
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("database in use by another process")
                    .and(predicate::str::contains("Could not set lock").not()),
            );
    }
    drop(writer);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_ingest_waits_for_readers_then_gives_up_or_loads() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let config = duckdb::Config::default()
        .access_mode(duckdb::AccessMode::ReadOnly)
        .unwrap();
    let reader = duckdb::Connection::open_with_flags(&db, config).unwrap();
    let data = fixture("load/incidents_basic.csv");
    socgauge()
        .args(["ingest", "--quiet", "--wait", "0", "--db"])
        .arg(&db)
        .arg(&data)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("database in use by another process")
                .and(predicate::str::contains("--wait")),
        );
    // A reader that finishes while the ingest waits lets it load.
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(reader);
    });
    socgauge()
        .args(["ingest", "--quiet", "--wait", "60", "--db"])
        .arg(&db)
        .arg(&data)
        .assert()
        .success()
        .stderr(predicate::str::contains("waiting up to 60 s"));
    release.join().unwrap();
}

#[test]
fn first_loads_of_a_new_database_wait_for_each_other_and_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let bin = assert_cmd::cargo::cargo_bin("socgauge");
    let children: Vec<(String, std::process::Child)> = ["north", "south", "east"]
        .iter()
        .map(|tenant| {
            let file = crate::harness::write(
                dir.path(),
                &format!("{tenant}.csv"),
                &format!("tenant,alert_id,created_at\n{tenant},a1,2026-10-01T00:00:00Z\n"),
            );
            let child = std::process::Command::new(&bin)
                .args(["ingest", "--quiet", "--wait", "120", "--db"])
                .arg(&db)
                .arg(&file)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (tenant.to_string(), child)
        })
        .collect();
    for (tenant, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{tenant}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        crate::harness::scalar(
            &db,
            "SELECT string_agg(tenant, ',' ORDER BY tenant) FROM alerts"
        ),
        "east,north,south"
    );
}

/// A first load can meet the database file another first load has just created, still empty and
/// not yet locked: it waits for it as for a held database rather than calling it damaged.
#[test]
fn an_empty_database_file_being_created_is_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    std::fs::write(&db, b"").unwrap();
    let data = crate::harness::write(
        dir.path(),
        "alerts.csv",
        "alert_id,created_at\na1,2026-10-01T00:00:00Z\n",
    );
    // The other process's creation ends with the file gone (its load failed and removed it).
    let gone = db.clone();
    let creator = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        std::fs::remove_file(gone).unwrap();
    });
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&data)
        .assert()
        .success();
    creator.join().unwrap();
    assert_eq!(
        crate::harness::scalar(&db, "SELECT string_agg(alert_id, ',') FROM alerts"),
        "a1"
    );
}

/// An empty file that stays empty is not a database: after a short wait the load says so, in
/// socgauge's words (a usage error: the fix is in the command).
#[test]
fn an_empty_file_named_as_the_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let data = crate::harness::write(
        dir.path(),
        "alerts.csv",
        "alert_id,created_at\na1,2026-10-01T00:00:00Z\n",
    );
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&data)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is an empty file, not a socgauge database: remove it",
        ));
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "left as it was");
}
