//! `socgauge publish` and `socgauge config init`: the static site from a configuration file,
//! byte-identical reruns, only changed months rendered, a killed or failed run leaving the old
//! site, fail_on conditions (exit 3), safe folder names, usage errors (exit 2).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::harness::{socgauge, write};

const AS_OF: &str = "2026-11-03T09:00:00Z";

/// Splits a sample export (`full`, July to October 2026) into `a` (July to September, with every
/// row linked to those months) and `b` (October), dropping rows that link across the boundary
/// the other way (an alert of September whose incident is created in October), so that `b` adds a
/// month without touching the earlier ones. `prefix` is put before every id.
fn split(full: &Path, a: &Path, b: &Path, prefix: &str) {
    std::fs::create_dir_all(a).unwrap();
    std::fs::create_dir_all(b).unwrap();
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let p = |name: &str| full.join(name).to_string_lossy().replace('\'', "''");
    let sql = format!(
        "CREATE TABLE inc AS SELECT * REPLACE ('{prefix}' || incident_id AS incident_id, '{prefix}' || redirected_to AS redirected_to)
           FROM read_csv('{}', all_varchar = true);
         CREATE TABLE al AS SELECT * REPLACE ('{prefix}' || alert_id AS alert_id, '{prefix}' || incident_id AS incident_id)
           FROM read_csv('{}', all_varchar = true);
         CREATE TABLE au AS SELECT * REPLACE ('{prefix}' || run_id AS run_id, '{prefix}' || incident_id AS incident_id, '{prefix}' || alert_id AS alert_id)
           FROM read_csv('{}', all_varchar = true);
         CREATE TABLE inc_part AS SELECT incident_id,
             CASE WHEN created_at < '2026-10'
                    OR redirected_to IN (SELECT incident_id FROM inc WHERE created_at < '2026-10')
                  THEN 'a' ELSE 'b' END AS part FROM inc;
         CREATE TABLE al_part AS SELECT al.alert_id, CASE
             WHEN p.part = 'a' THEN 'a'
             WHEN p.part = 'b' AND al.created_at < '2026-10' THEN 'drop'
             WHEN p.part = 'b' THEN 'b'
             WHEN al.created_at < '2026-10' THEN 'a' ELSE 'b' END AS part
           FROM al LEFT JOIN inc_part p ON al.incident_id = p.incident_id;
         CREATE TABLE au_part AS SELECT au.run_id, CASE
             WHEN coalesce(ip.part, ap.part) = 'drop' THEN 'drop'
             WHEN coalesce(ip.part, ap.part) = 'a' THEN 'a'
             WHEN coalesce(ip.part, ap.part) = 'b' AND au.started_at < '2026-10' THEN 'drop'
             WHEN coalesce(ip.part, ap.part) = 'b' THEN 'b'
             WHEN au.started_at < '2026-10' THEN 'a' ELSE 'b' END AS part
           FROM au LEFT JOIN inc_part ip ON au.incident_id = ip.incident_id
                   LEFT JOIN al_part ap ON au.alert_id = ap.alert_id;",
        p("incidents.csv"),
        p("alerts.csv"),
        p("automation.csv")
    );
    conn.execute_batch(&sql).unwrap();
    for (dir, part) in [(a, "a"), (b, "b")] {
        let d = dir.to_string_lossy().replace('\'', "''");
        conn.execute_batch(&format!(
            "COPY (SELECT * FROM inc WHERE incident_id IN (SELECT incident_id FROM inc_part WHERE part = '{part}') ORDER BY incident_id)
               TO '{d}/incidents.csv' (HEADER);
             COPY (SELECT * FROM al WHERE alert_id IN (SELECT alert_id FROM al_part WHERE part = '{part}') ORDER BY alert_id)
               TO '{d}/alerts.csv' (HEADER);
             COPY (SELECT * FROM au WHERE run_id IN (SELECT run_id FROM au_part WHERE part = '{part}') ORDER BY run_id)
               TO '{d}/automation.csv' (HEADER);"
        ))
        .unwrap();
    }
}

/// A sample organisation at `stage`, July to October 2026, split (see [`split`]) into
/// `dir/exports/<name>/q3` and `dir/exports/<name>/oct`.
fn sample(dir: &Path, tenant: &str, stage: &str, name: &str, prefix: &str) {
    let full = dir.join("full").join(name);
    socgauge()
        .args([
            "sample",
            "--months",
            "4",
            "--alerts-per-day",
            "6",
            "--stage",
            stage,
        ])
        .args(["--tenant", tenant, "--out"])
        .arg(&full)
        .assert()
        .success();
    let exports = dir.join("exports").join(name);
    split(&full, &exports.join("q3"), &exports.join("oct"), prefix);
}

/// Two tenants (acme automated, globex reactive), July to October 2026, and a configuration
/// (relative paths) that ingests their July–September exports.
fn two_tenants(dir: &Path) -> PathBuf {
    sample(dir, "acme", "automated", "acme", "");
    sample(dir, "globex", "reactive", "globex", "");
    write(
        dir,
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n\
         [[input]]\npath = \"exports/acme/q3\"\n[[input]]\npath = \"exports/globex/q3\"\n",
    )
}

/// `publish --config CONFIG`, at --as-of AS_OF unless `extra` gives another.
fn publish(config: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = socgauge();
    cmd.arg("publish").arg("--config").arg(config).args(extra);
    if !extra.contains(&"--as-of") {
        cmd.args(["--as-of", AS_OF]);
    }
    cmd.output().unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Every file under `root`, by path relative to it, with its bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn latest(site: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(site.join("latest.json")).unwrap()).unwrap()
}

