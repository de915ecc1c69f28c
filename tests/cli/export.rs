//! `export --parquet DIR`: the canonical data as a hive-partitioned Parquet lake, read back by
//! socgauge to the same figures; written whole, the same bytes for the same data, and no tenant
//! name can lead a file outside the lake.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::{
    fixture, ingest_keeping_rejects, ingest_stderr, json_of, metrics_fixture_db, query, socgauge,
    timings_of, write,
};

/// Rewrites the Parquet file `path` with one column replaced by `replace` (a `SELECT * REPLACE`
/// item, which can read the file's rows as `rows`): a lake edited by hand.
fn rewrite_parquet(path: &Path, replace: &str) {
    let edited = path.with_extension("edited");
    let literal = |p: &Path| p.to_string_lossy().replace('\'', "''");
    duckdb::Connection::open_in_memory()
        .unwrap()
        .execute_batch(&format!(
            "COPY (WITH rows AS (SELECT * FROM read_parquet('{0}', hive_partitioning = false)) \
                   SELECT * REPLACE ({replace}) FROM rows) TO '{1}' (FORMAT parquet)",
            literal(path),
            literal(&edited)
        ))
        .unwrap();
    std::fs::rename(&edited, path).unwrap();
}

/// Every file under `dir`, relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn export(db: &Path, lake: &Path, extra: &[&str]) -> std::process::Output {
    socgauge()
        .arg("export")
        .arg("--db")
        .arg(db)
        .arg("--parquet")
        .arg(lake)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn the_lake_is_partitioned_by_kind_tenant_and_month_and_reads_back_to_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let lake = dir.path().join("lake");
    let out = export(&db, &lake, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = tree(&lake);
    let parquet: Vec<&String> = files.keys().filter(|k| k.ends_with(".parquet")).collect();
    assert!(!parquet.is_empty());
    for name in &parquet {
        let parts: Vec<&str> = name.split('/').collect();
        assert_eq!(parts.len(), 4, "{name}");
        assert!(
            ["incidents", "alerts", "automation"].contains(&parts[0]),
            "{name}"
        );
        assert!(parts[1].starts_with("tenant="), "{name}");
        assert!(parts[2].starts_with("month=2026-"), "{name}");
    }
    // The two tenants of the fixture, each with its own folders.
    for tenant in ["acme", "globex"] {
        assert!(
            parquet
                .iter()
                .any(|n| n.starts_with(&format!("alerts/tenant={tenant}/"))),
            "{parquet:?}"
        );
    }
    // The manifest counts what the database holds.
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["_socgauge_lake.json"]).unwrap();
    assert_eq!(manifest["schema_version"], 1);
    assert_eq!(
        manifest["partitioning"],
        serde_json::json!(["tenant", "month"])
    );
    let counts = &query(
        &db,
        "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM alerts), \
         (SELECT count(*) FROM automation)",
    )[0];
    assert_eq!(manifest["rows"]["incidents"].to_string(), counts[0]);
    assert_eq!(manifest["rows"]["alerts"].to_string(), counts[1]);
    assert_eq!(manifest["rows"]["automation"].to_string(), counts[2]);
    // A reader of the lake (DuckDB here, as Spark or Trino would) gets the tenant and month from
    // the folders, and the month is the UTC month of created_at.
    let scratch = dir.path().join("scratch.db");
    let glob = lake.join("alerts/*/*/*.parquet");
    let wrong = query(
        &scratch,
        &format!(
            "SELECT count(*) FROM read_parquet('{}', hive_partitioning = true) \
             WHERE month <> strftime(CAST(created_at AS TIMESTAMP), '%Y-%m')",
            glob.display()
        ),
    );
    assert_eq!(wrong, [["0"]]);
    // socgauge reads the lake as input: the same figures as from the database, tenant by tenant.
    for tenant in ["acme", "globex"] {
        let from_db = json_of(
            socgauge()
                .args([
                    "metrics", "--format", "json", "--month", "2026-10", "--tenant", tenant, "--db",
                ])
                .arg(&db),
        );
        let from_lake = json_of(
            socgauge()
                .args([
                    "metrics", "--format", "json", "--month", "2026-10", "--tenant", tenant,
                ])
                .arg(&lake),
        );
        assert!(
            from_db["metrics"]["incidents"]["value"]
                .as_i64()
                .unwrap_or(0)
                > 0,
            "{tenant}: the month holds incidents: {}",
            from_db["metrics"]["incidents"]
        );
        assert_eq!(from_db["metrics"], from_lake["metrics"], "{tenant}");
    }
    let tenants_db = json_of(
        socgauge()
            .args(["tenants", "--format", "json", "--db"])
            .arg(&db),
    );
    let tenants_lake = json_of(socgauge().args(["tenants", "--format", "json"]).arg(&lake));
    assert_eq!(tenants_db, tenants_lake);
    // A Parquet file dropped outside the partitions is not read, and the run says so.
    let stray = lake.join("alerts/stray.parquet");
    std::fs::copy(lake.join(parquet[0]), &stray).unwrap();
    let out = socgauge()
        .args(["tenants", "--format", "json"])
        .arg(&lake)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        tenants_db
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stray.parquet") && stderr.contains("outside the lake's"),
        "{stderr}"
    );
}

