//! The facts a load keeps (src/facts.rs): a load into a database whose facts are current updates
//! only the rows it reaches, and these must equal facts built whole: the old incidents a new
//! alert links to, or a new merge redirects, change with it.

use std::path::Path;

use crate::harness::{json_of, query, sample_tenants, scalar, socgauge, timings_of, write};

const INCIDENTS: &str =
    "incident_id,created_at,status,classification,closed_at,closed_by,redirected_to,category\n";
const ALERTS: &str =
    "alert_id,incident_id,created_at,domain,verdict,closed_by,entity_user,category\n";
const AUTOMATION: &str = "run_id,incident_id,alert_id,action,started_at\n";

/// Incidents no later load touches: they keep a load's reach a small part of the database, as a
/// month is of a year of history, so that the facts are updated rather than built whole.
fn untouched_incidents() -> String {
    (1..=9)
        .map(|k| {
            format!(
                "P-{k},2026-10-01T08:00:00Z,closed,false_positive,2026-10-01T09:00:00Z,human,,\n"
            )
        })
        .collect()
}

/// Loads `folder` into `db`; returns whether the stored facts were updated in place (the update
/// runs facts/scope_alerts.sql, which a whole build does not) rather than built whole.
fn load(db: &Path, folder: &Path) -> bool {
    ingest(db, folder).contains("facts/scope_alerts.sql")
}

/// Loads `folder` into `db`; returns the queries the load ran (`SOCGAUGE_TIMINGS`).
fn ingest(db: &Path, folder: &Path) -> String {
    timings_of(
        socgauge()
            .args(["ingest", "--quiet", "--db"])
            .arg(db)
            .arg(folder),
    )
}

/// A folder holding the given exports (an empty text writes no file).
fn export(
    root: &Path,
    name: &str,
    incidents: &str,
    alerts: &str,
    automation: &str,
) -> std::path::PathBuf {
    let dir = root.join(name);
    std::fs::create_dir(&dir).unwrap();
    for (file, header, rows) in [
        ("incidents.csv", INCIDENTS, incidents),
        ("alerts.csv", ALERTS, alerts),
        ("automation.csv", AUTOMATION, automation),
    ] {
        if !rows.is_empty() {
            write(&dir, file, &format!("{header}{rows}"));
        }
    }
    dir
}

fn october(db: &Path) -> serde_json::Value {
    json_of(
        socgauge()
            .args(["metrics", "--month", "2026-10", "--format", "json", "--db"])
            .arg(db),
    )
}

/// The facts of every incident and alert, in key order.
fn facts(db: &Path) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let incidents = query(
        db,
        "SELECT incident_id, CAST(merged AS VARCHAR), coalesce(final_id, 'NULL'), \
                CAST(n_alerts AS VARCHAR), CAST(domain_bits AS VARCHAR), \
                CAST(identity_context AS VARCHAR), CAST(enriched AS VARCHAR), \
                coalesce(eff_category, 'NULL'), coalesce(final_classification, 'NULL') \
         FROM incident_facts WHERE incident_id NOT LIKE 'P-%' ORDER BY incident_id",
    );
    let alerts = query(
        db,
        "SELECT alert_id, coalesce(linked_incident_id, 'NULL'), coalesce(eff_verdict, 'NULL'), \
                coalesce(eff_closed_by, 'NULL'), CAST(closed AS VARCHAR) \
         FROM alert_facts ORDER BY alert_id",
    );
    (incidents, alerts)
}