#[test]
fn a_site_of_two_tenants_is_complete_identical_on_rerun_and_renders_only_a_new_month() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let site = dir.path().join("site");

    // Three months: September and the two before it.
    let first = ok(&publish(
        &config,
        &["--month", "2026-09", "--backfill", "2"],
    ));
    assert!(
        first.contains("6 tenant-months: 6 rendered, 0 unchanged"),
        "{first}"
    );
    let before = files(&site);
    let names: Vec<&str> = before.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "acme/2026-07.html",
            "acme/2026-08.html",
            "acme/2026-09.html",
            "acme/index.html",
            "globex/2026-07.html",
            "globex/2026-08.html",
            "globex/2026-09.html",
            "globex/index.html",
            "history.csv",
            "history.parquet",
            "index.html",
            "latest.json",
        ]
    );
    // Nothing beside the site but its lock; no build folder left.
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        [
            ".site.lock",
            "exports",
            "full",
            "site",
            "soc.db",
            "socgauge.toml"
        ]
    );

    // latest.json: the contract's keys, the report paths exist.
    let doc = latest(&site);
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "generated_at",
            "period",
            "tenants",
            "conditions"
        ]
    );
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["generated_at"], AS_OF);
    assert_eq!(
        doc["period"],
        serde_json::json!({"from": "2026-09-01T00:00:00Z", "to": "2026-10-01T00:00:00Z", "label": "2026-09"})
    );
    assert_eq!(doc["conditions"], serde_json::json!([]));
    let tenants = doc["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 2);
    for (t, id) in tenants.iter().zip(["acme", "globex"]) {
        let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "slug",
                "stage",
                "previous_stage",
                "unassessed_layers",
                "report",
                "metrics",
                "conditions"
            ]
        );
        assert_eq!(t["id"], id);
        assert_eq!(t["slug"], id);
        assert_eq!(t["report"], format!("{id}/2026-09.html"));
        assert!(site.join(t["report"].as_str().unwrap()).is_file());
        assert!(t["stage"].is_u64(), "{t}");
        assert!(t["metrics"]["mttr"]["value"].is_number(), "{t}");
        assert!(t["metrics"]["mttr"]["previous"].is_number(), "{t}");
    }
    // The two verdicts differ: an automated and a reactive organisation.
    assert!(tenants[0]["stage"].as_u64() > tenants[1]["stage"].as_u64());
    // The index links every tenant's pages and the month's reports.
    let index = String::from_utf8(before["index.html"].clone()).unwrap();
    for link in ["acme", "globex"] {
        assert!(
            index.contains(&format!("href=\"{link}&#x2f;index.html\"")),
            "{index}"
        );
        assert!(index.contains(&format!("href=\"{link}&#x2f;2026-09.html\"")));
        // The portfolio's own link to the report: the folder's `/` kept, not encoded.
        assert!(
            index.contains(&format!(
                "Full report: <a href=\"{link}&#x2f;2026-09.html\""
            )),
            "{index}"
        );
    }
    // The results as scripts read them, and a tenant's page as people read it.
    insta::assert_snapshot!(
        "latest_json",
        String::from_utf8(before["latest.json"].clone()).unwrap()
    );
    let acme = String::from_utf8(before["acme/index.html"].clone()).unwrap();
    let main = &acme[acme.find("<header").unwrap()..acme.find("</main>").unwrap()];
    insta::assert_snapshot!("tenant_index", main);
    for month in ["2026-07", "2026-08", "2026-09"] {
        assert!(acme.contains(&format!("href=\"{month}.html\"")), "{acme}");
    }
    // History: one row per tenant × month × metric, the same rows in CSV and Parquet.
    let csv = String::from_utf8(before["history.csv"].clone()).unwrap();
    let rows = csv.lines().count() - 1;
    assert_eq!(rows % 6, 0);
    assert!(rows >= 6 * 30, "{rows}");
    // Without a calendar no business-time rows (absent, as in `metrics`), no metric twice.
    assert!(!csv.contains("_business,"), "{csv}");
    // One number per row: the list-shaped metrics, which have none, are on the pages.
    for list in ["workload", "categories", "backlog_ageing", "highlights"] {
        assert!(!csv.contains(&format!(",{list},")), "{list}");
    }
    let mut keys = std::collections::BTreeSet::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert!(keys.insert((
            cells[0].to_string(),
            cells[3].to_string(),
            cells[6].to_string()
        )));
    }
    let parquet = site.join("history.parquet").to_string_lossy().to_string();
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let (count, tenants, months): (i64, i64, i64) = conn
        .query_row(
            &format!(
                "SELECT count(*), count(DISTINCT tenant), count(DISTINCT month) FROM read_parquet('{parquet}')"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((count as usize, tenants, months), (rows, 2, 3));
    // The period bounds are instants: September 2026 in the site's zone (UTC).
    let (kind, first): (String, String) = conn
        .query_row(
            &format!(
                "SELECT typeof(period_from), strftime(min(period_from)::TIMESTAMP, '%Y-%m-%d %H:%M') \
                 FROM read_parquet('{parquet}') WHERE month = '2026-09' GROUP BY ALL"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kind, "TIMESTAMP WITH TIME ZONE");
    assert_eq!(first, "2026-09-01 00:00");

    // A rerun on the same data changes no byte and renders nothing.
    let second = ok(&publish(
        &config,
        &["--month", "2026-09", "--backfill", "2"],
    ));
    assert!(
        second.contains("6 tenant-months: 0 rendered, 6 unchanged"),
        "{second}"
    );
    assert_eq!(files(&site), before);
    // The same configuration named from its own folder is the same site: nothing rendered.
    let folder = config.parent().unwrap();
    let out = socgauge()
        .current_dir(folder)
        .arg("publish")
        .arg("--config")
        .arg(config.file_name().unwrap())
        .args(["--month", "2026-09", "--backfill", "2", "--as-of", AS_OF])
        .output()
        .unwrap();
    let relative = ok(&out);
    assert!(
        relative.contains("6 tenant-months: 0 rendered, 6 unchanged"),
        "{relative}"
    );
    assert_eq!(files(&site), before);

    // A month of data added: only October's pages are rendered; the earlier pages are the same
    // bytes, the indexes and results are new.
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[[input]]\npath = \"exports/acme/oct\"\n[[input]]\npath = \"exports/globex/oct\"\n",
    );
    std::fs::write(&config, text).unwrap();
    let third = ok(&publish(&config, &["--as-of", "2026-12-01T08:00:00Z"]));
    assert!(
        third.contains("for 2026-10: 2 tenants, 8 tenant-months: 2 rendered, 6 unchanged"),
        "{third}"
    );
    let after = files(&site);
    for (name, bytes) in &before {
        if name.ends_with("-07.html") || name.ends_with("-08.html") || name.ends_with("-09.html") {
            assert_eq!(&after[name], bytes, "{name} changed");
        } else {
            assert_ne!(&after[name], bytes, "{name} did not change");
        }
    }
    assert!(after.contains_key("acme/2026-10.html") && after.contains_key("globex/2026-10.html"));
    let doc = latest(&site);
    assert_eq!(doc["period"]["label"], "2026-10");
    assert_eq!(doc["generated_at"], "2026-12-01T08:00:00Z");
}

#[test]
fn a_run_killed_midway_leaves_the_previous_site_and_the_next_run_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let site = dir.path().join("site");
    ok(&publish(
        &config,
        &["--month", "2026-08", "--backfill", "1"],
    ));
    let before = files(&site);
    // A new display name makes every page render again: a long run to kill.
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[[tenant]]\nid = \"acme\"\nname = \"ACME Corporation\"\n[[tenant]]\nid = \"globex\"\n",
    );
    std::fs::write(&config, text).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("socgauge"))
        .arg("publish")
        .arg("--config")
        .arg(&config)
        .args(["--month", "2026-09", "--backfill", "2", "--as-of", AS_OF])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Midway: the build folder holds a page but not yet the index, written last.
    let started = std::time::Instant::now();
    let build = loop {
        let found = std::fs::read_dir(dir.path()).unwrap().find_map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            (name.starts_with(".site.tmp-")
                && path.join("acme/2026-07.html").is_file()
                && !path.join("index.html").exists())
            .then_some(path)
        });
        if let Some(path) = found {
            break path;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed midway"
        );
        assert!(
            started.elapsed().as_secs() < 120,
            "no build folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(build.exists(), "the killed run's build folder is left");
    assert_eq!(
        files(&site),
        before,
        "the previous site is complete and untouched"
    );

    // The next run removes the leftover and publishes.
    let out = ok(&publish(
        &config,
        &["--month", "2026-09", "--backfill", "2"],
    ));
    assert!(out.contains("6 tenant-months"), "{out}");
    assert!(!build.exists());
    assert!(latest(&site)["tenants"][0]["name"] == "ACME Corporation");
}