#[test]
fn a_lake_carries_the_rows_its_database_rejected_and_exports_without_runs() {
    // acme: one row of five rejected; beta: an automation export of no runs. The lake holds
    // neither, but its manifest carries the loads: read back (and read into a database and
    // exported again), the data-quality figures and the automation figures are the database's.
    let dir = tempfile::tempdir().unwrap();
    let acme = dir.path().join("acme");
    let beta = dir.path().join("beta");
    std::fs::create_dir_all(&acme).unwrap();
    std::fs::create_dir_all(&beta).unwrap();
    write(
        &acme,
        "alerts.csv",
        "tenant,alert_id,created_at,severity\n\
         acme,A1,2026-10-01T10:00:00Z,high\n\
         acme,A2,2026-10-02T10:00:00Z,high\n\
         acme,A3,not a time,high\n\
         acme,A4,2026-10-03T10:00:00Z,low\n",
    );
    // Each client with its automation export: a lake is one export set, in which one client's
    // export speaks for all (README, A Parquet lake).
    write(
        &acme,
        "automation.csv",
        "tenant,run_id,started_at,action,playbook\nacme,R1,2026-10-01T10:05:00Z,enrich,Triage\n",
    );
    write(
        &beta,
        "alerts.csv",
        "tenant,alert_id,created_at,severity\nbeta,B1,2026-10-01T10:00:00Z,high\n",
    );
    write(
        &beta,
        "incidents.csv",
        "tenant,incident_id,created_at,severity\nbeta,I1,2026-10-01T10:00:00Z,high\n",
    );
    write(
        &beta,
        "automation.csv",
        "tenant,run_id,started_at,action,playbook\n",
    );
    let db = dir.path().join("soc.db");
    for (folder, tenant) in [(&acme, "acme"), (&beta, "beta")] {
        socgauge()
            .args(["ingest", "--max-rejects", "1", "--tenant", tenant, "--db"])
            .arg(&db)
            .arg(folder)
            .assert()
            .success();
    }
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let again_db = dir.path().join("again.db");
    ingest_stderr(&again_db, std::slice::from_ref(&lake), &[]);
    let again = dir.path().join("again");
    assert!(export(&again_db, &again, &[]).status.success());
    assert_eq!(
        std::fs::read(lake.join("_socgauge_lake.json")).unwrap(),
        std::fs::read(again.join("_socgauge_lake.json")).unwrap()
    );
    let metrics = |input: &[&std::ffi::OsStr], tenant: &str| {
        json_of(
            socgauge()
                .args([
                    "metrics", "--format", "json", "--month", "2026-10", "--tenant", tenant,
                ])
                .args(input),
        )["metrics"]
            .clone()
    };
    for tenant in ["acme", "beta"] {
        let from_db = metrics(&["--db".as_ref(), db.as_os_str()], tenant);
        for other in [
            metrics(&[lake.as_os_str()], tenant),
            metrics(&["--db".as_ref(), again_db.as_os_str()], tenant),
            metrics(&[again.as_os_str()], tenant),
        ] {
            assert_eq!(from_db, other, "{tenant}");
        }
    }
    let acme_db = metrics(&["--db".as_ref(), db.as_os_str()], "acme");
    assert_eq!(
        acme_db["rejected_row_rate"],
        serde_json::json!({"numerator": 1, "denominator": 5, "value": 0.2})
    );
    let beta_db = metrics(&["--db".as_ref(), db.as_os_str()], "beta");
    assert_eq!(
        beta_db["automation_actions"],
        serde_json::json!({"value": 0})
    );
    // The rejected rows themselves stay in the database the lake came from, and `rejects` on a
    // database read from the lake says so rather than "no rejected rows" alone.
    socgauge()
        .args(["rejects", "--db"])
        .arg(&again_db)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "1 rejected row counted but not kept here: read from a lake",
        ));
    // One of the lake's files named before the lake is still the lake's: counted once.
    let part = lake.join("alerts/tenant=acme/month=2026-10/data_0.parquet");
    assert!(part.is_file());
    assert_eq!(
        metrics(&[part.as_os_str(), lake.as_os_str()], "acme"),
        acme_db
    );
    // A record emptied by hand carries nothing: the lake counts its own rows.
    let manifest_path = lake.join("_socgauge_lake.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    manifest["loads"] = serde_json::json!([]);
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    assert_eq!(
        metrics(&[lake.as_os_str()], "acme")["rejected_row_rate"],
        serde_json::json!({"numerator": 0, "denominator": 4, "value": 0.0})
    );
}