/// The daily and monthly counts of the alerts (facts/alert_days.sql, alert_day_attack.sql,
/// alert_months.sql), in key order.
fn days(db: &Path) -> Vec<Vec<String>> {
    let mut rows = query(
        db,
        "SELECT tenant, CAST(day_us AS VARCHAR), coalesce(rule_key, 'NULL'), \
                coalesce(eff_verdict, 'NULL'), coalesce(eff_closed_by, 'NULL'), \
                CAST(closed AS VARCHAR), CAST(linked AS VARCHAR), coalesce(domain, 'NULL'), \
                coalesce(category, 'NULL'), CAST(n AS VARCHAR), CAST(latest AS VARCHAR) \
         FROM alert_days ORDER BY ALL",
    );
    rows.extend(query(
        db,
        "SELECT tenant, CAST(day_us AS VARCHAR), kind, coalesce(name, 'NULL'), CAST(n AS VARCHAR) \
         FROM alert_day_attack ORDER BY ALL",
    ));
    rows.extend(query(
        db,
        "SELECT tenant, 'month ' || month_us, coalesce(rule_key, 'NULL'), \
                coalesce(eff_verdict, 'NULL'), coalesce(eff_closed_by, 'NULL'), \
                CAST(closed AS VARCHAR), CAST(linked AS VARCHAR), coalesce(domain, 'NULL'), \
                coalesce(category, 'NULL'), CAST(n AS VARCHAR), CAST(latest AS VARCHAR) \
         FROM alert_months ORDER BY ALL",
    ));
    rows
}

