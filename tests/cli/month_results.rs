//! The results a load keeps for the latest months of a database (src/metrics/store.rs): a month
//! read from them measures exactly what running its queries measures, and results a later load
//! or another definition made stale are never read.

use std::path::{Path, PathBuf};

use crate::harness::{query, sample_tenants, socgauge, timings_of};

/// A new database holding two tenants' four months of sample data (August to November 2026),
/// every month's results kept however few its alerts.
fn sample_db(dir: &Path) -> PathBuf {
    tenants_db(dir, &[("contoso", "5"), ("globex", "6")])
}

/// A new database holding four months of sample data of each (tenant, seed).
fn tenants_db(dir: &Path, tenants: &[(&str, &str)]) -> PathBuf {
    let db = dir.join("soc.db");
    ingest(&db, &sample_tenants(dir, tenants, "2026-12", "30"));
    db
}

/// How many query results are kept for each tenant scope ('*': all tenants) of `month`
/// (YYYY-MM), or of every month when `month` is None, with the month first.
fn kept_counts(db: &Path, month: Option<&str>) -> Vec<Vec<String>> {
    let month_filter = month.map_or_else(String::new, |m| {
        format!("WHERE strftime(period_from, '%Y-%m') = '{m}'")
    });
    query(
        db,
        &format!(
            "SELECT strftime(period_from, '%Y-%m'), coalesce(tenant, '*'), \
                    CAST(count(*) AS VARCHAR) FROM month_results {month_filter} \
             GROUP BY ALL ORDER BY ALL"
        ),
    )
}

/// Rows of text from string literals.
fn rows(rows: &[[&str; 3]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|v| v.to_string()).collect())
        .collect()
}

fn ingest(db: &Path, folders: &[PathBuf]) {
    socgauge()
        .env("SOCGAUGE_MONTH_RESULTS_MIN_ALERTS", "0")
        .args(["ingest", "--quiet", "--db"])
        .arg(db)
        .args(folders)
        .assert()
        .success();
}

/// `metrics` as JSON, and whether it ran the workload query: the probe of whether the kept
/// results were read (no other path of a month's run, nor of its previous month's, runs it).
fn measure(db: &Path, extra: &[&str]) -> (serde_json::Value, bool) {
    let out = socgauge()
        .env("SOCGAUGE_TIMINGS", "1")
        .args(["metrics", "--format", "json", "--db"])
        .arg(db)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (json, stderr.contains("metrics/workload.sql"))
}

/// The sample database in `dir` and October's JSON, read from its kept results.
fn sample_with_kept_october(dir: &Path) -> (PathBuf, serde_json::Value) {
    let db = sample_db(dir);
    let (kept, ran) = measure(&db, OCTOBER);
    assert!(!ran, "October is read from the kept results");
    (db, kept)
}

/// Asserts that October on `db` runs its queries (`why` it may not read the kept results) and
/// gives `kept`, the JSON read from them.
fn runs_the_queries(db: &Path, kept: &serde_json::Value, why: &str) {
    let (json, ran) = measure(db, OCTOBER);
    assert!(ran, "{why}");
    assert_eq!(&json, kept, "{why}");
}

const OCTOBER: &[&str] = &["--month", "2026-10"];
const NOVEMBER: &[&str] = &["--month", "2026-11"];