#[test]
fn a_default_month_without_data_is_refused_and_leaves_the_site() {
    // The data starts inside its latest month (1 to 8 October): the default month, the last the
    // data covers completely, is September, which holds nothing. Published, it would replace
    // October as the site's latest month, empty for every tenant.
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write(
        &exports,
        "incidents.csv",
        "tenant,incident_id,created_at\nacme,I-1,2026-10-01T08:00:00Z\nacme,I-2,2026-10-08T08:00:00Z\n",
    );
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n[[input]]\npath = \"exports\"\n",
    );
    let site = dir.path().join("site");
    ok(&publish(&config, &["--month", "2026-10"]));
    let before = files(&site);
    let out = publish(&config, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no incidents or alerts in 2026-09")
            && stderr.contains("the data covers 2026-10"),
        "{stderr}"
    );
    assert_eq!(files(&site), before);
    assert_eq!(latest(&site)["period"]["label"], "2026-10");
}

/// A publish's warnings and reject reasons name its `[[input]]` keys (`date_format`), which its
/// owner can change, not the flags of `ingest`, which a scheduled job has not.
#[test]
fn warnings_and_reject_reasons_of_a_publish_name_its_input_keys() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let header = crate::harness::PORTAL_HEADER;
    // No field above 12: the order is a guess, and the warning says how to set it.
    write(
        &exports,
        "SecurityIncident.csv",
        &format!(
            "{header}\"10/01/2026, 08:00:00.000\",\"i-1\",\"t\",\"High\",\"Closed\",\"10/01/2026, 08:00:00.000\",\"10/02/2026, 09:00:00.000\",\"1\"\n\
             \"10/03/2026, 08:00:00.000\",\"i-2\",\"t\",\"High\",\"New\",\"10/03/2026, 08:00:00.000\",\"\",\"2\"\n"
        ),
    );
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n[[input]]\npath = \"exports\"\n",
    );
    let out = publish(&config, &["--month", "2026-10"]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("load it again with date_format '%d/%m/%Y, %H:%M:%S.%g'"),
        "{stderr}"
    );
    assert!(!stderr.contains("--"), "{stderr}");
    // A time the configured format does not read: the stored reason names the key.
    let dotted = write(
        dir.path(),
        "dotted.toml",
        "database = \"dotted.db\"\noutput = \"dotted\"\ntimezone = \"UTC\"\n[[input]]\npath = \"exports\"\ndate_format = \"%d.%m.%Y %H:%M\"\nmax_rejects = 1\n",
    );
    let out = publish(&dotted, &["--month", "2026-10"]);
    assert_eq!(out.status.code(), Some(1), "nothing of October loads");
    let reasons = crate::harness::query(
        &dir.path().join("dotted.db"),
        "SELECT DISTINCT reason FROM rejects WHERE \"column\" = 'created_at'",
    );
    assert_eq!(
        reasons,
        [[
            "not an ISO 8601 timestamp, nor (in a vendor export) a date-time in the date_format `%d.%m.%Y %H:%M`"
                .to_string()
        ]]
    );
}

#[test]
fn a_failed_run_leaves_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let site = dir.path().join("site");
    ok(&publish(&config, &["--month", "2026-09"]));
    let before = files(&site);
    // A month without any data (to come, or a typo) is refused as report refuses it: it would
    // otherwise become the site's latest month, empty for every tenant.
    for month in ["2027-06", "1990-01"] {
        let out = publish(&config, &["--month", month]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{month}: {stderr}");
        assert!(
            stderr.contains(&format!("no incidents or alerts in {month}"))
                && stderr.contains("the data covers"),
            "{month}: {stderr}"
        );
        assert_eq!(files(&site), before, "{month}");
    }
    // An export that cannot be loaded: the run fails (exit 1) after taking the lock.
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    write(
        &bad,
        "incidents.csv",
        "tenant,incident_id,created_at\nacme,X-1,not a time\nacme,X-2,also not\n",
    );
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[[input]]\npath = \"bad\"\n");
    std::fs::write(&config, text).unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("incidents.csv"), "{stderr}");
    // The settings named are the configuration's keys, not ingest's flags.
    assert!(
        stderr.contains("more than max_rejects 0.05 allows")
            && stderr.contains(&format!("(the `[[input]]` keys of `{}`)", config.display()))
            && stderr.contains("load anyway with max_rejects = 1")
            && !stderr.contains("--"),
        "{stderr}"
    );
    assert_eq!(files(&site), before);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn condition_names(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn no_data_for_a_listed_tenant_exits_3_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[[tenant]]\nid = \"acme\"\n[[tenant]]\nid = \"initech\"\nname = \"Initech\"\n\
         [fail_on]\nno_data = true\nstage_drop = true\n",
    );
    std::fs::write(&config, text).unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("condition no_data: tenant `initech`"),
        "{stderr}"
    );
    // Published all the same.
    let doc = latest(&dir.path().join("site"));
    assert_eq!(condition_names(&doc["conditions"]), ["no_data"]);
    assert_eq!(
        condition_names(&doc["tenants"][1]["conditions"]),
        ["no_data"]
    );
    assert_eq!(doc["tenants"][1]["report"], serde_json::Value::Null);
    assert_eq!(doc["tenants"][0]["conditions"], serde_json::json!([]));
    assert!(dir.path().join("site/initech/index.html").is_file());
}