fn row(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// A first export: I-1, a closed true positive with one alert, A-1, among the untouched incidents.
fn one_closed_incident(root: &Path) -> std::path::PathBuf {
    export(
        root,
        "first",
        &format!(
            "I-1,2026-10-02T08:00:00Z,closed,true_positive,2026-10-02T12:00:00Z,human,,\n{}",
            untouched_incidents()
        ),
        "A-1,I-1,2026-10-02T07:00:00Z,endpoint,,,,\n",
        "",
    )
}

/// The same exports loaded at once into a new database: the facts built whole.
fn at_once(root: &Path, folders: &[&Path]) -> std::path::PathBuf {
    let db = root.join("at-once.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .args(folders)
        .assert()
        .success();
    db
}

#[test]
fn an_alert_loaded_later_updates_the_facts_of_its_old_incident() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let first = one_closed_incident(dir.path());
    let second = export(
        dir.path(),
        "second",
        "",
        "A-2,I-1,2026-10-03T07:00:00Z,identity,,,,phishing\n",
        "U-1,,A-2,enrich,2026-10-03T07:05:00Z\n",
    );
    assert!(!load(&db, &first), "a first load builds the facts whole");
    assert!(load(&db, &second), "a small later load updates them");
    let (incidents, alerts) = facts(&db);
    // I-1 now has both alerts: endpoint (2) and identity (1), the identity context, the alert's
    // category, and the enrichment run on its new alert.
    assert_eq!(
        incidents,
        vec![row(&[
            "I-1",
            "false",
            "I-1",
            "2",
            "3",
            "true",
            "true",
            "phishing",
            "true_positive"
        ])]
    );
    // A-2 takes its incident's verdict, closer and close.
    assert_eq!(
        alerts,
        vec![
            row(&["A-1", "I-1", "true_positive", "human", "true"]),
            row(&["A-2", "I-1", "true_positive", "human", "true"]),
        ]
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM alert_facts"),
        scalar(&db, "SELECT count(*) FROM alerts")
    );
    let whole = at_once(dir.path(), &[&first, &second]);
    assert_eq!(facts(&db), facts(&whole));
    assert_eq!(days(&db), days(&whole));
    assert_eq!(october(&db), october(&whole));
}

/// The database of [`one_closed_incident`] into which a second load (updating the facts in
/// place) brings alert A-1 again with creation time `created_at`, and a database of both loads
/// at once; their counts per day are checked to be the same.
fn alert_reloaded_at(root: &Path, created_at: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = root.join("soc.db");
    let first = one_closed_incident(root);
    let second = export(
        root,
        "second",
        "",
        &format!("A-1,I-1,{created_at},endpoint,,,,\n"),
        "",
    );
    assert!(!load(&db, &first));
    assert!(
        load(&db, &second),
        "a small later load updates the facts in place"
    );
    let whole = at_once(root, &[&first, &second]);
    assert_eq!(days(&db), days(&whole));
    (db, whole)
}

/// An alert reloaded into another month leaves the monthly sums of its old month
/// (facts/alert_months.sql): an in-place update sums again the months of the days it counted
/// again, and gives the sums of a load of everything at once.
#[test]
fn an_alert_reloaded_in_another_month_moves_its_monthly_count() {
    let dir = tempfile::tempdir().unwrap();
    let (db, whole) = alert_reloaded_at(dir.path(), "2026-11-03T07:00:00Z");
    // 2026-11-01 is 1,793,491,200 s after 1970; October, where A-1 was first, has no sum left.
    assert_eq!(
        query(
            &db,
            "SELECT CAST(month_us // 1000000 AS VARCHAR), CAST(n AS VARCHAR) FROM alert_months"
        ),
        vec![row(&["1793491200", "1"])]
    );
    let november = |db: &Path| {
        json_of(
            socgauge()
                .args(["metrics", "--month", "2026-11", "--format", "json", "--db"])
                .arg(db),
        )
    };
    assert_eq!(november(&db)["metrics"]["alerts"]["value"], 1);
    assert_eq!(november(&db), november(&whole));
    assert_eq!(october(&db), october(&whole));
}

#[test]
fn a_merge_loaded_later_moves_the_old_alerts_along_the_whole_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let first = export(
        dir.path(),
        "first",
        &format!(
            "I-1,2026-10-02T08:00:00Z,closed,false_positive,2026-10-02T09:00:00Z,automation,,\n\
             I-2,2026-10-02T10:00:00Z,active,,,,,\n{}",
            untouched_incidents()
        ),
        "A-1,I-1,2026-10-02T07:00:00Z,cloud,,,alice,\n\
         A-2,I-2,2026-10-02T09:30:00Z,email,,,,\n",
        "U-1,I-1,,triage,2026-10-02T08:10:00Z\n",
    );
    // I-1 merged into I-2: its alert and its triage now count for I-2.
    let second = export(
        dir.path(),
        "second",
        "I-1,2026-10-02T08:00:00Z,redirected,false_positive,2026-10-02T09:00:00Z,automation,I-2,\n",
        "",
        "",
    );
    // I-2 merged into I-3, a new incident: A-1 follows I-1 → I-2 → I-3, though neither A-1 nor
    // I-1 is in this load.
    let third = export(
        dir.path(),
        "third",
        "I-2,2026-10-02T10:00:00Z,redirected,,,,I-3,\n\
         I-3,2026-10-02T11:00:00Z,closed,true_positive,2026-10-02T15:00:00Z,human,,\n",
        "",
        "",
    );
    assert!(!load(&db, &first));
    assert!(load(&db, &second));
    let (incidents, alerts) = facts(&db);
    assert_eq!(
        incidents,
        vec![
            row(&["I-1", "true", "I-2", "0", "0", "false", "false", "NULL", "NULL"]),
            // cloud (4) and email (8); alice is a person; I-1's triage.
            row(&["I-2", "false", "I-2", "2", "12", "true", "true", "NULL", "NULL"]),
        ]
    );
    assert_eq!(
        alerts,
        vec![
            row(&["A-1", "I-2", "NULL", "NULL", "false"]),
            row(&["A-2", "I-2", "NULL", "NULL", "false"]),
        ]
    );
    assert!(load(&db, &third));
    let (incidents, alerts) = facts(&db);
    assert_eq!(
        incidents,
        vec![
            row(&[
                "I-1",
                "true",
                "I-3",
                "0",
                "0",
                "false",
                "false",
                "NULL",
                "true_positive"
            ]),
            row(&[
                "I-2",
                "true",
                "I-3",
                "0",
                "0",
                "false",
                "false",
                "NULL",
                "true_positive"
            ]),
            row(&[
                "I-3",
                "false",
                "I-3",
                "2",
                "12",
                "true",
                "true",
                "NULL",
                "true_positive"
            ]),
        ]
    );
    assert_eq!(
        alerts,
        vec![
            row(&["A-1", "I-3", "true_positive", "human", "true"]),
            row(&["A-2", "I-3", "true_positive", "human", "true"]),
        ]
    );
    let whole = at_once(dir.path(), &[&first, &second, &third]);
    assert_eq!(facts(&db), facts(&whole));
    assert_eq!(days(&db), days(&whole));
    assert_eq!(october(&db), october(&whole));
}