#[test]
fn a_kept_month_measures_what_its_queries_measure() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    // The three latest months with alerts: all tenants (also grouped by tenant, for each
    // tenant's block) and each tenant.
    assert_eq!(
        kept_counts(&db, None),
        rows(&[
            ["2026-09", "*", "17"],
            ["2026-09", "contoso", "11"],
            ["2026-09", "globex", "11"],
            ["2026-10", "*", "17"],
            ["2026-10", "contoso", "11"],
            ["2026-10", "globex", "11"],
            ["2026-11", "*", "17"],
            ["2026-11", "contoso", "11"],
            ["2026-11", "globex", "11"],
        ])
    );
    let kept_runs: [&[&str]; 3] = [
        OCTOBER,
        NOVEMBER,
        &["--month", "2026-10", "--tenant", "globex"],
    ];
    let kept: Vec<serde_json::Value> = kept_runs
        .iter()
        .map(|run| {
            let (json, ran) = measure(&db, run);
            assert!(!ran, "{run:?} is read from the kept results");
            assert!(json["metrics"]["incidents"]["value"].as_i64() > Some(0));
            json
        })
        .collect();
    assert!(
        kept[0]["tenants"]["globex"].is_object(),
        "each tenant's block"
    );
    // A month in another zone and a history are not kept: they run the queries.
    for extra in [
        &["--month", "2026-10", "--timezone", "Europe/Paris"][..],
        &["--month", "2026-10", "--history", "3"],
    ] {
        assert!(measure(&db, extra).1, "{extra:?} runs its queries");
    }
    // The same database without them measures the same, byte for byte.
    query(&db, "DELETE FROM month_results");
    for (run, kept) in kept_runs.iter().zip(&kept) {
        let (json, ran) = measure(&db, run);
        assert!(ran);
        assert_eq!(
            serde_json::to_string(&json).unwrap(),
            serde_json::to_string(kept).unwrap(),
            "{run:?}"
        );
    }
}

#[test]
fn stale_or_foreign_results_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let (db, kept) = sample_with_kept_october(dir.path());
    // Kept before the latest load (a load by a socgauge that keeps none leaves them behind).
    query(&db, "UPDATE month_results SET load_id = load_id - 1");
    runs_the_queries(
        &db,
        &kept,
        "results older than the latest load are not read",
    );
    // Computed by another definition of a query.
    query(
        &db,
        "UPDATE month_results SET load_id = load_id + 1, definition = 'another'",
    );
    assert!(measure(&db, OCTOBER).1, "another definition is not read");
    // Laid out by another version.
    query(&db, "ALTER TABLE month_results DROP COLUMN tenant");
    runs_the_queries(&db, &kept, "a table laid out otherwise is not read");
}

#[test]
fn a_later_load_keeps_the_results_of_what_it_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    // An incident and its alert, new in October, and an October incident of the sample closed
    // again later.
    let later = dir.path().join("later");
    std::fs::create_dir(&later).unwrap();
    std::fs::write(
        later.join("incidents.csv"),
        "tenant,incident_id,created_at,severity,status,closed_at,closed_by\n\
         contoso,LATE-1,2026-10-15T10:00:00Z,critical,closed,2026-10-20T10:00:00Z,human\n",
    )
    .unwrap();
    std::fs::write(
        later.join("alerts.csv"),
        "tenant,alert_id,incident_id,created_at,domain,verdict\n\
         contoso,LATE-A1,LATE-1,2026-10-15T09:00:00Z,endpoint,true_positive\n",
    )
    .unwrap();
    let (before, _) = measure(&db, OCTOBER);
    ingest(&db, std::slice::from_ref(&later));
    let (after, ran) = measure(&db, OCTOBER);
    assert!(!ran, "the later load kept October again");
    assert_eq!(
        after["metrics"]["incidents"]["value"].as_i64(),
        before["metrics"]["incidents"]["value"]
            .as_i64()
            .map(|n| n + 1)
    );
    query(&db, "DELETE FROM month_results");
    let (run, ran) = measure(&db, OCTOBER);
    assert!(ran);
    assert_eq!(run, after);
}

/// In a database of one tenant, the tenant's results are those of all tenants: computed once,
/// kept under both, and each read measures what its queries measure.
#[test]
fn one_tenant_keeps_its_results_once_for_both_scopes() {
    let dir = tempfile::tempdir().unwrap();
    let db = tenants_db(dir.path(), &[("contoso", "7")]);
    assert_eq!(
        kept_counts(&db, Some("2026-10")),
        rows(&[["2026-10", "*", "11"], ["2026-10", "contoso", "11"]])
    );
    let runs: [&[&str]; 2] = [OCTOBER, &["--month", "2026-10", "--tenant", "contoso"]];
    let kept: Vec<serde_json::Value> = runs
        .iter()
        .map(|run| {
            let (json, ran) = measure(&db, run);
            assert!(!ran, "{run:?} is read from the kept results");
            json
        })
        .collect();
    query(&db, "DELETE FROM month_results");
    for (run, kept) in runs.iter().zip(&kept) {
        let (json, ran) = measure(&db, run);
        assert!(ran);
        assert_eq!(&json, kept, "{run:?}");
    }
}