#[test]
fn a_stage_drop_exits_3_named() {
    let dir = tempfile::tempdir().unwrap();
    // One organisation: automated until September, reactive in October (other ids).
    sample(dir.path(), "acme", "automated", "good", "");
    sample(dir.path(), "acme", "reactive", "bad", "R-");
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\n[[input]]\npath = \"exports/good/q3\"\n\
         [[input]]\npath = \"exports/bad/oct\"\n[fail_on]\nstage_drop = true\n",
    );
    let out = publish(&config, &["--month", "2026-10"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("condition stage_drop: tenant `acme`: overall stage"),
        "{stderr}"
    );
    let doc = latest(&dir.path().join("site"));
    assert_eq!(condition_names(&doc["conditions"]), ["stage_drop"]);
    let t = &doc["tenants"][0];
    assert!(t["stage"].as_u64() < t["previous_stage"].as_u64(), "{t}");
    assert_eq!(condition_names(&t["conditions"]), ["stage_drop"]);
    // Without the condition configured, the same site exits 0.
    std::fs::write(
        &config,
        std::fs::read_to_string(&config)
            .unwrap()
            .replace("stage_drop = true", "stage_drop = false"),
    )
    .unwrap();
    ok(&publish(&config, &["--month", "2026-10"]));
}

#[test]
fn rejected_rows_above_the_share_exit_3_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    write(
        &bad,
        "incidents.csv",
        "tenant,incident_id,created_at\nacme,X-1,not a time\nacme,X-2,2026-09-02T10:00:00Z\n",
    );
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[[input]]\npath = \"bad\"\nmax_rejects = 1\n[fail_on]\nmax_reject_share = 0.0001\n",
    );
    std::fs::write(&config, text).unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("condition max_reject_share: 1 of "),
        "{stderr}"
    );
    assert!(stderr.contains("fail_on: published, but fail_on conditions hold: max_reject_share"));
    let doc = latest(&dir.path().join("site"));
    assert_eq!(condition_names(&doc["conditions"]), ["max_reject_share"]);
    // A compliance gate without targets could never hold: the configuration is refused (exit 2)
    // before any work, rather than the gate left silently off.
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("min_sla_compliance = 0.99\n");
    std::fs::write(&config, text).unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("min_sla_compliance: needs service-level targets"),
        "{stderr}"
    );
}