#[test]
fn an_alert_moved_to_another_incident_leaves_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let first = export(
        dir.path(),
        "first",
        &format!(
            "I-1,2026-10-02T08:00:00Z,active,,,,,\n\
             I-2,2026-10-02T10:00:00Z,active,,,,,\n{}",
            untouched_incidents()
        ),
        "A-1,I-1,2026-10-02T07:00:00Z,network,,,,lateral\n",
        "U-1,,A-1,enrich,2026-10-02T07:10:00Z\n",
    );
    // A newer export of A-1 names I-2: I-1 loses its alert, its category and its enrichment.
    let second = export(
        dir.path(),
        "second",
        "",
        "A-1,I-2,2026-10-02T07:00:00Z,network,,,,lateral\n",
        "",
    );
    assert!(!load(&db, &first));
    assert!(load(&db, &second));
    let (incidents, alerts) = facts(&db);
    assert_eq!(
        incidents,
        vec![
            row(&["I-1", "false", "I-1", "0", "0", "false", "false", "NULL", "NULL"]),
            row(&["I-2", "false", "I-2", "1", "16", "false", "true", "lateral", "NULL"]),
        ]
    );
    assert_eq!(alerts, vec![row(&["A-1", "I-2", "NULL", "NULL", "false"])]);
    let whole = at_once(dir.path(), &[&first, &second]);
    assert_eq!(facts(&db), facts(&whole));
    assert_eq!(days(&db), days(&whole));
}

#[test]
fn an_alert_a_newer_export_no_longer_lists_leaves_its_incident_in_a_later_load() {
    // Sentinel lists an incident's alerts on the incident (`AlertIds`). The older export lists
    // A-1 under I-1; the newer one, loaded later, lists only A-2: A-1 is no longer I-1's, as when
    // both are loaded at once.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let sentinel = |name: &str, incidents: &str, modified: &str, alert: &str| {
        let folder = export(
            dir.path(),
            name,
            incidents,
            &format!("{alert},,2026-10-02T07:00:00Z,network,,,,\n"),
            "",
        );
        write(
            &folder,
            "SecurityIncident.csv",
            &format!(
                "\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"IncidentNumber\",\"AlertIds\"\n\
                 \"{modified}\",\"I-1\",\"t\",\"High\",\"Active\",\"2026-10-02T08:00:00Z\",\"1\",\"[\"\"{alert}\"\"]\"\n"
            ),
        );
        folder
    };
    let older = sentinel(
        "older",
        &untouched_incidents(),
        "2026-10-02T09:00:00Z",
        "A-1",
    );
    let newer = sentinel("newer", "", "2026-10-03T09:00:00Z", "A-2");
    assert!(!load(&db, &older));
    assert_eq!(
        query(
            &db,
            "SELECT alert_id, coalesce(incident_id, 'NULL') FROM alerts ORDER BY 1"
        ),
        vec![row(&["A-1", "I-1"])]
    );
    assert!(load(&db, &newer));
    assert_eq!(
        query(
            &db,
            "SELECT alert_id, coalesce(incident_id, 'NULL') FROM alerts ORDER BY 1"
        ),
        vec![row(&["A-1", "NULL"]), row(&["A-2", "I-1"])]
    );
    assert_eq!(
        query(&db, "SELECT incident_id, alert_id FROM links ORDER BY 2"),
        vec![row(&["I-1", "A-2"])]
    );
    let whole = at_once(dir.path(), &[&older, &newer]);
    assert_eq!(
        query(
            &whole,
            "SELECT alert_id, coalesce(incident_id, 'NULL') FROM alerts ORDER BY 1"
        ),
        vec![row(&["A-1", "NULL"]), row(&["A-2", "I-1"])]
    );
    assert_eq!(facts(&db), facts(&whole));
    assert_eq!(days(&db), days(&whole));
    assert_eq!(october(&db), october(&whole));
    // A newer export that lists no incident's alerts at all (no `AlertIds`) says nothing of
    // them: the link stays, in one load as in two.
    let projected = dir.path().join("projected");
    std::fs::create_dir(&projected).unwrap();
    write(
        &projected,
        "SecurityIncident.csv",
        "\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"IncidentNumber\"\n\
         \"2026-10-04T09:00:00Z\",\"I-1\",\"t\",\"High\",\"Closed\",\"2026-10-02T08:00:00Z\",\"1\"\n",
    );
    let linked = "SELECT alert_id, coalesce(incident_id, 'NULL') FROM alerts ORDER BY 1";
    let apart = dir.path().join("apart.db");
    load(&apart, &older);
    load(&apart, &projected);
    assert_eq!(query(&apart, linked), vec![row(&["A-1", "I-1"])]);
    let together = dir.path().join("together.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&together)
        .arg(&older)
        .arg(&projected)
        .assert()
        .success();
    assert_eq!(query(&together, linked), vec![row(&["A-1", "I-1"])]);
}