/// A run measuring one tenant straight from a lake leaves the other tenants' partitions unread:
/// a partition of beta's rewritten with a row that cannot load (as many rows as before, so the
/// manifest's record still holds) stops every run that reads it, and not the run measuring
/// acme, whose figures are the database's. A names file, checked against every tenant, makes
/// the run read every partition.
#[test]
fn a_run_measuring_one_tenant_reads_only_its_partitions_of_a_lake() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "alerts.csv",
        "tenant,alert_id,created_at,severity\n\
         acme,A1,2026-10-01T10:00:00Z,high\n\
         acme,A2,not a time,high\n\
         beta,B1,2026-10-01T10:00:00Z,high\n",
    );
    let db = dir.path().join("soc.db");
    ingest_keeping_rejects(&db, &dir.path().join("alerts.csv"));
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let beta = lake.join("alerts/tenant=beta/month=2026-10/data_0.parquet");
    duckdb::Connection::open_in_memory()
        .unwrap()
        .execute_batch(&format!(
            "COPY (SELECT 'B1' AS alert_id, CAST(NULL AS TIMESTAMPTZ) AS created_at) TO '{}' (FORMAT parquet)",
            beta.to_string_lossy().replace('\'', "''")
        ))
        .unwrap();
    let run = |args: &[&str]| {
        socgauge()
            .args(args)
            .args(["--month", "2026-10"])
            .arg(&lake)
            .output()
            .unwrap()
    };
    let acme = run(&["metrics", "--format", "json", "--tenant", "acme"]);
    let stderr = String::from_utf8_lossy(&acme.stderr);
    assert!(acme.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let from_db = json_of(
        socgauge()
            .args([
                "metrics", "--format", "json", "--month", "2026-10", "--tenant", "acme", "--db",
            ])
            .arg(&db),
    );
    let from_lake: serde_json::Value = serde_json::from_slice(&acme.stdout).unwrap();
    assert_eq!(from_lake["metrics"], from_db["metrics"]);
    assert_eq!(
        from_lake["metrics"]["rejected_row_rate"],
        serde_json::json!({"numerator": 1, "denominator": 2, "value": 0.5})
    );
    let names = write(
        dir.path(),
        "names.toml",
        "acme = \"ACME\"\nbeta = \"Beta\"\n",
    );
    for args in [
        &["metrics", "--format", "json", "--tenant", "beta"][..],
        &["metrics", "--format", "json"][..],
        &[
            "metrics",
            "--tenant",
            "acme",
            "--db",
            &dir.path().join("kept.db").to_string_lossy(),
        ][..],
        &[
            "report",
            "--tenant",
            "acme",
            "--tenant-names",
            &names.to_string_lossy(),
            "-o",
            &dir.path().join("r.html").to_string_lossy(),
        ][..],
    ] {
        let refused = run(args);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("data_0.parquet"), "{args:?}: {stderr}");
    }
}

/// A lake whose record of loads is not carried (none in its manifest, or one that does not
/// hold together) measures its own files' loads, those of every tenant: what the automation
/// export of beta speaks for decides whether acme's automation figures are available. A run
/// measuring acme then reads every partition, to the figures of the lake read whole.
#[test]
fn a_lake_without_its_record_is_read_whole_for_one_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write(
        &exports,
        "alerts.csv",
        "tenant,alert_id,created_at,severity\n\
         acme,A1,2026-10-01T10:00:00Z,high\n\
         beta,B1,2026-10-01T10:00:00Z,high\n",
    );
    write(
        &exports,
        "automation.csv",
        "tenant,run_id,started_at,action,playbook\nbeta,R1,2026-10-01T10:05:00Z,enrich,Triage\n",
    );
    let db = dir.path().join("soc.db");
    ingest_stderr(&db, std::slice::from_ref(&exports), &[]);
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let manifest_path = lake.join("_socgauge_lake.json");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let metrics = |input: &[&std::ffi::OsStr]| {
        json_of(
            socgauge()
                .args([
                    "metrics", "--format", "json", "--month", "2026-10", "--tenant", "acme",
                ])
                .args(input),
        )["metrics"]
            .clone()
    };
    // No record at all (told before anything is read), and a record that does not hold
    // together (found once the load has counted the lake's rows, and then read again).
    let mut without = written.clone();
    without.as_object_mut().unwrap().remove("loads");
    let mut miscounted = written.clone();
    miscounted["rows"]["alerts"] = serde_json::json!(7);
    for (case, manifest) in [("no record", without), ("miscounted", miscounted)] {
        std::fs::write(&manifest_path, manifest.to_string()).unwrap();
        let whole = dir.path().join(format!("{case}.db"));
        ingest_stderr(&whole, std::slice::from_ref(&lake), &[]);
        let from_lake = metrics(&[lake.as_os_str()]);
        assert_eq!(
            from_lake,
            metrics(&["--db".as_ref(), whole.as_os_str()]),
            "{case}"
        );
        assert_eq!(
            from_lake["automation_actions"],
            serde_json::json!({"value": 0}),
            "{case}"
        );
    }
}