#[test]
fn service_level_targets_reach_the_pages_and_min_sla_compliance() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let base = std::fs::read_to_string(&config).unwrap();
    let targets = |minutes: u32| {
        ["critical", "high", "medium", "low"]
            .iter()
            .map(|s| format!("[[target]]\nseverity = \"{s}\"\nacknowledge_minutes = {minutes}\n"))
            .collect::<String>()
    };
    // Inline [[target]] tables no incident can meet: the lowest compliance is below 0.5.
    std::fs::write(
        &config,
        format!("{base}[fail_on]\nmin_sla_compliance = 0.5\n{}", targets(1)),
    )
    .unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    // Naming the target and its counts, so that the job's log says what to look at.
    assert!(
        stderr.contains("lowest service-level compliance")
            && stderr.contains(" acknowledge, ")
            && stderr.contains(" incidents within target) is below 50.0 % in 2026-09"),
        "{stderr}"
    );
    let doc = latest(&dir.path().join("site"));
    assert!(condition_names(&doc["conditions"]).contains(&"min_sla_compliance".to_string()));
    let page = std::fs::read_to_string(dir.path().join("site/acme/2026-09.html")).unwrap();
    assert!(
        page.contains("id=\"service-levels\""),
        "the page shows the service levels"
    );
    // The same targets from a file, so lax that every incident meets them: exit 0, and the
    // changed targets re-render the pages.
    write(dir.path(), "targets.toml", &targets(10_000_000));
    std::fs::write(
        &config,
        format!("targets = \"targets.toml\"\n{base}[fail_on]\nmin_sla_compliance = 0.5\n"),
    )
    .unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    assert!(ok(&out).contains("rendered"));
    let doc = latest(&dir.path().join("site"));
    assert!(condition_names(&doc["conditions"]).is_empty(), "{doc}");
    // A targets file with an unknown severity is refused before any work (exit 2).
    write(
        dir.path(),
        "targets.toml",
        "[[target]]\nseverity = \"urgent\"\nacknowledge_minutes = 5\n",
    );
    let out = publish(&config, &["--month", "2026-09"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The display name latest.json gives the tenant `id`.
fn doc_name(doc: &serde_json::Value, id: &str) -> String {
    doc["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .map(|t| t["name"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn hostile_tenant_names_stay_inside_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(300);
    let ids = [
        "../x",
        "/etc",
        "..",
        "\u{202e}lmth.exe",
        long.as_str(),
        "ACME",
        "acme",
        "a/../../b",
        "a\u{0}b",
        "\u{200f}שלום",
    ];
    let mut csv = String::from("tenant,incident_id,created_at,closed_at\n");
    for (i, id) in ids.iter().enumerate() {
        let quoted = id.replace('"', "\"\"");
        csv.push_str(&format!(
            "\"{quoted}\",INC-{i},2026-09-0{}T10:00:00Z,2026-09-0{}T12:00:00Z\n",
            i % 9 + 1,
            i % 9 + 1
        ));
    }
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write(&exports, "incidents.csv", &csv);
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"out/site\"\n[[input]]\npath = \"exports\"\n",
    );
    std::fs::create_dir(dir.path().join("out")).unwrap();
    ok(&publish(&config, &["--month", "2026-09"]));
    // Nothing outside the output folder but the lock; every tenant folder a slug.
    let mut beside: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    beside.sort();
    assert_eq!(beside, [".site.lock", "site"]);
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    top.sort();
    assert_eq!(top, ["exports", "out", "soc.db", "socgauge.toml"]);
    let doc = latest(&dir.path().join("out/site"));
    let tenants = doc["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), ids.len());
    let mut slugs = std::collections::BTreeSet::new();
    for t in tenants {
        let slug = t["slug"].as_str().unwrap();
        assert!(
            !slug.is_empty()
                && slug.len() <= 72
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{slug}"
        );
        assert!(slugs.insert(slug.to_string()), "{slug} twice");
        assert!(dir
            .path()
            .join("out/site")
            .join(slug)
            .join("index.html")
            .is_file());
    }
    let by_id: BTreeMap<&str, &str> = tenants
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t["slug"].as_str().unwrap()))
        .collect();
    assert_eq!(by_id["../x"], "x");
    assert_eq!(by_id["/etc"], "etc");
    assert_eq!(by_id[".."], "tenant");
    assert_eq!(by_id["\u{202e}lmth.exe"], "lmth-exe");
    assert_eq!(by_id["ACME"], "acme");
    assert!(by_id["acme"].starts_with("acme-") && by_id["acme"].len() == 13);
    assert_eq!(by_id[long.as_str()].len(), 60);
    assert_eq!(by_id["a\u{0}b"], "a-b");
    // A right-to-left override in a name is isolated in every page, and the override itself
    // shown as U+FFFD: it can reverse neither the figures after it nor the name itself
    // ("lmth.exe" read as "exe.html"). Other names are shown as they are.
    let site = dir.path().join("out/site");
    let isolated = "\u{2068}\u{fffd}lmth.exe\u{2069}";
    for page in ["index.html", "lmth-exe/index.html", "lmth-exe/2026-09.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains(isolated), "{page}");
        assert!(!html.contains('\u{202e}'), "{page}: an override");
    }
    let plain = std::fs::read_to_string(site.join("acme/index.html")).unwrap();
    assert!(!plain.contains('\u{2068}'));
    assert_eq!(doc_name(&doc, "\u{202e}lmth.exe"), "\u{202e}lmth.exe");
    // Nothing ASCII is left of a right-to-left name: `tenant`, taken by `..` first.
    assert!(by_id["\u{200f}שלום"].starts_with("tenant-"));
    // The folders are exactly the slugs, plus nothing.
    let mut folders: Vec<String> = std::fs::read_dir(dir.path().join("out/site"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    folders.sort();
    assert_eq!(folders, slugs.into_iter().collect::<Vec<_>>());
}

#[test]
fn config_init_writes_a_commented_file_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("socgauge.toml");
    socgauge()
        .args(["config", "init", "-o"])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("database = ") && text.contains("[fail_on]"));
    std::fs::write(&path, "database = \"mine.db\"\n").unwrap();
    socgauge()
        .args(["config", "init", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "database = \"mine.db\"\n"
    );
    socgauge()
        .args(["config", "init", "--force", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // The default file name, in the working folder.
    socgauge()
        .current_dir(dir.path())
        .args(["config", "init"])
        .assert()
        .code(2);
    socgauge()
        .args(["config", "init", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[fail_on]"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\n",
    );
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["--month".into(), "2026-13".into()], "--month"),
        (vec!["--as-of".into(), "yesterday".into()], "--as-of"),
        (vec!["--backfill".into(), "500".into()], "--backfill"),
        (vec!["--backfill=-1".into()], "--backfill"),
    ];
    for (args, what) in cases {
        socgauge()
            .arg("publish")
            .arg("--config")
            .arg(&config)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(what));
    }
    socgauge()
        .args(["publish", "--config"])
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config init"));
    for (text, what) in [
        ("database = \"soc.db\"\n", "output"),
        ("database = \"soc.db\"\noutput = \"site\"\ncolour = \"blue\"\n", "colour"),
        ("database = \"soc.db\"\noutput = \"site\"\ntimezone = \"Atlantis\"\n", "timezone"),
        ("database = \"soc.db\"\noutput = \"site\"\n[fail_on]\nstage_dropped = true\n", "stage_dropped"),
        ("database = \"soc.db\"\noutput = \"site\"\n[[input]]\npath = \"x\"\nsource = \"nope\"\n", "nope"),
        // `x/.` is `x` to the file system, not a site named `.` inside it.
        ("database = \"soc.db\"\noutput = \"x/.\"\n", "does not name a folder"),
        ("database = \"soc.db\"\noutput = \"x/..\"\n", "does not name a folder"),
        // A rubric for every tenant that does not parse, tenants coming from the database: refused
        // before the input is loaded (no database after the loop).
        ("database = \"soc.db\"\noutput = \"site\"\nrubric = \"rubric.toml\"\n[[input]]\npath = \"in\"\n", "bogus"),
    ] {
        let bad = write(dir.path(), "bad.toml", text);
        std::fs::create_dir_all(dir.path().join("x")).unwrap();
        std::fs::create_dir_all(dir.path().join("in")).unwrap();
        write(&dir.path().join("in"), "incidents.csv", "tenant,incident_id,created_at\nacme,I-1,2026-10-01T08:00:00Z\n");
        write(dir.path(), "rubric.toml", "bogus = true\n");
        socgauge()
            .args(["publish", "--config"])
            .arg(&bad)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(what));
    }
    assert!(!dir.path().join("soc.db").exists(), "nothing was loaded");
    // An `[[input]]` setting at fault is named by its key, as the configuration spells it,
    // never by the flag of `ingest` it stands in for.
    for (key, expected) in [
        ("source = \"nope\"", "source: unknown source `nope`"),
        ("source = \"mapped\"", "source mapped needs mapping FILE"),
        (
            "date_format = \"%Q\"",
            "date_format: `%Q` holds a specifier",
        ),
        (
            "date_format = \"31\"",
            "date_format: `31` is not a strptime pattern",
        ),
        (
            "input_timezone = \"Mars/X\"",
            "input_timezone: `Mars/X` is not a time zone",
        ),
    ] {
        let bad = write(
            dir.path(),
            "bad.toml",
            &format!("database = \"soc.db\"\noutput = \"site\"\n[[input]]\npath = \"in\"\n{key}\n"),
        );
        socgauge()
            .args(["publish", "--config"])
            .arg(&bad)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::str::contains("--").not());
    }
    assert!(!dir.path().join("soc.db").exists(), "nothing was loaded");
    // An export named as the database: the configuration's key is named, not ingest's flag.
    let export_as_db = write(
        dir.path(),
        "db.toml",
        "database = \"in/incidents.csv\"\noutput = \"site\"\n",
    );
    socgauge()
        .args(["publish", "--config"])
        .arg(&export_as_db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("db.toml`: database `"))
        .stderr(predicate::str::contains("is not a socgauge database"))
        .stderr(predicate::str::contains("--db").not());
    // A folder that is not a socgauge site is never replaced; nor a site holding the database.
    std::fs::create_dir(dir.path().join("site")).unwrap();
    std::fs::write(dir.path().join("site/notes.txt"), "mine").unwrap();
    socgauge()
        .args(["publish", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did not publish"));
    assert!(dir.path().join("site/notes.txt").is_file());
    // Nor one with another tool's latest.json.
    std::fs::write(
        dir.path().join("site/latest.json"),
        "{\"version\": \"1.2\"}",
    )
    .unwrap();
    socgauge()
        .args(["publish", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did not publish"));
    assert!(dir.path().join("site/notes.txt").is_file());
    let inside = write(
        dir.path(),
        "inside.toml",
        "database = \"site/soc.db\"\noutput = \"site\"\n",
    );
    socgauge()
        .args(["publish", "--config"])
        .arg(&inside)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds the database"));
}

#[test]
fn a_second_publish_of_the_same_site_waits_then_gives_up() {
    use rustix::fs::{flock, FlockOperation};
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\n",
    );
    // Another publisher holds the site's lock.
    let lock = std::fs::File::create(dir.path().join(".site.lock")).unwrap();
    flock(&lock, FlockOperation::NonBlockingLockExclusive).unwrap();
    let out = publish(&config, &["--wait", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("site in use by another process"),
        "{stderr}"
    );
    assert!(stderr.contains("waiting up to 1 s"), "{stderr}");
    assert!(!dir.path().join("site").exists());
}

#[test]
fn readers_run_beside_a_publish() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("socgauge"))
        .arg("publish")
        .arg("--config")
        .arg(&config)
        .args(["--month", "2026-09", "--backfill", "2", "--as-of", AS_OF])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // While it measures and renders (a page written, the index not yet), the database is only
    // read: a reader runs at once.
    let started = std::time::Instant::now();
    loop {
        let midway = std::fs::read_dir(dir.path()).unwrap().any(|e| {
            let path = e.unwrap().path();
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".site.tmp-")
                && path.join("acme/2026-07.html").is_file()
                && !path.join("index.html").exists()
        });
        if midway {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the run ended first");
        assert!(
            started.elapsed().as_secs() < 120,
            "no build folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    socgauge()
        .args(["tenants", "--format", "json", "--db"])
        .arg(dir.path().join("soc.db"))
        .assert()
        .success()
        .stdout(predicate::str::contains("globex"));
    let out = child.wait_with_output().unwrap();
    let stdout = ok(&out);
    assert!(stdout.contains("6 rendered"), "{stdout}");
    // The fingerprints were saved after the reader: a rerun copies every page.
    let again = ok(&publish(
        &config,
        &["--month", "2026-09", "--backfill", "2"],
    ));
    assert!(again.contains("0 rendered, 6 unchanged"), "{again}");
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn unsafe_outputs_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write(
        &exports,
        "incidents.csv",
        "tenant,incident_id,created_at,closed_at\nacme,INC-1,2026-09-01T10:00:00Z,2026-09-01T12:00:00Z\n",
    );
    let conf = dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    write(
        &conf,
        "targets.toml",
        "[[target]]\nseverity = \"high\"\nacknowledge_minutes = 30\n",
    );
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::os::unix::fs::symlink("real", dir.path().join("www")).unwrap();
    let input = "[[input]]\npath = \"exports\"\n";
    for (output, extra, what) in [
        // A link would be replaced by a folder, the folder it points to left old.
        ("www", "", "symbolic link"),
        // A first run inside an input folder: refused like the next run would be.
        ("exports/site", "", "is inside an input"),
        (
            "conf",
            "targets = \"conf/targets.toml\"\n",
            "holds the targets file",
        ),
    ] {
        let config = write(
            dir.path(),
            "socgauge.toml",
            &format!("database = \"soc.db\"\noutput = \"{output}\"\n{extra}{input}"),
        );
        let out = publish(&config, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{output}: {stderr}");
        assert!(stderr.contains(what), "{output}: {stderr}");
        assert_eq!(
            names_in(dir.path()),
            ["conf", "exports", "real", "socgauge.toml", "www"],
            "{output}"
        );
        assert_eq!(names_in(&exports), ["incidents.csv"]);
        assert_eq!(names_in(&conf), ["targets.toml"]);
        assert!(names_in(&dir.path().join("real")).is_empty());
        assert!(std::fs::symlink_metadata(dir.path().join("www"))
            .unwrap()
            .file_type()
            .is_symlink());
    }
}

#[test]
fn files_the_configuration_names_must_exist_and_unknown_tenants_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write(
        &exports,
        "incidents.csv",
        "tenant,incident_id,created_at,closed_at\nacme,INC-1,2026-09-01T10:00:00Z,2026-09-01T12:00:00Z\n",
    );
    let head = "database = \"soc.db\"\noutput = \"site\"\n";
    let input = "[[input]]\npath = \"exports\"\n";
    for (rest, what) in [
        (
            format!("{input}mapping = \"\"\n"),
            "[[input]] #1 mapping` is empty",
        ),
        (
            format!("{input}mapping = \"m.toml\"\n"),
            "[[input]] #1 mapping: `",
        ),
        (
            "[[input]]\npath = \"nope\"\n".to_string(),
            "[[input]] #1 path: `",
        ),
        (
            format!("{input}[[tenant]]\nid = \"acme\"\nanswers = \"a.toml\"\n"),
            "[[tenant]] `acme` answers: `",
        ),
        (
            format!("{input}[[tenant]]\nid = \"acme\"\nrubric = \"\"\n"),
            "[[tenant]] `acme` rubric` is empty",
        ),
        (format!("rubric = \"r.toml\"\n{input}"), "rubric: `"),
        (format!("targets = \"t.toml\"\n{input}"), "targets: `"),
        (String::new(), "database: `"),
    ] {
        let config = write(dir.path(), "socgauge.toml", &format!("{head}{rest}"));
        let out = publish(&config, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{rest}: {stderr}");
        assert!(stderr.contains(what), "{rest}: {stderr}");
        // Nothing written (the lock of the site aside: the database is looked for under it).
        let mut names = names_in(dir.path());
        names.retain(|n| n != ".site.lock");
        assert_eq!(names, ["exports", "socgauge.toml"], "{rest}");
    }
    // A listed tenant the data has never seen: published (no data), and said.
    let config = write(
        dir.path(),
        "socgauge.toml",
        &format!("{head}{input}[[tenant]]\nid = \"acme\"\n[[tenant]]\nid = \"acmee\"\n"),
    );
    let out = publish(&config, &["--month", "2026-09"]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("[[tenant]] `acmee` has no incident"),
        "{stderr}"
    );
    assert!(!stderr.contains("`acme` has no"), "{stderr}");
    let doc = latest(&dir.path().join("site"));
    assert_eq!(doc["tenants"][1]["id"], "acmee");
    assert_eq!(doc["tenants"][1]["report"], serde_json::Value::Null);
    // No data, no verdict: every layer unassessed (docs/maturity.md), as `assess` says.
    assert_eq!(doc["tenants"][1]["stage"], serde_json::Value::Null);
    assert_eq!(
        doc["tenants"][1]["unassessed_layers"],
        serde_json::json!([
            "identity",
            "signals",
            "detection",
            "data",
            "automation",
            "metrics"
        ])
    );
    assert!(doc["tenants"][0]["unassessed_layers"].is_array());
}

/// A tenant keeps the folder (and the links) it was published in: one appearing later whose
/// slug collides gets a suffixed folder, even when its id sorts first.
#[test]
fn a_later_tenant_never_takes_over_a_published_folder() {
    let dir = tempfile::tempdir().unwrap();
    sample(dir.path(), "x y", "automated", "first", "");
    write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n\
         [[input]]\npath = \"exports/first/q3\"\n",
    );
    let config = dir.path().join("socgauge.toml");
    ok(&publish(&config, &["--month", "2026-09"]));
    let site = dir.path().join("site");
    assert!(site.join("x-y/2026-09.html").is_file());
    // `X Y` sorts before `x y` and has the same slug.
    sample(dir.path(), "X Y", "reactive", "second", "");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[[input]]\npath = \"exports/second/q3\"\n");
    std::fs::write(&config, text).unwrap();
    ok(&publish(&config, &["--month", "2026-09"]));
    let doc = latest(&site);
    let slug_of = |id: &str| {
        doc["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["slug"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(slug_of("x y"), "x-y");
    let later = slug_of("X Y");
    assert!(
        later.starts_with("x-y-") && later.len() == "x-y-".len() + 8,
        "{later}"
    );
    let page = std::fs::read_to_string(site.join("x-y/2026-09.html")).unwrap();
    assert!(!page.contains("X Y"), "x-y/ now serves another tenant");
}

/// A tenant taken out of the [[tenant]] list leaves the site with its pages, and the run says so:
/// a publisher narrowing the list must hear that links handed out for that client are gone.
#[test]
fn a_tenant_taken_out_of_the_list_leaves_the_site_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let head = std::fs::read_to_string(&config).unwrap();
    let out = publish(&config, &["--month", "2026-09"]);
    ok(&out);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("left the site"));
    let site = dir.path().join("site");
    assert!(site.join("acme/2026-09.html").is_file());
    assert!(site.join("globex/2026-09.html").is_file());
    // Known from the site's own record too: a database built anew remembers no page.
    std::fs::remove_file(dir.path().join("soc.db")).unwrap();
    write(
        dir.path(),
        "socgauge.toml",
        &format!("{head}[[tenant]]\nid = \"globex\"\n"),
    );
    let out = publish(&config, &["--month", "2026-09"]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: tenant `acme`, published in this site before")
            && stderr.contains("its pages left the site"),
        "{stderr}"
    );
    assert!(!stderr.contains("`globex`, published"), "{stderr}");
    assert!(!site.join("acme").exists());
    assert!(site.join("globex/2026-09.html").is_file());
    // Said once: the next run no longer remembers the client.
    let out = publish(&config, &["--month", "2026-09"]);
    ok(&out);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("left the site"));
    // A site inside this one would go at its next publish: refused before anything is written.
    let nested = write(
        dir.path(),
        "nested.toml",
        &head.replace("output = \"site\"", "output = \"site/sub\""),
    );
    let out = publish(&nested, &["--month", "2026-09"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is inside the published site"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.join("sub").exists());
}

/// A month's alerts can count for an incident created after the month ends (their verdict comes
/// from it): a change to that incident renders the month again.
#[test]
fn a_later_incident_that_a_months_alerts_link_to_is_in_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    write(
        &exports,
        "incidents.csv",
        "tenant,incident_id,created_at,status,classification,closed_at\n\
         t,S0,2026-09-01T10:00:00Z,closed,true_positive,2026-09-01T12:00:00Z\n\
         t,O1,2026-10-01T00:30:00Z,closed,true_positive,2026-10-01T02:00:00Z\n",
    );
    write(
        &exports,
        "alerts.csv",
        "tenant,alert_id,incident_id,created_at\n\
         t,SA0,S0,2026-09-01T09:00:00Z\n\
         t,LA1,O1,2026-09-30T23:10:00Z\n\
         t,LA2,O1,2026-09-30T23:20:00Z\n",
    );
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n\
         [[input]]\npath = \"exports\"\n",
    );
    let first = ok(&publish(
        &config,
        &["--month", "2026-10", "--backfill", "1"],
    ));
    assert!(first.contains("2 rendered"), "{first}");
    // O1, created in October, becomes a false positive: September's two linked alerts too.
    write(
        &exports,
        "incidents.csv",
        "tenant,incident_id,created_at,status,classification,closed_at\n\
         t,S0,2026-09-01T10:00:00Z,closed,true_positive,2026-09-01T12:00:00Z\n\
         t,O1,2026-10-01T00:30:00Z,closed,false_positive,2026-10-01T02:00:00Z\n",
    );
    let second = ok(&publish(
        &config,
        &["--month", "2026-10", "--backfill", "1"],
    ));
    assert!(second.contains("2 rendered, 0 unchanged"), "{second}");
    let history = std::fs::read_to_string(dir.path().join("site/history.csv")).unwrap();
    let september_noise = history
        .lines()
        .find(|l| l.contains(",2026-09,") && l.contains(",noise_ratio,"))
        .unwrap_or_default()
        .to_string();
    assert!(september_noise.contains(",0.666"), "{september_noise}");
}

/// The README's publishing configuration, copied as a user copies it, publishes: with the
/// exports, answers and targets files it names in place, the run ends with a site (exit 0, or
/// 3 when a `fail_on` condition holds, which is what it is for).
#[test]
fn the_readme_configuration_publishes() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Publishing on a schedule").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let config_text = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    socgauge()
        .args([
            "sample",
            "--months",
            "2",
            "--alerts-per-day",
            "6",
            "--tenant",
            "acme",
        ])
        .arg("--out")
        .arg(dir.path().join("exports/acme"))
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("answers")).unwrap();
    socgauge()
        .args(["answers", "init", "-o"])
        .arg(dir.path().join("answers/acme.toml"))
        .assert()
        .success();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/targets.toml"),
        dir.path().join("targets.toml"),
    )
    .unwrap();
    let config = write(dir.path(), "socgauge.toml", config_text);
    let out = publish(&config, &[]);
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("site/index.html").is_file());
    assert_eq!(
        latest(&dir.path().join("site"))["tenants"][0]["name"],
        "ACME Corporation"
    );
}