#[test]
fn a_reload_of_the_same_files_changes_neither_rows_nor_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let folder = crate::harness::fixture("metrics");
    let ingest = || {
        let out = socgauge()
            .args(["ingest", "--input-timezone", "Europe/Paris", "--db"])
            .arg(&db)
            .arg(&folder)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let counts = "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM alerts), \
                  (SELECT count(*) FROM automation), (SELECT count(*) FROM incident_facts), \
                  (SELECT count(*) FROM alert_facts), (SELECT count(*) FROM rejects)";
    let summary = ingest();
    let rows = query(&db, counts);
    let metrics = october(&db);
    // Every id repeats: the rows read, loaded and rejected are those of the first load.
    assert_eq!(ingest().replace(".db", ""), summary.replace(".db", ""));
    assert_eq!(query(&db, counts), rows);
    assert_eq!(october(&db), metrics);
}

#[test]
fn a_load_into_facts_of_another_version_builds_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let first = one_closed_incident(dir.path());
    let second = export(
        dir.path(),
        "second",
        "",
        "A-2,I-1,2026-10-03T07:00:00Z,identity,,,,\n",
        "",
    );
    assert!(!load(&db, &first));
    // Facts written by another socgauge (another stamp), and wrong.
    query(
        &db,
        "UPDATE incident_facts SET n_alerts = 7; \
         COMMENT ON TABLE alert_facts IS 'socgauge facts 0'",
    );
    assert!(
        !load(&db, &second),
        "facts of another version are built whole"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT n_alerts FROM incident_facts WHERE incident_id = 'I-1'"
        ),
        "2"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM incident_facts WHERE n_alerts = 7"
        ),
        "0"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'alert_facts'"
        ),
        format!("socgauge facts {}", socgauge::facts::VERSION)
    );
}

/// The fields each file fills and the days with data are kept by every load, whole: a row a
/// later file replaces takes its values out of its old file, and an incident merged later takes
/// its day out of the history's months with data.
#[test]
fn the_fields_of_each_file_and_the_days_with_data_follow_replaced_and_merged_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let first = export(
        dir.path(),
        "a",
        &format!(
            "{}I-1,2026-10-02T10:00:00Z,new,,,,,\nI-2,2026-10-03T10:00:00Z,new,,,,,\n",
            untouched_incidents()
        ),
        "A-1,I-1,2026-10-02T10:05:00Z,,true_positive,,,Phishing\n\
         A-2,I-2,2026-10-05T12:00:00Z,,,,,\n",
        "",
    );
    let second = export(
        dir.path(),
        "b",
        "I-2,2026-10-03T10:00:00Z,redirected,,,,I-1,\n",
        "A-1,I-1,2026-10-02T10:05:00Z,,,,,\n",
        "",
    );
    assert!(!load(&db, &first));
    assert!(
        load(&db, &second),
        "the second load updates the facts in place"
    );
    let fields = "SELECT regexp_extract(source_file, '([ab])[/\\\\]alerts.csv$', 1), \
                  CAST(verdict AS VARCHAR), CAST(category AS VARCHAR), CAST(links AS VARCHAR) \
                  FROM alert_fields ORDER BY source_file";
    assert_eq!(
        query(&db, fields),
        vec![
            row(&["a", "false", "false", "true"]),
            row(&["b", "false", "false", "true"]),
        ],
        "A-1's verdict and category left file a with it"
    );
    let days = "SELECT CAST(make_date(1970, 1, 1) + CAST(day AS INTEGER) AS VARCHAR), \
                strftime(CAST(first_at AS TIMESTAMP), '%H:%M'), \
                strftime(CAST(last_at AS TIMESTAMP), '%H:%M') \
                FROM created_days ORDER BY day";
    assert_eq!(
        query(&db, days),
        vec![
            row(&["2026-10-01", "08:00", "08:00"]),
            row(&["2026-10-02", "10:00", "10:05"]),
            row(&["2026-10-05", "12:00", "12:00"]),
        ],
        "the merged I-2 leaves 3 October without data"
    );
    let whole = at_once(dir.path(), &[&first, &second]);
    for table in ["incident_fields", "alert_fields", "created_days"] {
        let all = format!("SELECT CAST(COLUMNS(*) AS VARCHAR) FROM {table} ORDER BY ALL");
        assert_eq!(query(&db, &all), query(&whole, &all), "{table}");
    }
}