/// Rows that cannot be read back (a damaged file) run their queries instead of failing the run;
/// facts built for the session (the stored ones another version's) were not what the rows were
/// computed from, so they are not read either.
#[test]
fn unreadable_results_or_session_facts_run_the_queries() {
    let dir = tempfile::tempdir().unwrap();
    let (db, kept) = sample_with_kept_october(dir.path());
    let backup = dir.path().join("backup.db");
    std::fs::copy(&db, &backup).unwrap();
    query(&db, "UPDATE month_results SET result = '{\"columns\": ['");
    runs_the_queries(&db, &kept, "unreadable rows are not read");
    query(
        &backup,
        "COMMENT ON TABLE alert_facts IS 'socgauge facts 0'",
    );
    runs_the_queries(
        &backup,
        &kept,
        "facts built for the session run the queries",
    );
}

/// A publish loading several inputs keeps the months' results once, after the last: what its
/// pages (and every later run) read.
#[test]
fn a_publish_of_several_inputs_keeps_the_results_once() {
    let dir = tempfile::tempdir().unwrap();
    sample_tenants(
        dir.path(),
        &[("contoso", "5"), ("globex", "6")],
        "2026-12",
        "30",
    );
    let config = dir.path().join("socgauge.toml");
    std::fs::write(
        &config,
        "database = \"soc.db\"\noutput = \"site\"\ntimezone = \"UTC\"\n\
         [[input]]\npath = \"contoso\"\n[[input]]\npath = \"globex\"\n",
    )
    .unwrap();
    let stderr = timings_of(
        socgauge()
            .env("SOCGAUGE_MONTH_RESULTS_MIN_ALERTS", "0")
            .args(["publish", "--config"])
            .arg(&config)
            .args(["--month", "2026-10", "--as-of", "2026-12-03T09:00:00Z"]),
    );
    assert_eq!(
        stderr.matches("metrics/month_results_months.sql").count(),
        1,
        "{stderr}"
    );
    let db = dir.path().join("soc.db");
    assert_eq!(
        kept_counts(&db, Some("2026-10")),
        rows(&[
            ["2026-10", "*", "17"],
            ["2026-10", "contoso", "11"],
            ["2026-10", "globex", "11"],
        ])
    );
    let (_, ran) = measure(&db, OCTOBER);
    assert!(!ran, "October is read from the kept results");
}

/// After an upgrade, kept results another version's definitions computed are not read (October
/// runs its queries); `ingest --refresh-facts` computes them anew though the facts are current,
/// after which October is read from them again, with the same figures, and a second refresh has
/// nothing to do.
#[test]
fn refresh_facts_computes_stale_month_results_anew() {
    let dir = tempfile::tempdir().unwrap();
    let (db, kept) = sample_with_kept_october(dir.path());
    query(
        &db,
        "UPDATE month_results SET definition = 'an earlier version'",
    );
    runs_the_queries(&db, &kept, "rows of another definition are not read");
    let refresh = || {
        let out = socgauge()
            .env("SOCGAUGE_MONTH_RESULTS_MIN_ALERTS", "0")
            .args(["ingest", "--refresh-facts", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    assert!(
        refresh().contains("facts and month results stored for this socgauge version"),
        "stale month results are computed anew"
    );
    let (json, ran) = measure(&db, OCTOBER);
    assert!(!ran, "October is read from the results computed anew");
    assert_eq!(json, kept);
    assert!(refresh().contains("already this socgauge version's"));
}