/// A tenant without data in the published month, in a site that does not hold the month
/// before: latest.json gives the stage it had then (assessed now), the index's portfolio shows it
/// without a verdict and without a link to a page that does not exist; counts are whole numbers.
#[test]
fn a_tenant_without_data_keeps_its_previous_stage_and_its_portfolio_row() {
    let dir = tempfile::tempdir().unwrap();
    sample(dir.path(), "acme", "automated", "acme", "");
    sample(dir.path(), "globex", "reactive", "globex", "");
    let config = write(
        dir.path(),
        "socgauge.toml",
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n\
         [[input]]\npath = \"exports/acme/q3\"\n[[input]]\npath = \"exports/acme/oct\"\n\
         [[input]]\npath = \"exports/globex/q3\"\n",
    );
    ok(&publish(&config, &["--month", "2026-10"]));
    let site = dir.path().join("site");
    let doc = latest(&site);
    let (acme, globex) = (&doc["tenants"][0], &doc["tenants"][1]);
    assert_eq!(globex["id"], "globex");
    assert_eq!(globex["stage"], serde_json::Value::Null);
    assert_eq!(globex["report"], serde_json::Value::Null);
    assert!(globex["previous_stage"].is_u64(), "{globex}");
    assert!(!site.join("globex/2026-09.html").exists());
    // September as `assess` gives it.
    let assessed = socgauge()
        .args([
            "assess", "--tenant", "globex", "--month", "2026-09", "--format", "json",
        ])
        .arg("--db")
        .arg(dir.path().join("soc.db"))
        .output()
        .unwrap();
    let assessed: serde_json::Value = serde_json::from_slice(&assessed.stdout).unwrap();
    assert_eq!(globex["previous_stage"], assessed["overall"]["stage"]);
    // Counts print as counts.
    for key in ["incidents", "alerts", "backlog"] {
        assert!(acme["metrics"][key]["value"].is_u64(), "{key}: {acme}");
        assert!(acme["metrics"][key]["previous"].is_u64(), "{key}: {acme}");
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("no incidents or alerts in the period"),
        "{index}"
    );
    // Its layers are not assessed for want of data, not for what its exports lack.
    assert!(
        index.contains("not assessed: no incidents or alerts in the period"),
        "{index}"
    );
    assert!(!index.contains("globex&#x2f;2026-10.html"), "{index}");
    assert!(index.contains("acme&#x2f;2026-10.html"), "{index}");
}