/// A first load has no stored rows to replace and skips looking for them; a load into a table
/// with rows replaces those of the same ids.
#[test]
fn only_a_load_into_a_table_with_rows_looks_for_rows_to_replace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    let first = export(
        dir.path(),
        "a",
        "I-1,2026-10-02T10:00:00Z,new,,,,,\n",
        "A-1,I-1,2026-10-02T10:05:00Z,,true_positive,,,\n",
        "",
    );
    let timings = ingest(&db, &first);
    assert!(!timings.contains("load/replace_"), "{timings}");
    // Incidents and alerts now hold rows, automation none.
    let second = export(
        dir.path(),
        "b",
        "I-1,2026-10-02T10:00:00Z,closed,,2026-10-02T11:00:00Z,,,\n",
        "A-1,I-1,2026-10-02T10:05:00Z,,false_positive,,,\n",
        "U-1,I-1,A-1,enrich,2026-10-02T10:06:00Z\n",
    );
    let timings = ingest(&db, &second);
    assert!(timings.contains("load/replace_incidents.sql"), "{timings}");
    assert!(timings.contains("load/replace_alerts.sql"), "{timings}");
    assert!(
        !timings.contains("load/replace_automation.sql"),
        "{timings}"
    );
    assert_eq!(
        query(
            &db,
            "SELECT (SELECT status FROM incidents), (SELECT verdict FROM alerts), \
                    CAST((SELECT count(*) FROM automation) AS VARCHAR)"
        ),
        vec![row(&["closed", "false_positive", "1"])]
    );
}