#[test]
fn a_lake_record_counts_each_file_once_and_an_edited_record_counts_the_lakes_own_rows() {
    // One file of five rows, one rejected: 1 in 5 however the lake, a copy of it, or the file
    // itself come together; a record that does not hold together is not carried.
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let file = write(
        &exports,
        "alerts.csv",
        "tenant,alert_id,created_at,severity\n\
         acme,A1,2026-10-01T10:00:00Z,high\n\
         acme,A2,2026-10-02T10:00:00Z,high\n\
         acme,A3,not a time,high\n\
         acme,A4,2026-10-03T10:00:00Z,low\n\
         acme,A5,2026-10-04T10:00:00Z,low\n",
    );
    let db = dir.path().join("soc.db");
    ingest_keeping_rejects(&db, &exports);
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let copy = dir.path().join("copy");
    assert!(export(&db, &copy, &[]).status.success());
    let rate = |input: &[&std::path::Path]| {
        let out = socgauge()
            .args([
                "metrics",
                "--format",
                "json",
                "--month",
                "2026-10",
                "--max-rejects",
                "1",
            ])
            .args(input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            json["metrics"]["rejected_row_rate"].clone(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let one_in_five = serde_json::json!({"numerator": 1, "denominator": 5, "value": 0.2});
    for input in [
        vec![lake.as_path()],
        vec![lake.as_path(), copy.as_path()],
        vec![lake.as_path(), file.as_path()],
        vec![file.as_path(), lake.as_path()],
    ] {
        assert_eq!(rate(&input).0, one_in_five, "{input:?}");
    }
    // Edited records: a count no database holds, counts that do not add up, a tenant's share
    // above its file's, a file named twice. Each is refused whole, with a warning, and the
    // lake's own four rows count (never a figure worse or better than the data).
    let manifest_path = lake.join("_socgauge_lake.json");
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    type Edit<'a> = (&'a str, &'a dyn Fn(&mut serde_json::Value));
    let edits: [Edit; 10] = [
        ("huge", &|l| l[0]["rows_read"] = serde_json::json!(i64::MAX)),
        ("not whole", &|l| {
            l[0]["rows_rejected"] = serde_json::json!(0.5)
        }),
        ("not adding up", &|l| {
            l[0]["rows_rejected"] = serde_json::json!(9)
        }),
        (
            "tenant share",
            &|l| {
                l[0]["tenant_rows"] =
                    serde_json::json!([{"tenant": "acme", "loaded": -3, "rejected": 1}])
            },
        ),
        ("twice", &|l| {
            let entry = l[0].clone();
            l.as_array_mut().unwrap().push(entry);
        }),
        ("twice, spelled otherwise", &|l| {
            let mut entry = l[0].clone();
            let key = entry["file_key"]
                .as_str()
                .unwrap()
                .replace("/exports/", "/./exports/");
            entry["file_key"] = serde_json::json!(key);
            l.as_array_mut().unwrap().push(entry);
        }),
        ("the lake's own", &|l| {
            l[0]["source"] = serde_json::json!("lake")
        }),
        (
            "shares not a list",
            &|l| {
                l[0]["tenant_rows"] =
                    serde_json::json!({"tenant": "acme", "loaded": 4, "rejected": 1})
            },
        ),
        ("a tenant twice", &|l| {
            l[0]["tenant_rows"] = serde_json::json!([
                {"tenant": "acme", "loaded": 2, "rejected": 0},
                {"tenant": "acme", "loaded": 2, "rejected": 1}
            ])
        }),
        ("taken out", &|l| {
            *l = serde_json::json!([{
                "file": "other.csv", "format": "csv", "kind": "incidents", "rows_read": 1,
                "rows_loaded": 1, "rows_rejected": 0, "source": "canonical",
                "file_key": "/elsewhere/other.csv", "tenant_rows": null
            }])
        }),
    ];
    // An edited manifest whose record is not carried: the lake's own four rows count, and the
    // warning says why.
    let not_carried = |manifest: serde_json::Value, what: &str, warning: &str| {
        std::fs::write(&manifest_path, manifest.to_string()).unwrap();
        let (rate, stderr) = rate(&[lake.as_path()]);
        assert_eq!(
            rate,
            serde_json::json!({"numerator": 0, "denominator": 4, "value": 0.0}),
            "{what}"
        );
        assert!(stderr.contains(warning), "{what}: {stderr}");
    };
    for (what, edit) in edits {
        let mut manifest = original.clone();
        edit(&mut manifest["loads"]);
        not_carried(
            manifest,
            what,
            "the record of loads in its manifest does not hold together (",
        );
    }
    // Rows removed from the lake since it was written (a partition deleted by hand: here, the
    // manifest records two alerts more than the files hold), or a manifest without its row
    // counts: the record is not carried either.
    for (what, rows) in [
        (
            "removed",
            serde_json::json!({"incidents": 0, "alerts": 6, "automation": 0}),
        ),
        ("no counts", serde_json::Value::Null),
    ] {
        let mut manifest = original.clone();
        manifest["rows"] = rows;
        not_carried(
            manifest,
            what,
            "the lake's files hold other rows than its manifest records (alerts: 4 in its files, ",
        );
    }
}

#[test]
fn the_same_data_gives_the_same_lake_which_is_replaced_whole_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let first = tree(&lake);
    // Without --force an existing lake is left alone (exit 2).
    let refused = export(&db, &lake, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    // A stray file in the old lake does not survive a replacement: the lake is replaced whole.
    write(&lake, "stray.txt", "old");
    assert!(export(&db, &lake, &["--force"]).status.success());
    assert_eq!(
        tree(&lake),
        first,
        "byte-identical, and nothing of the old lake left"
    );
    // Nothing else beside the lake (no build or old folder left).
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    beside.sort();
    assert_eq!(beside, ["lake", "soc.db"]);
}

#[test]
fn hostile_tenant_names_stay_inside_the_lake_and_come_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    // Path tricks, and names a reader guessing types would turn into numbers (0x1F → 31).
    let names = [
        "../x",
        "/etc",
        "a=b/c%d",
        "\u{202e}evil",
        "..",
        "tenant=z",
        "0x1F",
        "-0",
        "Infinity",
        "007",
        // Pattern characters DuckDB would glob on, and a home folder it would expand.
        "a*b[1]?",
        "~x",
    ];
    let mut csv = String::from("tenant,alert_id,created_at\n");
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!("\"{name}\",a{i},2026-10-01T00:00:00Z\n"));
    }
    let exports = dir.path().join("in");
    std::fs::create_dir(&exports).unwrap();
    write(&exports, "alerts.csv", &csv);
    let db = dir.path().join("h.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&exports)
        .assert()
        .success();
    // A lake folder whose own name DuckDB would read as a pattern, inside a folder whose name
    // DuckDB would read as a partition (tenant `evil` for every row).
    let lake = dir.path().join("tenant=evil").join("lake [1]*");
    std::fs::create_dir(dir.path().join("tenant=evil")).unwrap();
    let out = export(&db, &lake, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every file is in the lake, one tenant folder per name, directly under alerts/.
    let mut found: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p);
            }
        }
    }
    for file in &found {
        assert!(
            file.starts_with(&lake) || file.starts_with(&exports) || file == &db,
            "{} outside the lake",
            file.display()
        );
    }
    let tenant_folders = std::fs::read_dir(lake.join("alerts")).unwrap().count();
    assert_eq!(tenant_folders, names.len());
    let tenants = json_of(socgauge().args(["tenants", "--format", "json"]).arg(&lake));
    let mut back: Vec<String> = tenants
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tenant"].as_str().unwrap().to_string())
        .collect();
    back.sort();
    let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(back, expected);
}