/// A run that fails or is killed after the site's fingerprints were disowned (at the swap, or at
/// the save after it) leaves the database vouching for no page. The next run still knows every
/// month the site holds: it renders them again, and drops none of them.
#[test]
fn a_run_failed_after_disowning_its_pages_drops_no_month_from_the_next_site() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    let site = dir.path().join("site");
    ok(&publish(
        &config,
        &["--month", "2026-08", "--backfill", "1"],
    ));
    assert!(files(&site).contains_key("acme/2026-07.html"));
    // The database as such a run leaves it (queries/publish/disown_pages.sql).
    {
        let db = duckdb::Connection::open(dir.path().join("soc.db")).unwrap();
        let blanked = db
            .execute("UPDATE publish_pages SET fingerprint = ''", [])
            .unwrap();
        assert_eq!(blanked, 4, "two tenants, two months");
    }
    let out = ok(&publish(&config, &["--month", "2026-09"]));
    assert!(
        out.contains("6 tenant-months: 6 rendered, 0 unchanged"),
        "{out}"
    );
    let after = files(&site);
    for tenant in ["acme", "globex"] {
        for month in ["2026-07", "2026-08", "2026-09"] {
            assert!(
                after.contains_key(&format!("{tenant}/{month}.html")),
                "{tenant}/{month} left the site"
            );
        }
    }
    // Saved again, the next run copies them.
    let out = ok(&publish(&config, &["--month", "2026-09"]));
    assert!(out.contains("0 rendered, 6 unchanged"), "{out}");
}