/// A run on files keeps its facts in the files' order (facts.rs: no sort in memory) and reads
/// every alert; a database file keeps them in creation order and reads a period's whole UTC days
/// from its daily aggregates (facts/alert_days.sql), the part days at the ends from the alerts:
/// both measure the same, over months in two zones, periods cut mid-day and mid-microsecond, a
/// period inside one day and a history. The rows are written out of time order, as an export
/// sorted by anything else would be, so that the two orders differ.
#[test]
fn a_run_on_files_measures_what_the_database_they_load_into_measures() {
    let dir = tempfile::tempdir().unwrap();
    // Two tenants, so that a tenant's figures read only its own counts.
    let folders = sample_tenants(
        dir.path(),
        &[("contoso", "5"), ("globex", "6")],
        "2026-11",
        "40",
    );
    for file in ["incidents.csv", "alerts.csv", "automation.csv"] {
        for data in &folders {
            let path = data.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            let rows = lines.split_off(1);
            // Every seventh row, from each of seven starting points: far from creation order.
            let mixed: Vec<&str> = (0..7)
                .flat_map(|start| rows.iter().skip(start).step_by(7).copied())
                .collect();
            assert_eq!(mixed.len(), rows.len());
            lines.extend(mixed);
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        }
    }
    let db = dir.path().join("soc.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .args(&folders)
        .assert()
        .success();
    // The daily and the monthly aggregates each hold every alert of the database.
    for table in ["alert_days", "alert_months"] {
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT sum(n) = (SELECT count(*) FROM alerts) FROM {table}")
            ),
            "true",
            "{table}"
        );
    }
    let periods: [&[&str]; 10] = [
        &["--month", "2026-10"],
        // Whole months (read from the monthly sums) with whole days and part days either side.
        &[
            "--from",
            "2026-08-14T03:00:00Z",
            "--to",
            "2026-10-09T12:00:00Z",
        ],
        &[
            "--from",
            "2026-08-01",
            "--to",
            "2026-11-01",
            "--tenant",
            "contoso",
        ],
        &["--month", "2026-10", "--tenant", "globex"],
        // A zone 45 minutes off the hour: weeks not on UTC hours, read from the alerts.
        &["--month", "2026-10", "--timezone", "Asia/Kathmandu"],
        &["--month", "2026-09", "--timezone", "America/New_York"],
        &[
            "--from",
            "2026-09-03T05:17:00Z",
            "--to",
            "2026-10-20T13:00:00.5Z",
        ],
        &[
            "--from",
            "2026-10-03T00:00:00.000001Z",
            "--to",
            "2026-10-05T00:00:00Z",
        ],
        &[
            "--from",
            "2026-10-03T05:00:00Z",
            "--to",
            "2026-10-03T23:00:00Z",
        ],
        &[
            "--history",
            "4",
            "--month",
            "2026-10",
            "--timezone",
            "+05:30",
        ],
    ];
    for extra in periods {
        let on_files = json_of(
            socgauge()
                .args(["metrics", "--format", "json"])
                .args(extra)
                .args(&folders),
        );
        let on_db = json_of(
            socgauge()
                .args(["metrics", "--format", "json", "--db"])
                .arg(&db)
                .args(extra),
        );
        let measured = match on_files.get("months") {
            Some(months) => &months[0]["metrics"],
            None => &on_files["metrics"],
        };
        assert!(measured["alerts"]["value"].as_i64() > Some(0), "{measured}");
        assert_eq!(on_files, on_db, "{extra:?}");
    }
}

/// After an upgrade, the facts an earlier version stored are built by every run that reads the
/// database; `ingest --refresh-facts` stores them once, measuring the same, and does nothing to a
/// database whose facts are current.
#[test]
fn refreshed_facts_are_stored_once_and_measure_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::harness::metrics_fixture_db(dir.path());
    let stamp =
        "SELECT comment FROM duckdb_tables() WHERE table_name = 'alert_facts' AND NOT temporary";
    let current = scalar(&db, stamp);
    // What an earlier socgauge would have left: facts stamped with another version.
    query(&db, "COMMENT ON TABLE alert_facts IS 'socgauge facts 0'");
    let metrics = |db: &Path| {
        json_of(
            socgauge()
                .args(["metrics", "--format", "json", "--month", "2026-10"])
                .args(["--timezone", "Europe/Paris", "--db"])
                .arg(db),
        )
    };
    let before = metrics(&db);
    socgauge()
        .args(["ingest", "--refresh-facts", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "facts and month results stored for this socgauge version",
        ));
    assert_eq!(scalar(&db, stamp), current);
    assert_eq!(metrics(&db), before);
    let bytes = std::fs::read(&db).unwrap();
    socgauge()
        .args(["ingest", "--refresh-facts", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicates::str::contains("already"));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "a current database is not rewritten"
    );
    // The flag refreshes; it never loads.
    socgauge()
        .args(["ingest", "--refresh-facts"])
        .arg(dir.path().join("data.csv"))
        .args(["--db"])
        .arg(&db)
        .assert()
        .code(2);
}

/// An alert reloaded with another creation day leaves the daily counts of its old day: a load
/// that updates the facts in place counts again the days its alerts had and have, and gives the
/// counts of a load of everything at once.
#[test]
fn an_alert_reloaded_on_another_day_moves_its_daily_count() {
    let dir = tempfile::tempdir().unwrap();
    let (db, whole) = alert_reloaded_at(dir.path(), "2026-10-05T07:00:00Z");
    // 2026-10-05 is day 20,731 since 1970; 2026-10-02, where A-1 was first, has no count left.
    assert_eq!(
        query(
            &db,
            "SELECT CAST(day_us // 86400000000 AS VARCHAR), CAST(n AS VARCHAR) FROM alert_days"
        ),
        vec![row(&["20731", "1"])]
    );
    assert_eq!(october(&db), october(&whole));
}