#[test]
fn a_tenant_too_long_for_a_folder_name_stops_the_export_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(300);
    let file = write(
        dir.path(),
        "alerts.csv",
        &format!("tenant,alert_id,created_at\n{long},a1,2026-10-01T00:00:00Z\nok,a2,2026-10-01T00:00:00Z\n"),
    );
    let lake = dir.path().join("lake");
    let out = socgauge()
        .args(["export", "--parquet"])
        .arg(&lake)
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1 tenant name is too long"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, ["alerts.csv"]);
}

#[test]
fn export_needs_data_and_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = socgauge()
        .args(["export", "--parquet"])
        .arg(dir.path().join("lake"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db FILE"));
    let db = metrics_fixture_db(dir.path());
    let file = write(dir.path(), "taken", "a file");
    let out = export(&db, &file, &["--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a file");
}

#[test]
fn force_replaces_only_a_lake_and_never_a_folder_holding_the_runs_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    // A folder that is not a lake (a user's notes) is refused even with --force.
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    write(&notes, "plan.txt", "keep me");
    let out = export(&db, &notes, &["--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a lake written by socgauge"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(notes.join("plan.txt")).unwrap(),
        "keep me"
    );
    // A folder holding the database: replacing it would delete the database.
    let held = dir.path().join("held");
    std::fs::create_dir(&held).unwrap();
    let inner = held.join("soc.db");
    std::fs::copy(&db, &inner).unwrap();
    write(&held, "_socgauge_lake.json", "{}");
    let out = export(&inner, &held, &["--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("holds the database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(inner.is_file());
    // A lake exported into itself: its own files are the input.
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let before = tree(&lake);
    let out = socgauge()
        .args(["export", "--force", "--parquet"])
        .arg(&lake)
        .arg(&lake)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds an input export"));
    assert_eq!(tree(&lake), before);
}

#[test]
fn a_build_folder_left_by_a_killed_export_is_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    // No process has this id (above the kernel's limit for process ids).
    let stale = dir.path().join(".lake.tmp-4294967294");
    std::fs::create_dir_all(stale.join("alerts")).unwrap();
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    assert!(!stale.exists());
}

#[test]
fn folder_names_become_columns_only_in_a_lake_partition() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    // A lake file copied under a folder that looks like a partition of another column: the
    // statuses are the file's own, and every row loads.
    let file = lake.join("alerts/tenant=acme/month=2026-10/data_0.parquet");
    let odd = dir.path().join("odd/status=bogus");
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::copy(&file, odd.join("a.parquet")).unwrap();
    let other = dir.path().join("other.db");
    let out = socgauge()
        .args(["ingest", "--db"])
        .arg(&other)
        .arg(odd.join("a.parquet"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = query(
        &db,
        "SELECT count(*), count(*) FILTER (WHERE status = 'closed') FROM alerts \
         WHERE tenant = 'acme' AND strftime(CAST(created_at AS TIMESTAMP), '%Y-%m') = '2026-10'",
    );
    let loaded = query(
        &other,
        "SELECT count(*), count(*) FILTER (WHERE status = 'closed') FROM alerts",
    );
    assert_eq!(loaded, expected);
    assert_eq!(query(&other, "SELECT count(*) FROM rejects"), [["0"]]);
}

#[test]
fn a_lake_reached_through_a_link_is_replaced_where_it_lives_and_a_half_swapped_one_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = metrics_fixture_db(dir.path());
    let real = dir.path().join("real");
    assert!(export(&db, &real, &[]).status.success());
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write(&real, "stray.txt", "old");
    assert!(export(&db, &link, &["--force"]).status.success());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(
        !real.join("stray.txt").exists(),
        "the linked lake was replaced"
    );
    // A run killed after moving the old lake aside and before moving the new one in left no
    // lake: the next run puts the old one back (and, without --force, leaves it there).
    let before = tree(&real);
    let aside = dir.path().join(".real.old-4294967294");
    std::fs::rename(&real, &aside).unwrap();
    let out = export(&db, &real, &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(tree(&real), before);
    assert!(!aside.exists());
}

/// A run measuring known months straight from a lake reads every incident but only the alerts
/// and automation partitions its figures reach (the months measured and those the manifest's
/// links name), and gives what the database the lake came from gives, byte for byte: on data
/// whose alerts, merges and automation cross months in every way (tests/fixtures/lake_months,
/// generate.py), for months at the data's edges and in its middle, every measuring command and
/// time zones that move the months' bounds across UTC months.
#[test]
fn a_run_measuring_known_months_reads_only_the_partitions_they_reach() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let ingested = socgauge()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(fixture("lake_months"))
        .output()
        .unwrap();
    assert!(ingested.status.success());
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let partitions = |kind: &str| {
        tree(&lake.join(kind))
            .keys()
            .filter(|k| k.ends_with(".parquet"))
            .count()
    };
    let every_file = partitions("incidents") + partitions("alerts") + partitions("automation");
    assert!(every_file > 60, "{every_file} files");

    let run = |source: &[&std::ffi::OsStr], args: &[&str], zone: &str, month: &str| {
        let out = socgauge()
            .args(args)
            .args(["--timezone", zone, "--month", month])
            .args(source)
            .output()
            .unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let from_lake = [lake.as_os_str()];
    let from_db = [std::ffi::OsStr::new("--db"), db.as_os_str()];
    let mut compared = 0;
    let metrics: &[&[&str]] = &[
        &["metrics", "--format", "json"],
        &[
            "metrics",
            "--format",
            "json",
            "--tenant",
            "acme",
            "--history",
            "4",
        ],
        &["metrics", "--format", "json", "--tenant", "gamma"],
        &["assess", "--format", "json", "--all-tenants"],
        // (a fixed clock: a report says when it was generated)
        &[
            "report",
            "--tenant",
            "beta",
            "--as-of",
            "2026-12-01T00:00:00Z",
            "-o",
            "/dev/stdout",
        ],
    ];
    let portfolio: &[&[&str]] = &[&[
        "report",
        "--portfolio",
        "--as-of",
        "2026-12-01T00:00:00Z",
        "-o",
        "/dev/stdout",
    ]];
    for (zone, month, with_portfolio) in [
        // alerts before the first incident; the month of the tenant of alerts only; the
        // middle; the month after the data
        ("UTC", "2025-12", false),
        ("UTC", "2026-03", false),
        ("UTC", "2026-08", true),
        ("UTC", "2026-11", false),
        // months whose bounds lie in other UTC months
        ("Pacific/Auckland", "2026-06", false),
        ("America/Los_Angeles", "2026-04", true),
    ] {
        let commands = metrics
            .iter()
            .chain(portfolio.iter().filter(|_| with_portfolio));
        for args in commands {
            let lake_run = run(&from_lake, args, zone, month);
            let db_run = run(&from_db, args, zone, month);
            assert!(
                lake_run == db_run,
                "{zone} {month} {args:?}: the lake gives {:?} {}, the database {:?} {}",
                lake_run.0,
                String::from_utf8_lossy(&lake_run.2),
                db_run.0,
                String::from_utf8_lossy(&db_run.2)
            );
            compared += usize::from(lake_run.0 == Some(0));
        }
    }
    // A period of other bounds: its history runs over whole months, to the end of the last.
    for args in [
        &["metrics", "--format", "json", "--history", "3"][..],
        &[
            "report",
            "--tenant",
            "acme",
            "--as-of",
            "2026-12-01T00:00:00Z",
            "-o",
            "/dev/stdout",
        ][..],
    ] {
        let range = |source: &[&std::ffi::OsStr]| {
            let out = socgauge()
                .args(args)
                .args(["--from", "2026-03-15", "--to", "2026-05-20"])
                .args(source)
                .output()
                .unwrap();
            (out.status.code(), out.stdout, out.stderr)
        };
        let (lake_run, db_run) = (range(&from_lake), range(&from_db));
        assert_eq!(
            lake_run.0,
            Some(0),
            "{}",
            String::from_utf8_lossy(&lake_run.2)
        );
        assert!(lake_run == db_run, "{args:?}");
        compared += 1;
    }
    assert!(compared >= 25, "{compared} successful runs compared");

    // The partitions read: every incident, the alerts and automation of the months measured
    // and linked, not the rest.
    let staged = |args: &[&str], month: &str| {
        timings_of(socgauge().args(args).args(["--month", month]).arg(&lake))
            .lines()
            .filter(|l| l.contains("load/stage_file.sql"))
            .count()
    };
    let one_month = staged(
        &["metrics", "--format", "json", "--tenant", "acme"],
        "2026-06",
    );
    assert!(
        one_month < every_file / 2,
        "{one_month} of {every_file} files read for one month of acme"
    );
    let pooled = staged(&["metrics", "--format", "json"], "2026-06");
    assert!(pooled < every_file, "{pooled} of {every_file} files");
    // Incidents of the months a run does not need whole: only the files holding incidents open
    // in its window (or created in its MTTR trend's periods) are read; the months after it are
    // left unread.
    // Each statement normalising Parquet files names how many it read
    // (`load/normalize_incidents.sql (files: 4)`).
    let incident_files = |args: &[&str], month: &str| -> usize {
        timings_of(socgauge().args(args).args(["--month", month]).arg(&lake))
            .lines()
            .filter_map(|l| l.split_once("load/normalize_incidents.sql (files: "))
            .map(|(_, n)| n.trim_end_matches(')').parse::<usize>().unwrap())
            .sum()
    };
    let acme_incident_files = tree(&lake.join("incidents"))
        .keys()
        .filter(|k| k.ends_with(".parquet") && k.contains("tenant=acme"))
        .count();
    let february = incident_files(
        &["metrics", "--format", "json", "--tenant", "acme"],
        "2026-02",
    );
    // January to May: the window's months (January, February) and the months their merge
    // chains and alerts link; June to October hold no incident created before March.
    assert_eq!(
        (february, acme_incident_files),
        (5, 10),
        "acme's incident files read for February, of all"
    );
    // An incident the run would leave unread that a load rejects (a lake edited by hand): the
    // lake is read whole, so the reject is counted and said as a whole read says it.
    let beta_january = lake.join("incidents/tenant=beta/month=2026-01/data_0.parquet");
    let kept = dir.path().join("beta-january.parquet");
    std::fs::copy(&beta_january, &kept).unwrap();
    rewrite_parquet(
        &beta_january,
        "CASE WHEN incident_id = (SELECT min(incident_id) FROM rows WHERE closed_at < TIMESTAMPTZ '2026-06-01 00:00:00+00') \
              THEN 'banana' ELSE severity END AS severity",
    );
    let out = socgauge()
        .args([
            "metrics", "--format", "json", "--tenant", "beta", "--month", "2026-10",
        ])
        .arg(&lake)
        .output()
        .unwrap();
    // (one row of the file's fourteen: more than --max-rejects allows)
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("tenant=beta/month=2026-01") && stderr.contains("not a severity"),
        "{stderr}"
    );
    std::fs::rename(&kept, &beta_january).unwrap();
    // Beside another input, a lake's links between months are not all the links: every file.
    let beside = write(
        dir.path(),
        "alerts.csv",
        "tenant,alert_id,incident_id,created_at,severity\nacme,X1,AINC-0001,2026-06-10T10:00:00Z,high\n",
    );
    let with_file = timings_of(
        socgauge()
            .args(["metrics", "--format", "json", "--month", "2026-06"])
            .arg(&lake)
            .arg(&beside),
    )
    .lines()
    .filter(|l| l.contains("load/stage_file.sql"))
    .count();
    assert_eq!(with_file, every_file + 1);
    // A file whose footer shows a time a load rejects (a database written before the years
    // socgauge reads were checked may hold one) would reject a row if read: the lake is read
    // whole, so the run rejects it as a whole read does.
    let january = lake.join("alerts/tenant=acme/month=2026-01/data_0.parquet");
    rewrite_parquet(
        &january,
        "CASE WHEN alert_id = (SELECT min(alert_id) FROM rows) \
              THEN TIMESTAMPTZ '2150-01-01 00:00:00+00' ELSE closed_at END AS closed_at",
    );
    let acme_files = tree(&lake)
        .keys()
        .filter(|k| k.ends_with(".parquet") && k.contains("tenant=acme"))
        .count();
    let whole = staged(
        &["metrics", "--format", "json", "--tenant", "acme"],
        "2026-06",
    );
    assert!(
        whole > acme_files,
        "{whole} files read, {acme_files} of acme"
    );
    // The default period is known only from the data: every file is read.
    let latest = timings_of(socgauge().args(["metrics", "--format", "json"]).arg(&lake))
        .lines()
        .filter(|l| l.contains("load/stage_file.sql"))
        .count();
    assert_eq!(latest, every_file);
}

#[test]
fn the_manifest_links_each_month_to_the_other_months_its_rows_need() {
    // I2 (February) is merged into I1 (January), and A2 (January) is I2's alert; A1 (April)
    // is I3's (March); R1 (May) is an automation run on A1; I4 (June) stands alone.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "incidents.csv",
        "tenant,incident_id,created_at,status,redirected_to\n\
         t,I1,2026-01-10T00:00:00Z,closed,\n\
         t,I2,2026-02-10T00:00:00Z,redirected,I1\n\
         t,I3,2026-03-10T00:00:00Z,new,\n\
         t,I4,2026-06-10T00:00:00Z,new,\n",
    );
    write(
        dir.path(),
        "alerts.csv",
        "tenant,alert_id,incident_id,created_at\n\
         t,A1,I3,2026-04-10T00:00:00Z\n\
         t,A2,I2,2026-01-20T00:00:00Z\n",
    );
    write(
        dir.path(),
        "automation.csv",
        "tenant,run_id,alert_id,action,started_at\nt,R1,A1,enrich,2026-05-10T00:00:00Z\n",
    );
    let db = dir.path().join("soc.db");
    let ingested = socgauge()
        .args(["ingest", "--db"])
        .arg(&db)
        .args(["incidents.csv", "alerts.csv", "automation.csv"].map(|f| dir.path().join(f)))
        .output()
        .unwrap();
    assert!(
        ingested.status.success(),
        "{}",
        String::from_utf8_lossy(&ingested.stderr)
    );
    let lake = dir.path().join("lake");
    assert!(export(&db, &lake, &[]).status.success());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(lake.join("_socgauge_lake.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["month_links_kinds"],
        serde_json::json!(["incidents", "alerts", "automation"])
    );
    // January: I1's group holds I2 (February), and A2 counts for I1 through I2. February: I2
    // resolves to I1 (January). March: I3's alert (April) and its automation (May). April: A1's
    // incident (March). June links nothing.
    assert_eq!(
        manifest["month_links"],
        serde_json::json!([
            {"tenant": "t", "month": "2026-01", "alerts": [], "automation": [], "incidents": ["2026-02"]},
            {"tenant": "t", "month": "2026-02", "alerts": [], "automation": [], "incidents": ["2026-01"]},
            {"tenant": "t", "month": "2026-03", "alerts": ["2026-04"], "automation": ["2026-05"], "incidents": []},
            {"tenant": "t", "month": "2026-04", "alerts": [], "automation": [], "incidents": ["2026-03"]}
        ])
    );
}