/// A database (or any file a configuration reads) inside another published site would be served
/// with that site's pages, then deleted by its next publish: refused before anything is written.
#[test]
fn a_database_inside_another_published_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = two_tenants(dir.path());
    ok(&publish(&config, &["--month", "2026-09"]));
    let site = files(&dir.path().join("site"));
    let other = write(
        dir.path(),
        "other.toml",
        "database = \"site/other.db\"\noutput = \"other-site\"\n\
         [[input]]\npath = \"exports/acme/q3\"\n",
    );
    let out = publish(&other, &["--month", "2026-09"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the database `")
            && stderr.contains("is inside the published site `")
            && stderr.contains("move it out of the site"),
        "{stderr}"
    );
    assert!(!dir.path().join("other-site").exists());
    assert_eq!(files(&dir.path().join("site")), site);
    // Nor is a published site read as an input.
    let reads_a_site = write(
        dir.path(),
        "reads.toml",
        "database = \"other.db\"\noutput = \"other-site\"\n[[input]]\npath = \"site\"\n",
    );
    let out = publish(&reads_a_site, &["--month", "2026-09"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("an input `") && stderr.contains("` is the published site `"),
        "{stderr}"
    );
    assert!(!dir.path().join("other-site").exists() && !dir.path().join("other.db").exists());
}
