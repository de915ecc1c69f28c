//! Vendor exports: every documented shape (public samples from ../shared/realdata and
//! hand-written fixtures in tests/fixtures/sources), recognised automatically and mapped to the
//! canonical rows a person reading the file would expect.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::harness::{fixture, ingest_keeping_rejects, json_of, query, scalar, socgauge, write};

/// The public samples: $SOCGAUGE_REALDATA, else ../shared/realdata beside the repository. A
/// missing folder fails the test (CI always has it), unless SOCGAUGE_SKIP_REALDATA=1 asks to skip
/// these tests on a machine without it, outside CI; the skip is then printed.
fn realdata() -> Option<PathBuf> {
    let dir = std::env::var_os("SOCGAUGE_REALDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata"));
    if dir.is_dir() {
        return Some(dir);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let skip = std::env::var_os("SOCGAUGE_SKIP_REALDATA").is_some_and(|v| v == "1");
    assert!(
        skip && !in_ci,
        "the public samples are missing: {} is not a folder; set SOCGAUGE_REALDATA to where \
         they are, or SOCGAUGE_SKIP_REALDATA=1 to skip these tests (never in CI)",
        dir.display()
    );
    eprintln!(
        "notice: SOCGAUGE_SKIP_REALDATA=1 and {} is absent: public-sample test skipped",
        dir.display()
    );
    None
}

/// Loads `files` into a fresh database; returns the folder (kept alive) and the database path.
fn load(files: &[PathBuf], extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for f in files {
        socgauge()
            .arg("ingest")
            .arg("--quiet")
            .arg("--db")
            .arg(&db)
            .args(extra)
            .arg(f)
            .assert()
            .success();
    }
    (dir, db)
}

/// One row of an incident as text: id, title, severity, status, classification, first
/// activity, created, acknowledged, closed, owner, closed_by, redirected_to.
fn incident(db: &Path, id: &str) -> Vec<String> {
    let rows = query(
        db,
        &format!(
            "SELECT incident_id, title, severity, status, classification,
                    {fa}, {cr}, {ack}, {cl}, owner, closed_by, redirected_to
             FROM incidents WHERE incident_id = '{id}'",
            fa = ts("first_activity_at"),
            cr = ts("created_at"),
            ack = ts("acknowledged_at"),
            cl = ts("closed_at"),
        ),
    );
    assert_eq!(rows.len(), 1, "incident {id}: {rows:?}");
    rows.into_iter().next().unwrap()
}

/// One row of an alert as text: id, incident, rule_id, rule_name, product, domain, severity,
/// first activity, created, status, verdict, closed, closed_by, tactics, techniques, user, host, ip.
fn alert(db: &Path, id: &str) -> Vec<String> {
    let rows = query(
        db,
        &format!(
            "SELECT alert_id, incident_id, rule_id, rule_name, product, domain, severity,
                    {fa}, {cr}, status, verdict, {cl}, closed_by,
                    array_to_string(tactics, ';'), array_to_string(techniques, ';'),
                    entity_user, entity_host, entity_ip
             FROM alerts WHERE alert_id = '{id}'",
            fa = ts("first_activity_at"),
            cr = ts("created_at"),
            cl = ts("closed_at"),
        ),
    );
    assert_eq!(rows.len(), 1, "alert {id}: {rows:?}");
    rows.into_iter().next().unwrap()
}

/// A timestamp column as UTC text with milliseconds.
fn ts(column: &str) -> String {
    format!("strftime(CAST({column} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')")
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// The source each loaded file was read as.
fn sources(db: &Path) -> Vec<Vec<String>> {
    query(
        db,
        "SELECT regexp_extract(file, '[^/]+$'), kind, source, rows_read, rows_loaded, rows_rejected
         FROM loads ORDER BY load_id, file_seq, rowid",
    )
}

#[test]
fn every_public_sample_loads_with_the_values_it_holds() {
    let Some(r) = realdata() else { return };
    let files: Vec<PathBuf> = [
        "sentinel/GetIncidents.json",
        "sentinel/GetAllIncidentAlerts.json",
        "sentinel/test-event.log",
        "defender_xdr/test-alert.log",
        "splunk_es/test_notable_event.json",
        "splunk_es/response_two_events.json",
        "elastic/kibana_es_archive_alerts_8.1.0_data.json.first_doc.json",
        "thehive/cases_list_new.json",
        "thehive/strangebee_docs_audit_examples.json",
        "ocsf/sechub-guardduty.ocsf",
        "ocsf/detection_finding.ocsf",
        "ocsf/prowler.ocsf",
        "ocsf/offense.ocsf",
        "ocsf/Security Hub.ocsf",
        "ocsf/falco.ocsf",
        "ocsf/malware_infection_detected_sample.json",
        "servicenow/test-event-mmdd.log",
    ]
    .iter()
    .map(|f| r.join(f))
    .collect();
    // The ServiceNow sample's one record without a number is a reject in five rows: above the
    // default --max-rejects share, so allowed here.
    let (_dir, db) = load(&files, &["--max-rejects", "1"]);

    let read_as: Vec<(String, String)> = sources(&db)
        .into_iter()
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    for (file, source) in [
        ("GetIncidents.json", "sentinel/incidents-rest"),
        ("GetAllIncidentAlerts.json", "sentinel/alerts-rest"),
        ("test-event.log", "sentinel/alerts"),
        ("test-alert.log", "defender/graph-alerts"),
        ("test_notable_event.json", "splunk/notables"),
        ("response_two_events.json", "splunk/notables"),
        (
            "kibana_es_archive_alerts_8.1.0_data.json.first_doc.json",
            "elastic/alerts",
        ),
        ("cases_list_new.json", "thehive/cases"),
        ("strangebee_docs_audit_examples.json", "thehive/cases"),
        ("prowler.ocsf", "ocsf/findings"),
        ("offense.ocsf", "ocsf/findings"),
        ("test-event-mmdd.log", "servicenow/security-incidents"),
    ] {
        assert!(
            read_as.contains(&(file.to_string(), source.to_string())),
            "{file} not read as {source}: {read_as:?}"
        );
    }

    // Sentinel REST incident: closed false positive, owner's UPN, no closed time in the REST model.
    assert_eq!(
        incident(&db, "73e01a99-5cd7-4139-a149-9f2736ff2ab5"),
        strings(&[
            "73e01a99-5cd7-4139-a149-9f2736ff2ab5",
            "My incident",
            "high",
            "closed",
            "false_positive",
            "2019-01-01T13:00:30.000Z",
            "2019-01-01T13:15:30.000Z",
            "NULL",
            "NULL",
            "john@contoso.com",
            "NULL",
            "NULL"
        ])
    );
    // Sentinel REST alert: seven fractional digits, Azure Security Center → cloud.
    let a = alert(&db, "baa8a239-6fde-4ab7-a093-d09f7b75c58c");
    assert_eq!(
        a[4..9],
        strings(&[
            "Azure Security Center",
            "cloud",
            "low",
            "2020-07-20T18:21:53.615Z",
            "2020-07-20T18:21:53.615Z"
        ])
    );
    // Sentinel SecurityAlert row: TimeGenerated is the creation, StartTime the first activity,
    // `Unknown` tactics dropped, the account entity named.
    let a = alert(&db, "jnfjrdnkr-7cbd-5454-9c61-455cc9818f50");
    assert_eq!(
        a[2],
        "24d005cc-4dd7-437d-82fd-fnddg875rgr-dd8c-41e7-b686-fd5adbbd0aee"
    );
    assert_eq!(
        a[6..10],
        strings(&[
            "high",
            "2024-09-26T05:18:17.912Z",
            "2024-09-26T05:23:30.559Z",
            "new"
        ])
    );
    assert_eq!(a[13], "NULL");
    assert_eq!(a[15], "AWS:44512121212/us-east-1/ec2:i-42f44fdfvdf5d");
    // Defender Graph alert: incident link, endpoint domain, ATT&CK from category and techniques.
    assert_eq!(
        alert(&db, "da637551227677560813_-961444813"),
        strings(&[
            "da637551227677560813_-961444813",
            "28282",
            "e0da400f-affd-43ef-b1d5-afc2eb6f2756",
            "Suspicious execution of hidden file",
            "microsoftDefenderForEndpoint / antivirus",
            "endpoint",
            "low",
            "2021-04-26T07:45:50.116Z",
            "2021-04-27T12:19:27.721Z",
            "new",
            "NULL",
            "NULL",
            "NULL",
            "Defense Evasion",
            "T1564.001",
            "SYSTEM",
            "tempDns",
            "NULL"
        ])
    );
    // Splunk ES notable: `_time` with its offset, orig_time in epoch seconds, disposition:6.
    let id = "5E6DE97D-B137-47AB-8905-8C4F42998937@@notable@@e4f07602f507975e9f7ba47c4ae0c417";
    let i = incident(&db, id);
    assert_eq!(
        i[1..9],
        strings(&[
            "Root user use",
            "informational",
            "new",
            "undetermined",
            "2024-06-04T09:30:10.000Z",
            "2024-06-05T09:15:24.000Z",
            "NULL",
            "NULL"
        ])
    );
    assert_eq!(i[9], "NULL", "owner `unassigned` is no owner");
    let a = alert(&db, id);
    assert_eq!(
        (a[1].as_str(), a[5].as_str(), a[15].as_str()),
        (id, "identity", "root")
    );
    // The raw index=notable events have no event_id: two notables, each with its own derived id,
    // created at `_time` in UTC (-07:00 in the file).
    let raw = query(
        &db,
        &format!(
            "SELECT {} FROM incidents WHERE incident_id LIKE '66D21DF4-%' ORDER BY 1",
            ts("created_at")
        ),
    );
    assert_eq!(
        raw,
        vec![
            strings(&["2020-08-24T19:10:17.000Z"]),
            strings(&["2020-08-24T20:30:17.000Z"])
        ]
    );
    // Their `_raw` quotes the search name in single quotes (search_name='Endpoint - …'): the
    // whole name is the rule and its prefix the domain; urgency (low) is the severity of the
    // alert as of the incident, `severity=unknown` being none.
    let name = "Endpoint - Recurring Malware Infection - Rule";
    assert_eq!(
        query(
            &db,
            "SELECT a.rule_id, a.rule_name, a.domain, a.severity, i.severity FROM alerts a \
             JOIN incidents i USING (tenant, incident_id) WHERE a.alert_id LIKE '66D21DF4-%'"
        ),
        vec![strings(&[name, name, "endpoint", "low", "low"]); 2]
    );
    // Elastic 8.1 archive document: rule.rule_id, original_time, workflow open.
    let a = alert(
        &db,
        "30a75fe46d3dbdfab55982036f77a8d60e2d1112e96f277c3b8c22f9bb57817a",
    );
    assert_eq!(
        a[2..4],
        strings(&["53000028-120c-4e55-a8c0-db092e05aef4", "threat-match-rule"])
    );
    assert_eq!(
        a[6..10],
        strings(&[
            "low",
            "2022-03-19T02:47:57.376Z",
            "2022-03-19T02:48:12.634Z",
            "new"
        ])
    );
    assert_eq!(a[16], "security-linux-1");
    // TheHive: epoch ms, TheHive 4 `Open` with an owner is being worked on; TheHive 5 audit
    // entries give the case's latest state, and the observable entry is not a case.
    let i = incident(&db, "~3878920");
    assert_eq!(
        i[1..8],
        strings(&[
            "new case",
            "low",
            "active",
            "NULL",
            "2023-11-06T13:19:27.799Z",
            "2023-11-06T13:19:27.802Z",
            "NULL"
        ])
    );
    let i = incident(&db, "~327925760");
    assert_eq!(
        i[2..9],
        strings(&[
            "high",
            "active",
            "NULL",
            "2023-08-27T15:53:22.000Z",
            "2023-08-30T16:27:15.673Z",
            "2023-09-11T14:19:58.841Z",
            "NULL"
        ])
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT reason FROM rejects WHERE file LIKE '%strangebee%'"
        ),
        "not a case: a TheHive Observable record"
    );
    // OCSF: Prowler writes `time` in seconds; QRadar's legacy finding is In Progress.
    let a = alert(&db, "prowler-aws-acm_certificates_expiration_check-111122223333-eu-west-1-e4dc1386-8b4b-402c-9fed-03269ee10006");
    assert_eq!(
        a[4..10],
        strings(&[
            "Prowler",
            "cloud",
            "high",
            "NULL",
            "2024-10-04T13:49:02.000Z",
            "new"
        ])
    );
    let a = alert(&db, "591");
    assert_eq!(
        a[4..10],
        strings(&[
            "QRadar SIEM",
            "network",
            "NULL",
            "2023-04-24T14:44:23.000Z",
            "2023-04-24T14:44:23.218Z",
            "active"
        ])
    );
    let a = alert(&db, "test");
    assert_eq!(
        (a[9].as_str(), a[11].as_str()),
        ("closed", "2022-08-04T18:09:19.100Z")
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM alerts WHERE product = 'SecurityScorecard Attack Surface Intelligence'"), "4");
    // A Security Finding (2001) says its state in state_id (1, New); its status_id is the
    // event's outcome (-1 here), not the finding's state.
    assert_eq!(scalar(&db, "SELECT string_agg(DISTINCT status) FROM alerts WHERE product = 'SecurityScorecard Attack Surface Intelligence'"), "new");
    // ServiceNow's sample holds a change request, a hardware asset, an IT incident, a change
    // task and a problem, none of them a security incident: each is a rejected row naming its
    // table, and none counts as an incident (servicenow_table_api_pairs_and_other_tables checks
    // the pairs of a security incident).
    assert_eq!(
        query(
            &db,
            "SELECT line, \"column\", value, reason FROM rejects WHERE file LIKE '%mmdd%' ORDER BY line"
        ),
        ["change_request", "alm_hardware", "incident", "change_task", "problem"]
            .iter()
            .enumerate()
            .map(|(i, table)| strings(&[
                &(i + 1).to_string(),
                "table_name",
                table,
                "not a security incident (table sn_si_incident expected): export the Security Incident table"
            ]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM incidents WHERE incident_id LIKE 'INC%' OR incident_id LIKE 'CHG%' OR incident_id LIKE 'PRB%'"),
        "0"
    );
}

#[test]
fn servicenow_table_api_pairs_and_other_tables() {
    let dir = tempfile::tempdir().unwrap();
    let pair = |d: &str, v: &str| format!(r#"{{"display_value":"{d}","value":"{v}"}}"#);
    let record = |class: &str, number: &str, state: &str| {
        format!(
            r#"{{"sys_class_name":{},"number":{},"short_description":{},"state":{},"priority":{},"opened_at":{},"closed_at":{},"sys_created_on":{}}}"#,
            pair(class, class),
            pair(number, number),
            pair("Phishing from payroll", "Phishing from payroll"),
            pair(state, "3"),
            pair("2 - High", "2"),
            pair("12/12/2016 07:19:57", "2016-12-12 07:19:57"),
            pair("12/12/2016 09:00:00", "2016-12-12 09:00:00"),
            pair("12/12/2016 07:19:57", "2016-12-12 07:19:57"),
        )
    };
    let text = [
        record("sn_si_incident", "SIR0000060", "Closed"),
        record("change_request", "CHG0000024", "Closed"),
    ]
    .join("\n");
    // A display label in sys_class_name says nothing of the table: the record is read.
    let listed = r#"{"sys_class_name":"Security Incident","number":"SIR0000061","short_description":"x","state":"Analysis","priority":"3 - Moderate","opened_at":"12/13/2016 08:00:00"}"#;
    let p = write(dir.path(), "sir.ndjson", &format!("{text}\n{listed}\n"));
    let (_d, db) = load(&[p], &["--input-timezone", "America/New_York"]);
    // The Table API's value is UTC whatever --input-timezone says; the label comes from the
    // display value.
    let i = incident(&db, "SIR0000060");
    assert_eq!(
        i[1..4],
        strings(&["Phishing from payroll", "high", "closed"])
    );
    assert_eq!(
        (i[6].as_str(), i[8].as_str()),
        ("2016-12-12T07:19:57.000Z", "2016-12-12T09:00:00.000Z")
    );
    assert_eq!(
        incident(&db, "SIR0000061")[2..4],
        strings(&["medium", "active"])
    );
    assert_eq!(
        query(&db, "SELECT line, value FROM rejects"),
        vec![strings(&["2", "change_request"])]
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM incidents"), "2");
    // A file of other tables only: nothing of it is a security incident, and the load fails as
    // a misread file does (a scheduled job exporting the wrong table must not pass), naming the
    // file and the reason; with --max-rejects 1 it loads nothing and says why, row by row.
    let other = write(
        dir.path(),
        "changes.ndjson",
        &format!(
            "{}\n{}\n",
            record("change_request", "CHG0000025", "Closed"),
            record("problem", "PRB0000026", "Closed")
        ),
    );
    let db2 = dir.path().join("other.db");
    socgauge()
        .args(["ingest", "--db"])
        .arg(&db2)
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "changes.ndjson`: 2 of 2 rows rejected (100.0%), more than --max-rejects 0.05 allows",
        ))
        .stderr(predicate::str::contains("not a security incident"));
    assert!(!db2.exists());
}

#[test]
fn guide_evidence_rows_become_incidents_and_alerts_per_organisation() {
    let Some(r) = realdata() else { return };
    let (_dir, db) = load(&[r.join("guide/microsoft_Reduced.csv")], &[]);
    assert_eq!(
        sources(&db),
        vec![
            strings(&[
                "microsoft_Reduced.csv",
                "incidents",
                "defender/guide",
                "10000",
                "10000",
                "0"
            ]),
            strings(&[
                "microsoft_Reduced.csv",
                "alerts",
                "defender/guide",
                "10000",
                "10000",
                "0"
            ]),
        ]
    );
    // Ids are scoped per OrgId: 6,435 incidents, 1,061 organisations (the dataset's README).
    assert_eq!(scalar(&db, "SELECT count(*) FROM incidents"), "6435");
    assert_eq!(
        scalar(&db, "SELECT count(DISTINCT tenant) FROM incidents"),
        "1061"
    );
    // First data row: org 46, incident 2165, alert 464218, a true positive of detector 217.
    let i = query(
        &db,
        &format!(
            "SELECT classification, {} FROM incidents WHERE tenant = '46' AND incident_id = '2165'",
            ts("created_at")
        ),
    );
    assert_eq!(
        i,
        vec![strings(&["true_positive", "2024-06-06T17:32:50.000Z"])]
    );
    let a = query(&db, "SELECT incident_id, rule_id, title, domain, array_to_string(tactics, ';') FROM alerts WHERE tenant = '46' AND alert_id = '464218'");
    assert_eq!(
        a,
        vec![strings(&["2165", "217", "194", "endpoint", "Execution"])]
    );
    // Second row: a phishing alert with a technique; its "not applicable" entity ids are empty.
    let a = query(&db, "SELECT array_to_string(techniques, ';'), domain, entity_host FROM alerts WHERE tenant = '358' AND alert_id = '23843'");
    assert_eq!(a, vec![strings(&["T1566.002", "email", "NULL"])]);
}

#[test]
fn a_guide_row_whose_timestamp_is_no_time_is_rejected_with_it() {
    // Alert 1 has two evidence rows, one stamped `yesterday`; alert 2 one row with no time.
    // Those rows are rejected with what they hold; alert 1 keeps the time of its good row.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "GUIDE_Test.csv",
        "Id,OrgId,IncidentId,AlertId,Timestamp,DetectorId,AlertTitle,Category,MitreTechniques,IncidentGrade,EntityType\n\
         1,7,10,1,2024-06-06T17:32:50.000Z,217,194,Execution,,TruePositive,Machine\n\
         2,7,10,1,yesterday,217,194,Execution,,TruePositive,User\n\
         3,7,11,2,,218,195,Execution,,FalsePositive,Machine\n",
    );
    let db = dir.path().join("g.db");
    ingest_keeping_rejects(&db, &file);
    assert_eq!(
        query(
            &db,
            "SELECT kind, line, \"column\", coalesce(value, '') FROM rejects ORDER BY kind, line"
        ),
        vec![
            strings(&["alerts", "3", "created_at", "yesterday"]),
            strings(&["alerts", "4", "created_at", ""]),
            strings(&["incidents", "3", "created_at", "yesterday"]),
            strings(&["incidents", "4", "created_at", ""]),
        ]
    );
    assert_eq!(
        query(
            &db,
            &format!("SELECT alert_id, {} FROM alerts", ts("created_at"))
        ),
        vec![strings(&["1", "2024-06-06T17:32:50.000Z"])]
    );
}

#[test]
fn guide_noise_ratio_per_organisation_matches_an_independent_count() {
    let Some(r) = realdata() else { return };
    let file = r.join("guide/microsoft_Reduced.csv");
    // Independent computation: per (OrgId, AlertId) the incident of its last row; per (OrgId,
    // IncidentId) the grade of its last row; noise = FP + BP alerts / graded alerts.
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (org, inc, alert, grade) = (
        col("OrgId"),
        col("IncidentId"),
        col("AlertId"),
        col("IncidentGrade"),
    );
    let mut alert_incident = std::collections::BTreeMap::new();
    let mut incident_grade = std::collections::BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        alert_incident.insert(
            (row[org].to_string(), row[alert].to_string()),
            row[inc].to_string(),
        );
        incident_grade.insert(
            (row[org].to_string(), row[inc].to_string()),
            row[grade].to_string(),
        );
    }
    let mut expected: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    for ((o, _), i) in &alert_incident {
        let g = incident_grade[&(o.clone(), i.clone())].as_str();
        let entry = expected.entry(o.clone()).or_default();
        if !g.is_empty() {
            entry.1 += 1;
            if g == "FalsePositive" || g == "BenignPositive" {
                entry.0 += 1;
            }
        }
    }

    let json = json_of(
        socgauge()
            .args([
                "metrics",
                "--format",
                "json",
                "--from",
                "2024-01-01",
                "--to",
                "2025-01-01",
            ])
            .arg(&file),
    );
    let tenants = json["tenants"].as_object().unwrap();
    assert_eq!(tenants.len(), expected.len());
    let mut checked = 0;
    for (o, (noisy, graded)) in &expected {
        let noise = &tenants[o]["metrics"]["noise_ratio"];
        assert_eq!(noise["numerator"].as_i64(), Some(*noisy), "org {o}");
        assert_eq!(noise["denominator"].as_i64(), Some(*graded), "org {o}");
        if *graded > 0 {
            let v = noise["value"].as_f64().unwrap();
            assert!(
                (v - *noisy as f64 / *graded as f64).abs() < 1e-12,
                "org {o}"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} organisations compared");
    // No lifecycle in GUIDE: response times are not available, never 0.
    let m = &json["metrics"];
    assert!(m["mttr"]["median_minutes"].is_null());
    assert!(m["mttr"]["unavailable"]
        .as_str()
        .unwrap()
        .contains("not available from this export"));
    assert!(m["backlog"]["value"].is_null());
    assert!(m["noise_ratio"].get("unavailable").is_none());
    // Both kinds of rows of the file count, and the file says what it was read as.
    assert_eq!(json["data_quality"]["rows_read"], 20000);
    assert_eq!(
        json["data_quality"]["sources"],
        serde_json::json!(["defender/guide"])
    );
}

#[test]
fn sentinel_logs_blade_csv_history_rows_and_portal_dates() {
    let f = |n: &str| fixture(&format!("sources/sentinel/{n}"));
    // Alerts first, incidents second: the incidents' AlertIds still link them.
    let (_dir, db) = load(&[f("SecurityAlert.csv"), f("SecurityIncident.csv")], &[]);
    assert_eq!(
        sources(&db),
        vec![
            strings(&[
                "SecurityAlert.csv",
                "alerts",
                "sentinel/alerts",
                "3",
                "3",
                "0"
            ]),
            strings(&[
                "SecurityIncident.csv",
                "incidents",
                "sentinel/incidents",
                "5",
                "5",
                "0"
            ]),
        ]
    );
    let a1 = "a1a1a1a1-0000-4000-8000-000000000001";
    // Three rows, newest first: the state is the latest row's; acknowledged when the status
    // first left New (the owner was set in the same row), not at the automation's touch.
    assert_eq!(
        incident(&db, a1),
        strings(&[
            a1,
            "Impossible travel for ana",
            "high",
            "closed",
            "true_positive",
            "2024-08-01T08:30:00.000Z",
            "2024-08-01T09:00:00.000Z",
            "2024-08-01T09:20:00.000Z",
            "2024-08-01T13:45:00.000Z",
            "ana@contoso.com",
            "NULL",
            "NULL"
        ])
    );
    // One row, Active: FirstModifiedTime is the acknowledgement; the owner's e-mail when no UPN.
    let b = incident(&db, "b2b2b2b2-0000-4000-8000-000000000002");
    assert_eq!(
        b[3..10],
        strings(&[
            "active",
            "NULL",
            "2024-08-02T09:40:00.000Z",
            "2024-08-02T10:00:00.000Z",
            "2024-08-02T10:05:00.000Z",
            "NULL",
            "bo@contoso.com"
        ])
    );
    // 12 AM and 12 PM read right; New and unowned is not acknowledged.
    let c = incident(&db, "c3c3c3c3-0000-4000-8000-000000000003");
    assert_eq!(
        c[5..9],
        strings(&[
            "2024-08-03T00:05:00.000Z",
            "2024-08-03T12:26:22.000Z",
            "NULL",
            "NULL"
        ])
    );
    // The alert's latest row wins; entities, tactics as ATT&CK names, JSON-array techniques.
    assert_eq!(
        alert(&db, "al-1"),
        strings(&[
            "al-1",
            a1,
            "rule-travel",
            "Impossible travel",
            "Azure Active Directory Identity Protection",
            "identity",
            "high",
            "2024-08-01T08:30:00.000Z",
            "2024-08-01T13:44:00.000Z",
            "closed",
            "NULL",
            "NULL",
            "NULL",
            "Initial Access;Persistence",
            "T1078;T1078.004",
            "ana@contoso.com",
            "NULL",
            "203.0.113.7"
        ])
    );
    let a2 = alert(&db, "al-2");
    assert_eq!(
        (a2[1].as_str(), a2[5].as_str(), a2[16].as_str()),
        (a1, "endpoint", "ws-17")
    );

    // Incidents first, alerts second: the same links.
    let (_dir2, db2) = load(&[f("SecurityIncident.csv"), f("SecurityAlert.csv")], &[]);
    assert_eq!(
        query(&db2, "SELECT alert_id, incident_id FROM alerts ORDER BY 1"),
        vec![strings(&["al-1", a1]), strings(&["al-2", a1])]
    );
}

#[test]
fn sentinel_links_are_the_latest_rows_alerts_whatever_the_file_order() {
    // Incident 1 listed al-8 and al-9 at first; a later update dropped al-8, and a merge moved
    // al-9 to incident 2, whose latest row lists it. Written oldest first and newest first.
    let header =
        "IncidentName,IncidentNumber,Title,Severity,Status,CreatedTime,LastModifiedTime,AlertIds";
    let rows = [
        r#"inc-1,1,Travel,High,New,2024-08-01T09:00:00Z,2024-08-01T09:00:00Z,"[""al-8"",""al-9""]""#,
        r#"inc-2,2,Travel again,High,New,2024-08-01T09:30:00Z,2024-08-01T09:30:00Z,"[""al-7""]""#,
        r#"inc-1,1,Travel,High,Active,2024-08-01T09:00:00Z,2024-08-01T10:00:00Z,"[""al-9""]""#,
        r#"inc-2,2,Travel again,High,Active,2024-08-01T09:30:00Z,2024-08-01T11:00:00Z,"[""al-7"",""al-9""]""#,
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut newest_first = rows;
    newest_first.reverse();
    for (name, order) in [("oldest.csv", rows), ("newest.csv", newest_first)] {
        let file = write(
            dir.path(),
            name,
            &format!("{header}\n{}\n", order.join("\n")),
        );
        let (_d, db) = load(&[file], &["--source", "sentinel"]);
        assert_eq!(
            query(&db, "SELECT alert_id, incident_id FROM links ORDER BY 1"),
            vec![strings(&["al-7", "inc-2"]), strings(&["al-9", "inc-2"])],
            "{name}"
        );
    }
}

#[test]
fn defender_incident_lines_take_the_latest_update_whatever_the_file_order() {
    // One incident polled twice: active at 11:00, resolved at 15:00. Graph and legacy shapes,
    // written oldest first and newest first.
    let graph = |status: &str, class: &str, at: &str| {
        format!(
            r#"{{"id":"77","displayName":"X","createdDateTime":"2026-10-05T10:00:00Z","incidentWebUrl":"https://security.microsoft.com/incidents/77","severity":"high","assignedTo":"ana@x.com","status":"{status}","classification":{class},"lastUpdateDateTime":"{at}"}}"#
        )
    };
    let legacy = |status: &str, class: &str, at: &str| {
        format!(
            r#"{{"incidentId":77,"incidentName":"X","createdTime":"2026-10-05T10:00:00Z","severity":"High","assignedTo":"ana@x.com","status":"{status}","classification":{class},"lastUpdateTime":"{at}","alerts":[]}}"#
        )
    };
    let dir = tempfile::tempdir().unwrap();
    for (shape, line) in [
        ("graph", &graph as &dyn Fn(&str, &str, &str) -> String),
        ("legacy", &legacy),
    ] {
        let old = line(
            if shape == "graph" { "active" } else { "Active" },
            "null",
            "2026-10-05T11:00:00Z",
        );
        let new = line(
            if shape == "graph" {
                "resolved"
            } else {
                "Resolved"
            },
            if shape == "graph" {
                r#""truePositive""#
            } else {
                r#""TruePositive""#
            },
            "2026-10-05T15:00:00Z",
        );
        for (order, text) in [
            ("oldest", format!("{old}\n{new}\n")),
            ("newest", format!("{new}\n{old}\n")),
        ] {
            let file = write(dir.path(), &format!("{shape}-{order}.ndjson"), &text);
            let (_d, db) = load(&[file], &[]);
            let row = incident(&db, "77");
            assert_eq!(
                (row[3].as_str(), row[4].as_str(), row[8].as_str()),
                ("closed", "true_positive", "2026-10-05T15:00:00.000Z"),
                "{shape} {order}: {row:?}"
            );
        }
    }
}

#[test]
fn search_responses_read_their_hits_and_count_what_is_not_a_record() {
    let doc = |id: &str| {
        format!(
            r#"{{"_index":"a","_id":"{id}","_source":{{"@timestamp":"2026-10-05T10:00:00Z","kibana.alert.uuid":"{id}","kibana.alert.rule.name":"R","kibana.alert.rule.rule_id":"r1","kibana.alert.workflow_status":"open"}}}}"#
        )
    };
    let dir = tempfile::tempdir().unwrap();
    // Kibana Dev Tools / `_search`: the documents are the hits' `_source`.
    let search = write(
        dir.path(),
        "search.json",
        &format!(
            r#"{{"took":1,"hits":{{"total":{{"value":2}},"hits":[{},{}]}}}}"#,
            doc("e-1"),
            doc("e-2")
        ),
    );
    let (_d, db) = load(&[search], &[]);
    assert_eq!(
        query(&db, "SELECT alert_id FROM alerts ORDER BY 1"),
        vec![strings(&["e-1"]), strings(&["e-2"])]
    );
    // A document without its own uuid is known by its hit's `_id`, as in NDJSON.
    let by_id = write(
        dir.path(),
        "by_id.json",
        r#"{"hits":{"hits":[{"_id":"hit-9","_source":{"@timestamp":"2026-10-05T10:00:00Z","kibana.alert.rule.uuid":"u1","kibana.alert.rule.name":"R","kibana.alert.workflow_status":"open"}}]}}"#,
    );
    let (_d, db) = load(&[by_id], &[]);
    assert_eq!(
        query(&db, "SELECT alert_id FROM alerts"),
        vec![strings(&["hit-9"])]
    );
    // A null among an API page's records is a counted reject, not a row that vanishes.
    let page = write(
        dir.path(),
        "page.json",
        &format!(r#"{{"value":[{},null,{}]}}"#, doc("e-3"), doc("e-4")),
    );
    let (_d, db) = load(&[page], &["--max-rejects", "1"]);
    assert_eq!(scalar(&db, "SELECT count(*) FROM alerts"), "2");
    assert_eq!(
        query(&db, "SELECT line, reason FROM rejects"),
        vec![strings(&["2", "not a record: a JSON object was expected"])]
    );
    // A value between the pages that holds no list (a paging link on its own line) is a counted
    // reject too, numbered among the records, and the records after it keep their numbers.
    let pages = write(
        dir.path(),
        "pages.ndjson",
        &format!(
            "{{\"value\":[{},{}]}}\n{{\"nextLink\":\"https://next\"}}\n{{\"value\":[{},null]}}\n",
            doc("e-5"),
            doc("e-6"),
            doc("e-7")
        ),
    );
    let (_d, db) = load(&[pages], &["--max-rejects", "1"]);
    assert_eq!(scalar(&db, "SELECT count(*) FROM alerts"), "3");
    assert_eq!(
        query(&db, "SELECT line, value, reason FROM rejects ORDER BY line"),
        vec![
            strings(&[
                "3",
                "{\"nextLink\":\"https://next\"}",
                "not a page of records: the file's other values hold their records in a list at `value`, this one holds none"
            ]),
            strings(&["5", "NULL", "not a record: a JSON object was expected"])
        ]
    );
    assert_eq!(
        query(
            &db,
            "SELECT rows_read, rows_loaded, rows_rejected FROM loads"
        ),
        vec![strings(&["5", "3", "2"])]
    );
}

#[test]
fn a_vendor_export_of_open_incidents_only_has_a_backlog() {
    // No incident closed yet, so no close time in the file: the backlog is still known.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "open.csv",
        "IncidentName,IncidentNumber,Title,Severity,Status,CreatedTime [UTC],ClosedTime [UTC]\n\
         g-1,1,A,High,New,2026-10-05T10:00:00Z,\n\
         g-2,2,B,Low,Active,2026-10-07T10:00:00Z,\n",
    );
    let m = json_of(
        socgauge()
            .args(["metrics", "--month", "2026-10", "--format", "json"])
            .arg(&file),
    );
    assert_eq!(m["metrics"]["backlog"], serde_json::json!({"value": 2}));
    assert_eq!(m["metrics"]["mttr"]["n"], 0);
    assert!(
        m["metrics"]["mttr"].get("unavailable").is_none(),
        "{}",
        m["metrics"]["mttr"]
    );
    // Beside a file of closed incidents without close times, the close times are not available:
    // the closed ones would otherwise count as open.
    let closed = write(
        dir.path(),
        "closed.csv",
        "IncidentName,IncidentNumber,Title,Severity,Status,CreatedTime [UTC],ClosedTime [UTC]\n\
         g-3,3,C,High,Closed,2026-10-06T10:00:00Z,\n",
    );
    let m = json_of(
        socgauge()
            .args(["metrics", "--month", "2026-10", "--format", "json"])
            .arg(&file)
            .arg(&closed),
    );
    assert!(
        m["metrics"]["backlog"]["value"].is_null(),
        "{}",
        m["metrics"]["backlog"]
    );
    assert!(m["metrics"]["backlog"]["unavailable"].is_string());
}

#[test]
fn a_vendor_header_in_another_case_is_read_and_a_repeated_one_refused() {
    let header = [
        "IncidentName",
        "IncidentNumber",
        "Title",
        "Severity",
        "Status",
        "Classification",
        "CreatedTime [UTC]",
        "ClosedTime [UTC]",
    ];
    let rows = [
        "g-1,1,A,High,Closed,TruePositive,2026-10-05T10:00:00Z,2026-10-05T13:00:00Z",
        "g-2,2,B,Low,Active,,2026-10-07T10:00:00Z,",
    ];
    let dir = tempfile::tempdir().unwrap();
    let spelt = |names: Vec<String>, file: &str| {
        write(
            dir.path(),
            file,
            &format!("{}\n{}\n", names.join(","), rows.join("\n")),
        )
    };
    let as_given = spelt(header.iter().map(|h| h.to_string()).collect(), "given.csv");
    let upper = spelt(
        header.iter().map(|h| h.to_uppercase()).collect(),
        "upper.csv",
    );
    let lower = spelt(
        header.iter().map(|h| h.to_lowercase()).collect(),
        "lower.csv",
    );
    let (_a, expected) = load(&[as_given], &[]);
    let expected = (incident(&expected, "g-1"), incident(&expected, "g-2"));
    assert_eq!(expected.0[3], "closed");
    for file in [upper, lower] {
        let (_d, db) = load(std::slice::from_ref(&file), &[]);
        assert_eq!(
            (incident(&db, "g-1"), incident(&db, "g-2")),
            expected,
            "{}",
            file.display()
        );
    }
    // A column the source reads named twice, in any case: which one holds the value cannot be
    // told.
    let mut twice: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    twice.push("STATUS".into());
    let file = write(
        dir.path(),
        "twice.csv",
        &format!(
            "{}\n{}\n",
            twice.join(","),
            rows.map(|r| format!("{r},New")).join("\n")
        ),
    );
    socgauge()
        .args(["ingest", "--db"])
        .arg(dir.path().join("twice.db"))
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("more than once"));
    assert!(!dir.path().join("twice.db").exists());
    // A column of its own whose name ends like the reader's numbering of a repeat.
    let mut own: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    own.push("Status_1".into());
    let file = write(
        dir.path(),
        "own.csv",
        &format!(
            "{}\n{}\n",
            own.join(","),
            rows.map(|r| format!("{r},x")).join("\n")
        ),
    );
    let (_d, db) = load(&[file], &[]);
    assert_eq!(incident(&db, "g-1"), expected.0);
}

#[test]
fn a_sentinel_time_is_read_from_its_utc_column_whatever_the_order() {
    // A local-time column placed before the UTC one must not become the created time.
    let original = fixture("sources/sentinel/SecurityIncident.csv");
    let text = std::fs::read_to_string(&original).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut both = format!("\"CreatedTime [Local Time]\",{header}\n");
    for line in lines {
        both.push_str(&format!("\"1/1/2020, 1:00:00.000 AM\",{line}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "local_first.csv", &both);
    let created =
        "SELECT incident_id, strftime(created_at, '%Y-%m-%dT%H:%M:%S') FROM incidents ORDER BY 1";
    let (_a, expected) = load(&[original], &[]);
    let (_b, db) = load(&[file], &[]);
    assert_eq!(query(&db, created), query(&expected, created));
}

#[test]
fn splunk_review_history_gives_acknowledge_and_close_times_in_either_order() {
    let f = |n: &str| fixture(&format!("sources/splunk/{n}"));
    for order in [
        ["notables.csv", "incident_review_lookup.csv"],
        ["incident_review_lookup.csv", "notables.csv"],
    ] {
        let (_dir, db) = load(&[f(order[0]), f(order[1])], &[]);
        assert_eq!(
            incident(&db, "A1B2@@notable@@n1"),
            strings(&[
                "A1B2@@notable@@n1",
                "Brute force against vpn-gw",
                "high",
                "closed",
                "false_positive",
                "2024-06-05T06:46:40.000Z",
                "2024-06-05T07:00:00.000Z",
                "2024-06-05T07:10:00.000Z",
                "2024-06-05T08:10:00.000Z",
                "ana",
                "NULL",
                "NULL"
            ]),
            "{order:?}"
        );
        let n2 = incident(&db, "A1B2@@notable@@n2");
        assert_eq!(
            n2[2..9],
            strings(&[
                "critical",
                "active",
                "true_positive",
                "NULL",
                "2024-06-05T08:00:00.000Z",
                "2024-06-05T08:20:00.000Z",
                "NULL"
            ])
        );
        // Epoch-seconds `_time`; `unassigned` is no owner.
        let n3 = incident(&db, "A1B2@@notable@@n3");
        assert_eq!(
            (n3[3].as_str(), n3[6].as_str(), n3[9].as_str()),
            ("new", "2024-06-05T10:00:00.000Z", "NULL")
        );
        // Each notable is also its one alert, with the domain from security_domain.
        let a = alert(&db, "A1B2@@notable@@n1");
        assert_eq!(
            a[1..6],
            strings(&[
                "A1B2@@notable@@n1",
                "Access - Brute Force Access Behavior Detected - Rule",
                "Access - Brute Force Access Behavior Detected - Rule",
                "Splunk ES",
                "identity"
            ])
        );
        assert_eq!(a[15..18], strings(&["svc-vpn", "vpn-gw", "198.51.100.4"]));
    }
}

/// A Splunk ES notable is its incident and that incident's one alert: the export says nothing
/// of how alerts group into incidents, so the metrics of that grouping are not available (not
/// "every alert linked, one alert per incident").
#[test]
fn splunk_notables_do_not_measure_how_alerts_group_into_incidents() {
    let f = |n: &str| fixture(&format!("sources/splunk/{n}"));
    let (_dir, db) = load(&[f("notables.csv"), f("incident_review_lookup.csv")], &[]);
    let metrics = json_of(
        socgauge()
            .args(["metrics", "--month", "2024-06", "--format", "json", "--db"])
            .arg(&db),
    )["metrics"]
        .clone();
    for key in [
        "alert_linkage_rate",
        "alerts_per_incident",
        "cross_domain_rate",
    ] {
        let m = &metrics[key];
        assert!(
            m["value"].is_null() && m["unavailable"].is_string(),
            "{key}: {m}"
        );
    }
    // What the notables do carry is measured: each is its incident's alert, with its user.
    assert!(
        metrics["alerts"]["value"].as_i64().unwrap() > 0,
        "{}",
        metrics["alerts"]
    );
    let identity = &metrics["identity_context_rate"];
    assert!(
        identity["unavailable"].is_null() && identity["denominator"].as_i64().unwrap() > 0,
        "{identity}"
    );
}

/// An Elastic rule's `threat` list however the export writes it: a list, the list's JSON text
/// (an export that writes nested fields as text), with keys in another case, or one object.
#[test]
fn elastic_threat_lists_as_text_or_in_another_case_keep_their_attack() {
    let dir = tempfile::tempdir().unwrap();
    let list = r#"[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0002","name":"Execution"},"technique":[{"id":"T1059","name":"Cmd","subtechnique":[{"id":"T1059.001","name":"PowerShell"}]},{"id":"T1204","name":"User Execution"}]}]"#;
    let pascal = list
        .replace("\"tactic\"", "\"Tactic\"")
        .replace("\"name\"", "\"Name\"")
        .replace("\"technique\"", "\"Technique\"")
        .replace("\"subtechnique\"", "\"SubTechnique\"")
        .replace("\"id\"", "\"ID\"");
    let as_text = |json: &str| serde_json::Value::from(json).to_string();
    let object = r#"{"tactic":{"name":"Persistence"},"technique":[{"id":"T1098"}]}"#;
    let record = |id: &str, threat: &str, key: &str| {
        format!(
            r#"{{"@timestamp":"2024-09-10T11:00:05.120Z","{uuid}":"{id}","kibana.alert.rule.name":"R","kibana.alert.severity":"high","kibana.alert.workflow_status":"open","{key}":{threat}}}"#,
            uuid = if key.starts_with('K') {
                "Kibana.Alert.Uuid"
            } else {
                "kibana.alert.uuid"
            },
        )
    };
    let lines = [
        record("list", list, "kibana.alert.rule.threat"),
        record("text", &as_text(list), "kibana.alert.rule.threat"),
        record("pascal", &pascal, "Kibana.Alert.Rule.Threat"),
        record("pascal-text", &as_text(&pascal), "Kibana.Alert.Rule.Threat"),
        record("object", object, "kibana.alert.rule.threat"),
        record("empty", "[]", "kibana.alert.rule.threat"),
    ];
    let file = write(dir.path(), "alerts.ndjson", &(lines.join("\n") + "\n"));
    let (_dir, db) = load(&[file], &[]);
    let attack = |id: &str| {
        query(
            &db,
            &format!(
                "SELECT coalesce(array_to_string(tactics, ';'), 'NULL'), \
                 coalesce(array_to_string(techniques, ';'), 'NULL') \
                 FROM alerts WHERE alert_id = '{id}'"
            ),
        )
    };
    for id in ["list", "text", "pascal", "pascal-text"] {
        assert_eq!(
            attack(id),
            [strings(&["Execution", "T1059;T1204;T1059.001"])],
            "{id}"
        );
    }
    assert_eq!(attack("object"), [strings(&["Persistence", "T1098"])]);
    assert_eq!(attack("empty"), [strings(&["NULL", "NULL"])]);
}

/// Elastic as deployments export it: a case comment that attaches several alerts (Kibana's bulk
/// "Add to case" writes one per rule) links each; the fields API's flattened threat leaves give
/// the ATT&CK; a 7.x building-block signal is set aside as 8.x's are.
#[test]
fn elastic_bulk_case_comments_fields_api_threat_and_7x_building_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let cases = write(
        dir.path(),
        "cases.json",
        r#"{"page": 1, "per_page": 20, "total": 1, "cases": [{"id": "case-1", "title": "x", "status": "open", "severity": "high",
            "created_at": "2026-10-05T10:30:00Z", "totalAlerts": 3, "totalComment": 2,
            "comments": [{"type": "alert", "alertId": ["u-1", "u-2"], "index": [".a", ".a"]},
                         {"type": "alert", "alertId": "u-3", "index": ".a"},
                         {"type": "user", "comment": "looked"}]}]}"#,
    );
    let fields = write(
        dir.path(),
        "fields.json",
        r#"{"hits": {"hits": [{"_id": "f-1", "fields": {"kibana.alert.uuid": ["f-1"], "@timestamp": ["2026-10-05T10:00:00Z"],
            "kibana.alert.rule.name": ["R"], "kibana.alert.workflow_status": ["open"],
            "kibana.alert.rule.threat.tactic.name": ["Execution"],
            "kibana.alert.rule.threat.technique.id": ["T1059"],
            "kibana.alert.rule.threat.technique.subtechnique.id": ["T1059.001"]}}]}}"#,
    );
    let signals = write(
        dir.path(),
        "signals.ndjson",
        "{\"_id\": \"s-1\", \"@timestamp\": \"2026-10-05T10:00:00Z\", \"signal\": {\"status\": \"open\", \"rule\": {\"name\": \"R\", \"rule_id\": \"r1\"}}}\n\
         {\"_id\": \"s-2\", \"@timestamp\": \"2026-10-05T10:01:00Z\", \"signal\": {\"status\": \"open\", \"rule\": {\"name\": \"B\", \"rule_id\": \"r2\", \"building_block_type\": \"default\"}}}\n",
    );
    let (_d, db) = load(&[cases, fields], &[]);
    assert_eq!(
        query(
            &db,
            "SELECT incident_id, alert_id FROM links ORDER BY alert_id"
        ),
        vec![
            strings(&["case-1", "u-1"]),
            strings(&["case-1", "u-2"]),
            strings(&["case-1", "u-3"]),
        ]
    );
    assert_eq!(
        query(
            &db,
            "SELECT array_to_string(tactics, ';'), array_to_string(techniques, ';') FROM alerts WHERE alert_id = 'f-1'"
        ),
        vec![strings(&["Execution", "T1059;T1059.001"])]
    );
    let (_d, db) = load(&[signals], &["--max-rejects", "1"]);
    assert_eq!(
        sources(&db),
        vec![strings(&[
            "signals.ndjson",
            "alerts",
            "elastic/signals",
            "2",
            "1",
            "1"
        ])]
    );
    assert_eq!(
        scalar(&db, "SELECT reason FROM rejects WHERE line = 2"),
        "building-block alert: not shown to analysts, so not counted as an alert"
    );
}

/// Advanced hunting's AlertInfo and AlertEvidence exported as two files: the evidence alone gives
/// no alert (it would be one of no severity, winning over AlertInfo's, or an alert AlertInfo
/// does not have): skipped and counted, in either order.
#[test]
fn defender_alert_evidence_exported_alone_adds_no_alert() {
    let dir = tempfile::tempdir().unwrap();
    let info = write(
        dir.path(),
        "AlertInfo.csv",
        "Timestamp,AlertId,Title,Category,Severity,ServiceSource,DetectionSource,AttackTechniques\n\
         2026-10-05T10:00:00Z,da1,Suspicious PowerShell,Execution,High,Microsoft Defender for Endpoint,EDR,\"[\"\"PowerShell (T1059.001)\"\"]\"\n\
         2026-10-06T11:00:00Z,da2,Impossible travel,InitialAccess,Medium,Microsoft Defender for Cloud Apps,MCAS,\n",
    );
    let evidence = write(
        dir.path(),
        "AlertEvidence.csv",
        "Timestamp,AlertId,Title,Categories,ServiceSource,DetectionSource,EntityType,EvidenceRole,AccountUpn,DeviceName\n\
         2026-10-05T10:00:00Z,da1,Suspicious PowerShell,\"[\"\"Execution\"\"]\",Microsoft Defender for Endpoint,EDR,Machine,Impacted,,ws-1\n\
         2026-10-05T10:00:00Z,da9,Other,\"[\"\"Execution\"\"]\",Microsoft Defender for Endpoint,EDR,User,Impacted,bob@contoso.com,\n",
    );
    for order in [[info.clone(), evidence.clone()], [evidence, info]] {
        let db_dir = tempfile::tempdir().unwrap();
        let db = db_dir.path().join("t.db");
        let stderr = crate::harness::ingest_stderr(&db, &order, &[]);
        assert!(
            stderr.contains(
                "2 AlertEvidence rows skipped: their alert has no AlertInfo row in this file"
            ),
            "{stderr}"
        );
        assert_eq!(
            query(
                &db,
                "SELECT alert_id, severity, array_to_string(tactics, ';') FROM alerts ORDER BY 1"
            ),
            vec![
                strings(&["da1", "high", "Execution"]),
                strings(&["da2", "medium", "Initial Access"]),
            ]
        );
    }
}

#[test]
fn elastic_8x_7x_and_cases() {
    let f = |n: &str| fixture(&format!("sources/elastic/{n}"));
    let (_dir, db) = load(
        &[
            f("alerts-8x.ndjson"),
            f("signals-7x.ndjson"),
            f("cases.json"),
        ],
        &[],
    );
    assert_eq!(
        sources(&db),
        vec![
            strings(&[
                "alerts-8x.ndjson",
                "alerts",
                "elastic/alerts",
                "4",
                "3",
                "1"
            ]),
            strings(&[
                "signals-7x.ndjson",
                "alerts",
                "elastic/signals",
                "2",
                "2",
                "0"
            ]),
            strings(&["cases.json", "incidents", "elastic/cases", "2", "2", "0"]),
        ]
    );
    // Flattened keys, closed as a false positive, attached to a case, threat → ATT&CK.
    assert_eq!(
        alert(&db, "e8-1"),
        strings(&[
            "e8-1",
            "case-7",
            "prebuilt-0001",
            "Suspicious Process Execution",
            "endpoint",
            "endpoint",
            "high",
            "2024-09-10T10:58:00.000Z",
            "2024-09-10T11:00:04.000Z",
            "closed",
            "false_positive",
            "2024-09-10T12:30:00.000Z",
            "human",
            "Execution",
            "T1059;T1059.001",
            "ana",
            "ws-5",
            "192.0.2.5"
        ])
    );
    // Nested keys; automated_closure = closed by automation, with no verdict.
    let a = alert(&db, "e8-2");
    assert_eq!(
        a[5..13],
        strings(&[
            "identity",
            "medium",
            "2024-09-10T12:55:00.000Z",
            "2024-09-10T13:00:00.000Z",
            "closed",
            "NULL",
            "2024-09-10T13:01:00.000Z",
            "automation"
        ])
    );
    // Fields-API arrays; the `False Positive` workflow tag of older versions.
    let a = alert(&db, "e8-4");
    assert_eq!(
        (a[3].as_str(), a[9].as_str(), a[10].as_str()),
        ("Rare Login", "active", "false_positive")
    );
    // The building block is rejected with its reason, not loaded.
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM alerts WHERE alert_id = 'e8-3'"),
        "0"
    );
    assert!(scalar(
        &db,
        "SELECT reason FROM rejects WHERE line = 3 AND file LIKE '%alerts-8x%'"
    )
    .starts_with("building-block alert"));
    // 7.x signals: nested and flattened; without `_id` the document's hash is the id.
    let a = alert(&db, "s7-1");
    assert_eq!(
        a[2..10],
        strings(&[
            "legacy-0001",
            "Unusual Login",
            "Elastic Security",
            "identity",
            "medium",
            "2021-11-02T07:59:00.000Z",
            "2021-11-02T08:00:10.000Z",
            "new"
        ])
    );
    assert_eq!(
        a[13..17],
        strings(&["Initial Access", "T1078", "carla", "dc-1"])
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM alerts WHERE rule_id = 'legacy-0002' AND status = 'closed' AND length(alert_id) = 32"), "1");
    // Cases.
    assert_eq!(
        incident(&db, "case-7"),
        strings(&[
            "case-7",
            "Possible malware on ws-5",
            "high",
            "closed",
            "NULL",
            "NULL",
            "2024-09-10T11:20:00.000Z",
            "NULL",
            "2024-09-10T12:31:00.000Z",
            "u_ana",
            "NULL",
            "NULL"
        ])
    );
    assert_eq!(incident(&db, "case-8")[3], "active");
}

#[test]
fn thehive_5_cases_and_alerts() {
    let f = |n: &str| fixture(&format!("sources/thehive/{n}"));
    let (_dir, db) = load(&[f("cases-th5.json"), f("alerts-th5.json")], &[]);
    assert_eq!(
        incident(&db, "~100"),
        strings(&[
            "~100",
            "Phishing wave",
            "high",
            "closed",
            "false_positive",
            "2024-09-10T07:00:00.000Z",
            "2024-09-10T08:00:00.000Z",
            "2024-09-10T08:30:00.000Z",
            "2024-09-10T11:00:00.000Z",
            "ana@corp",
            "NULL",
            "NULL"
        ])
    );
    // Reopened: closedDate is set but the stage is InProgress, so the case is not closed.
    let i = incident(&db, "~101");
    assert_eq!(
        i[2..9],
        strings(&[
            "critical",
            "active",
            "NULL",
            "2024-09-11T07:00:00.000Z",
            "2024-09-11T08:00:00.000Z",
            "2024-09-11T08:15:00.000Z",
            "NULL"
        ])
    );
    // Duplicated: merged, kept out of every incident metric.
    assert_eq!(incident(&db, "~102")[3], "redirected");
    let a = alert(&db, "~200");
    assert_eq!(
        a[1..12],
        strings(&[
            "~100",
            "NULL",
            "Credential phishing link",
            "Proofpoint",
            "email",
            "medium",
            "2024-09-10T07:40:00.000Z",
            "2024-09-10T07:45:00.000Z",
            "closed",
            "NULL",
            "2024-09-10T08:00:00.000Z"
        ])
    );
    let a = alert(&db, "~201");
    assert_eq!(
        (a[5].as_str(), a[10].as_str()),
        ("endpoint", "false_positive")
    );
}

#[test]
fn ocsf_incident_finding_streams_become_one_state_each() {
    let (_dir, db) = load(&[fixture("sources/ocsf/incident_findings.ndjson")], &[]);
    assert_eq!(
        incident(&db, "inc-1"),
        strings(&[
            "inc-1",
            "Ransomware precursor on file server",
            "critical",
            "closed",
            "true_positive",
            "2024-10-01T09:00:00.000Z",
            "2024-10-01T10:00:00.000Z",
            "2024-10-01T10:15:00.000Z",
            "2024-10-01T14:00:00.000Z",
            "dee",
            "NULL",
            "NULL"
        ])
    );
    // `time` in seconds where the schema says milliseconds.
    assert_eq!(incident(&db, "inc-2")[6], "2024-10-02T10:00:00.000Z");
    assert_eq!(
        query(&db, "SELECT incident_id, alert_id FROM links ORDER BY 2"),
        vec![
            strings(&["inc-1", "det-1"]),
            strings(&["inc-1", "det-2"]),
            strings(&["inc-1", "det-3"]),
            strings(&["inc-2", "det-9"])
        ]
    );
}

#[test]
fn servicenow_local_times_close_codes_and_date_order() {
    let f = |n: &str| fixture(&format!("sources/servicenow/{n}"));
    let (_dir, db) = load(
        &[f("sn_si_incident.csv")],
        &[
            "--input-timezone",
            "America/New_York",
            "--mapping",
            f("close_codes.toml").to_str().unwrap(),
        ],
    );
    // 09:15 in New York on 14 March 2025 (daylight time) is 13:15 UTC.
    assert_eq!(
        incident(&db, "SIR0010001"),
        strings(&[
            "SIR0010001",
            "Phishing email reported by finance",
            "high",
            "closed",
            "false_positive",
            "NULL",
            "2025-03-14T13:15:00.000Z",
            "NULL",
            "2025-03-14T21:45:30.000Z",
            "Beth Anglin",
            "NULL",
            "NULL"
        ])
    );
    assert_eq!(
        incident(&db, "SIR0010002")[2..4],
        strings(&["critical", "active"])
    );
    assert_eq!(incident(&db, "SIR0010003")[2..4], strings(&["low", "new"]));
    // The instance's own close code, from the mapping file.
    assert_eq!(incident(&db, "SIR0010004")[4], "benign_positive");

    // Day-first exports with --date-format.
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "sir.csv",
        "number,short_description,state,opened_at\nSIR1,x,Analysis,03/04/2025 10:00:00\n",
    );
    let (_d, db) = load(&[p], &["--date-format", "%d/%m/%Y %H:%M:%S"]);
    assert_eq!(incident(&db, "SIR1")[6], "2025-04-03T10:00:00.000Z");
}

#[test]
fn defender_graph_legacy_and_advanced_hunting() {
    let f = |n: &str| fixture(&format!("sources/defender/{n}"));
    let (_dir, db) = load(
        &[
            f("graph_incidents.json"),
            f("legacy_incidents.json"),
            f("AlertEvidence.csv"),
        ],
        &[],
    );
    assert_eq!(
        sources(&db),
        vec![
            strings(&[
                "graph_incidents.json",
                "incidents",
                "defender/graph-incidents",
                "3",
                "3",
                "0"
            ]),
            strings(&[
                "graph_incidents.json",
                "alerts",
                "defender/graph-incidents",
                "2",
                "2",
                "0"
            ]),
            strings(&[
                "legacy_incidents.json",
                "incidents",
                "defender/legacy-incidents",
                "1",
                "1",
                "0"
            ]),
            strings(&[
                "legacy_incidents.json",
                "alerts",
                "defender/legacy-incidents",
                "1",
                "1",
                "0"
            ]),
            strings(&[
                "AlertEvidence.csv",
                "alerts",
                "defender/alertinfo",
                "3",
                "3",
                "0"
            ]),
        ]
    );
    // No incident close time in the API: the latest alert resolution stands in.
    assert_eq!(
        incident(&db, "2972395"),
        strings(&[
            "2972395",
            "Multi-stage incident involving Initial access",
            "high",
            "closed",
            "true_positive",
            "NULL",
            "2024-05-01T10:00:00.073Z",
            "NULL",
            "2024-05-01T15:00:00.000Z",
            "ana@contoso.com",
            "human",
            "NULL"
        ])
    );
    // Active and unassigned is new; informationalExpectedActivity is a benign positive; redirected
    // is merged into its target.
    assert_eq!(incident(&db, "2972396")[3..5], strings(&["new", "NULL"]));
    assert_eq!(
        incident(&db, "2972397")[3..5],
        strings(&["redirected", "benign_positive"])
    );
    assert_eq!(incident(&db, "2972397")[11], "2972395");
    // Expanded alerts: AIR (assignedTo Automation) closed da-1.
    let a = alert(&db, "da-1");
    assert_eq!(
        a[1..7],
        strings(&[
            "2972395",
            "det-av-1",
            "Malware was detected",
            "microsoftDefenderForEndpoint / antivirus",
            "endpoint",
            "medium"
        ])
    );
    assert_eq!(
        a[9..18],
        strings(&[
            "closed",
            "true_positive",
            "2024-05-01T14:30:00.000Z",
            "automation",
            "NULL",
            "T1204.002",
            "ana@contoso.com",
            "ws-42",
            "NULL"
        ])
    );
    let a = alert(&db, "da-2");
    assert_eq!(
        (a[5].as_str(), a[13].as_str(), a[17].as_str()),
        ("identity", "Credential Access", "203.0.113.50")
    );
    // Legacy API: PascalCase values, OfficeATP → email.
    let a = alert(&db, "faf8edc936-85f8-4603-b800-9a1e1f8d8f8a");
    assert_eq!(
        (a[1].as_str(), a[5].as_str(), a[10].as_str(), a[15].as_str()),
        ("924518", "email", "false_positive", "carla@contoso.com")
    );
    assert_eq!(
        incident(&db, "924518")[3..5],
        strings(&["closed", "false_positive"])
    );
    // AlertEvidence: one alert per AlertId with its entities gathered; technique ids from text.
    let a = alert(&db, "da-7");
    assert_eq!(
        a[4..7],
        strings(&[
            "Microsoft Defender for Cloud Apps / MCAS",
            "cloud",
            "medium"
        ])
    );
    assert_eq!(
        a[13..18],
        strings(&[
            "Credential Access",
            "T1528",
            "erin@contoso.com",
            "NULL",
            "198.51.100.77"
        ])
    );
    assert_eq!(alert(&db, "da-8")[14], "T1543;T1543.003");
}

#[test]
fn any_csv_through_a_mapping_file() {
    let f = |n: &str| fixture(&format!("sources/mapped/{n}"));
    let (_dir, db) = load(
        &[f("tickets.csv")],
        &["--mapping", f("tickets.toml").to_str().unwrap()],
    );
    assert_eq!(
        sources(&db),
        vec![
            strings(&["tickets.csv", "incidents", "mapped/mapping", "3", "3", "0"]),
            strings(&["tickets.csv", "alerts", "mapped/mapping", "3", "3", "0"]),
        ]
    );
    // Day-first times in Paris (the mapping's zone), value maps, an expression.
    assert_eq!(
        incident(&db, "T-1"),
        strings(&[
            "T-1",
            "Beacon to known C2 [Acme EDR]",
            "critical",
            "closed",
            "true_positive",
            "NULL",
            "2025-03-14T08:15:00.000Z",
            "NULL",
            "2025-03-14T09:15:00.000Z",
            "zoe",
            "NULL",
            "NULL"
        ])
    );
    assert_eq!(
        incident(&db, "T-2")[2..5],
        strings(&["medium", "active", "NULL"])
    );
    // The mapping's own product → domain rule, and the built-in table for Okta.
    assert_eq!(
        alert(&db, "alert-T-1")[1..6],
        strings(&["T-1", "NULL", "Beacon to known C2", "Acme EDR", "endpoint"])
    );
    assert_eq!(alert(&db, "alert-T-2")[5], "identity");
}

#[test]
fn mapping_init_writes_a_mapping_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "cases.csv",
        "Case ID,Opened,Severity,State,Assignee,Resolved,Verdict,Name\n\
         C-1,2025-01-02T10:00:00Z,High,Closed,ana,2025-01-02T12:00:00Z,False Positive,Odd login\n",
    );
    let mapping = dir.path().join("cases.toml");
    let text = crate::harness::mapping_init(&csv, &mapping);
    assert!(text.contains("incident_id = \"Case ID\""), "{text}");
    assert!(text.contains("closed_at = \"Resolved\""), "{text}");
    let (_d, db) = load(&[csv], &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        incident(&db, "C-1")[1..9],
        strings(&[
            "Odd login",
            "high",
            "closed",
            "false_positive",
            "NULL",
            "2025-01-02T10:00:00.000Z",
            "NULL",
            "2025-01-02T12:00:00.000Z"
        ])
    );
}

/// A canonical file whose times are day-first slash dates: `mapping init` maps every column
/// named as its canonical field, and `ingest --mapping` (with no --source, as the mapping's own
/// "Load with" line says) reads the file through the mapping rather than as canonical.
#[test]
fn a_canonical_file_with_slash_dates_loads_through_its_mapping_whole() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "alerts.csv",
        "tenant,alert_id,incident_id,title,domain,severity,first_activity_at,created_at,status,entity_user,entity_host\n\
         acme,A-1,I-1,Odd login,identity,High,31/10/2026 07:55:00,31/10/2026 08:00:00,New,ana,ws-1\n\
         acme,A-2,,Scan,network,Low,,01/10/2026 09:00:00,New,,\n",
    );
    let mapping = dir.path().join("alerts.toml");
    let text = crate::harness::mapping_init(&csv, &mapping);
    for line in [
        "tenant = \"tenant\"",
        "domain = \"domain\"",
        "entity_user = \"entity_user\"",
        "entity_host = \"entity_host\"",
        "first_activity_at = { column = \"first_activity_at\", format = \"%d/%m/%Y %H:%M:%S\" }",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(!text.contains("# Columns not mapped"), "{text}");
    let (_d, db) = load(&[csv], &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        sources(&db),
        [strings(&[
            "alerts.csv",
            "alerts",
            "mapped/mapping",
            "2",
            "2",
            "0"
        ])]
    );
    assert_eq!(
        query(
            &db,
            "SELECT tenant, domain, strftime(first_activity_at, '%Y-%m-%d %H:%M'), \
             strftime(created_at, '%Y-%m-%d %H:%M'), entity_user, entity_host \
             FROM alerts WHERE alert_id = 'A-1'"
        ),
        [strings(&[
            "acme",
            "identity",
            "2026-10-31 07:55",
            "2026-10-31 08:00",
            "ana",
            "ws-1"
        ])]
    );

    // Beside it, canonical files the mapping does not read whole stay canonical: one of another
    // kind (whose columns the mapping's may hold), one with a column the mapping leaves out.
    let incidents = write(
        dir.path(),
        "incidents.csv",
        "tenant,incident_id,title,severity,status,created_at\nacme,I-1,Odd login,High,New,2026-10-31T08:00:00Z\n",
    );
    let more = write(
        dir.path(),
        "more_alerts.csv",
        "tenant,alert_id,incident_id,title,domain,severity,first_activity_at,created_at,status,entity_user,entity_host,entity_ip\n\
         acme,A-3,I-1,Odd login,identity,High,,2026-10-31T09:00:00Z,New,,,192.0.2.1\n",
    );
    let (_d, db) = load(
        &[incidents, more],
        &["--mapping", mapping.to_str().unwrap()],
    );
    assert_eq!(
        sources(&db),
        [
            strings(&["incidents.csv", "incidents", "canonical", "1", "1", "0"]),
            strings(&["more_alerts.csv", "alerts", "canonical", "1", "1", "0"]),
        ]
    );
    assert_eq!(
        query(&db, "SELECT tenant, entity_ip FROM alerts"),
        [strings(&["acme", "192.0.2.1"])]
    );
}

#[test]
fn a_bad_mapping_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "x.csv", "A\n1\n");
    // A usage error naming the file and what is wrong in it; its own settings are checked as
    // its own, not as the flags they stand in for.
    let refused = |mapping: &str, message: &str| {
        let m = write(dir.path(), "m.toml", mapping);
        socgauge()
            .args(["ingest", "--mapping"])
            .arg(&m)
            .arg(&csv)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("m.toml")
                    .and(predicate::str::contains(message))
                    .and(predicate::str::contains("--input-timezone").not())
                    .and(predicate::str::contains("--date-format").not()),
            );
    };
    refused("[incidents]\nincident_id = \"A\"\n", "needs `created_at`");
    let table = "[incidents]\nincident_id = \"A\"\ncreated_at = \"B\"\n";
    refused(
        &format!("timezone = \"Mars/Olympus\"\n{table}"),
        "timezone: ",
    );
    refused(
        &format!("timestamp_format = \"%Q\"\n{table}"),
        "timestamp_format: ",
    );
    // A field's own pattern is checked as the file's is.
    refused(
        "[incidents]\nincident_id = \"A\"\ncreated_at = { column = \"A\", format = \"%Q\" }\n",
        "[incidents] created_at: format: ",
    );
    refused(
        "[incidents]\nincident_id = \"A\"\ncreated_at = { column = \"A\", format = \"\" }\n",
        "[incidents] created_at: format: `` is not a strptime pattern",
    );
    // Expressions the engine cannot take are the mapping's fault, named by their field: one
    // that cannot be bound, one with a syntax error, one that fails on a value of the file.
    let data = fixture("sources/mapped/tickets.csv");
    let mapped = |field: &str, message: &str| {
        let m = write(
            dir.path(),
            "m.toml",
            &format!(
                "timestamp_format = \"%d.%m.%Y %H:%M\"\n[incidents]\nincident_id = \"Ticket\"\n\
                 created_at = \"Raised\"\n{field}\n"
            ),
        );
        socgauge()
            .args(["ingest", "--mapping"])
            .arg(&m)
            .arg(&data)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("m.toml").and(predicate::str::contains(message)));
    };
    mapped(
        "title = { expr = \"{Ticket} + 1\" }",
        "[incidents] title: the expression cannot be run: ",
    );
    mapped(
        "title = { expr = \"({Ticket} ||)\" }",
        "[incidents] title: the expression cannot be run: ",
    );
    // Brackets that do not close in the expression are said as such, not as the engine's error
    // about the SQL around it.
    mapped(
        "title = { expr = \"((({Ticket}\" }",
        "[incidents] title: `expr`: a `(` is never closed: add its `)`",
    );
    mapped(
        "title = { expr = \"CAST({Urgency} AS INTEGER)\" }",
        "[incidents] title: the expression failed on a value of `",
    );
    // IN takes its list.
    let m = write(
        dir.path(),
        "m.toml",
        "timestamp_format = \"%d.%m.%Y %H:%M\"\n[incidents]\nincident_id = \"Ticket\"\n\
         created_at = \"Raised\"\n\
         status = { expr = \"CASE WHEN {Urgency} IN ('P1', 'P2') THEN 'active' ELSE 'closed' END\" }\n",
    );
    socgauge()
        .args(["ingest", "--mapping"])
        .arg(&m)
        .arg(&data)
        .assert()
        .success();
}

#[test]
fn auto_detection_names_each_fixture_source() {
    let f = |n: &str| fixture(&format!("sources/{n}"));
    for (file, source) in [
        ("sentinel/SecurityIncident.csv", "sentinel/incidents"),
        ("sentinel/SecurityAlert.csv", "sentinel/alerts"),
        ("splunk/notables.csv", "splunk/notables"),
        ("splunk/incident_review_lookup.csv", "splunk/review-history"),
        ("elastic/alerts-8x.ndjson", "elastic/alerts"),
        ("elastic/signals-7x.ndjson", "elastic/signals"),
        ("elastic/cases.json", "elastic/cases"),
        ("thehive/cases-th5.json", "thehive/cases"),
        ("thehive/alerts-th5.json", "thehive/alerts"),
        ("ocsf/incident_findings.ndjson", "ocsf/incident-findings"),
        (
            "servicenow/sn_si_incident.csv",
            "servicenow/security-incidents",
        ),
        ("defender/graph_incidents.json", "defender/graph-incidents"),
        (
            "defender/legacy_incidents.json",
            "defender/legacy-incidents",
        ),
        ("defender/AlertEvidence.csv", "defender/alertinfo"),
    ] {
        let out = socgauge()
            .args(["ingest", "--quiet"])
            .arg(f(file))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.lines().any(|l| l.ends_with(source)),
            "{file} → {source}:\n{text}"
        );
    }
    // Canonical files stay canonical.
    let out = socgauge()
        .args(["ingest", "--quiet"])
        .arg(fixture("load/incidents_basic.csv"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.ends_with("canonical")));
}

#[test]
fn an_unrecognisable_file_lists_the_closest_sources_and_what_they_need() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "near.csv",
        "IncidentNumber,Title,Severity\n1,x,High\n",
    );
    socgauge().arg("ingest").arg(&p).assert().code(1).stderr(
        predicate::str::contains("no source recognises this file")
            .and(predicate::str::contains(
                "found keys: incidentnumber, severity, title",
            ))
            .and(predicate::str::contains("sentinel/incidents"))
            .and(predicate::str::contains("needs CreatedTime, Status"))
            .and(predicate::str::contains("incident_id and created_at"))
            .and(predicate::str::contains("`socgauge mapping init FILE`")),
    );
    // A forced source that does not fit says so.
    socgauge()
        .args(["ingest", "--source", "splunk"])
        .arg(fixture("sources/sentinel/SecurityAlert.csv"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("not an export socgauge reads as `splunk`")
                .and(predicate::str::contains("splunk/review-history")),
        );
    socgauge()
        .args(["ingest", "--source", "qradar"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown source `qradar`"));
}

#[test]
fn sources_lists_every_source_with_what_it_can_and_cannot_provide() {
    let out = socgauge().arg("sources").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in [
        "canonical",
        "mapped",
        "sentinel",
        "defender",
        "splunk",
        "elastic",
        "thehive",
        "ocsf",
        "servicenow",
    ] {
        assert!(
            text.contains(&format!("{name} — ")),
            "{name} missing:\n{text}"
        );
    }
    assert!(text.contains("defender/guide"));
    assert!(text.contains("cannot provide: status, acknowledged_at, closed_at"));
    let json = json_of(socgauge().args(["sources", "--format", "json"]));
    // The JSON lists what the table lists, the two built-in sources first.
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[..2], ["canonical", "mapped"]);
    for name in &names {
        assert!(
            text.contains(&format!("{name} — ")),
            "{name} not in the table"
        );
    }
    assert_eq!(
        json[0]["shapes"][0]["kinds"],
        serde_json::json!(["incidents", "alerts", "automation"])
    );
    let sentinel = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "sentinel")
        .unwrap();
    let rest = sentinel["shapes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "incidents-rest")
        .unwrap();
    assert!(rest["lacks"][0]
        .as_str()
        .unwrap()
        .starts_with("acknowledged_at and closed_at"));
}

#[test]
fn the_report_says_what_an_export_cannot_give() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    socgauge()
        .args([
            "report",
            "--month",
            "2024-09",
            "--as-of",
            "2024-09-30T00:00:00Z",
            "-o",
        ])
        .arg(&out)
        .arg(fixture("sources/elastic/cases.json"))
        .arg(fixture("sources/elastic/alerts-8x.ndjson"))
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("Not available from these exports"),
        "section missing"
    );
    assert!(html
        .contains("not available from this export: no loaded record has an acknowledgement time"));
    let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
    let tile = dom
        .get_element_by_id("kpi-mtta")
        .unwrap()
        .get(dom.parser())
        .unwrap()
        .inner_text(dom.parser());
    assert!(tile.contains("not available from this export"), "{tile}");
    assert!(!tile.contains("median of"), "{tile}");
}

#[test]
fn vendor_parquet_empty_exports_and_odd_keys() {
    let dir = tempfile::tempdir().unwrap();
    // Parquet written from the Sentinel CSV: read as the same source, same values.
    let parquet = dir.path().join("SecurityAlert.parquet");
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM read_csv('{}', all_varchar = true)) TO '{}' (FORMAT parquet)",
        fixture("sources/sentinel/SecurityAlert.csv").display(),
        parquet.display()
    ))
    .unwrap();
    let (_d, db) = load(&[parquet], &[]);
    assert_eq!(
        sources(&db),
        vec![strings(&[
            "SecurityAlert.parquet",
            "alerts",
            "sentinel/alerts",
            "3",
            "3",
            "0"
        ])]
    );
    assert_eq!(alert(&db, "al-1")[13], "Initial Access;Persistence");

    // Columns named like the reader's own names are data too.
    let named = write(
        dir.path(),
        "named.csv",
        "IncidentNumber,CreatedTime,Status,Severity,r,j,k\n8,2024-01-01T00:00:00Z,New,High,1,2,3\n",
    );
    let (_d, db) = load(&[named], &[]);
    assert_eq!(incident(&db, "8")[2..4], strings(&["high", "new"]));

    // A header without rows: recognised, nothing to load.
    let empty = write(
        dir.path(),
        "none.csv",
        "IncidentNumber,CreatedTime [UTC],Status,Severity\n",
    );
    let (_d, db) = load(&[empty], &[]);
    assert_eq!(
        sources(&db),
        vec![strings(&[
            "none.csv",
            "incidents",
            "sentinel/incidents",
            "0",
            "0",
            "0"
        ])]
    );

    // An empty JSON array is an error that says so.
    let nothing = write(dir.path(), "nothing.json", "[]");
    socgauge()
        .arg("ingest")
        .arg(&nothing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("holds no records"));

    // Keys with quotes and backslashes are data, not paths.
    let odd = write(
        dir.path(),
        "odd.json",
        "{\"IncidentNumber\":\"7\",\"CreatedTime\":\"2024-01-01T00:00:00Z\",\"Status\":\"New\",\"Severity\":\"Low\",\"a\\\"b\\\\c\":[1]}\n",
    );
    let (_d, db) = load(&[odd], &[]);
    assert_eq!(incident(&db, "7")[2..4], strings(&["low", "new"]));
}

#[test]
fn one_load_mixes_sources_and_record_layouts() {
    let f = |n: &str| fixture(&format!("sources/{n}"));
    // A list inside an object, rows of a CSV, lines of NDJSON and a canonical file, in one load.
    let (_dir, db) = load(&[], &[]);
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(f("defender/graph_incidents.json"))
        .arg(f("sentinel/SecurityAlert.csv"))
        .arg(f("ocsf/incident_findings.ndjson"))
        .arg(f("elastic/cases.json"))
        .arg(fixture("load/incidents_basic.csv"))
        .assert()
        .success();
    let by_source = query(
        &db,
        "SELECT source, sum(rows_loaded) FROM loads GROUP BY source ORDER BY source",
    );
    assert_eq!(
        by_source,
        vec![
            strings(&[
                "canonical",
                &scalar(
                    &db,
                    "SELECT count(*) FROM incidents WHERE source_file LIKE '%incidents_basic.csv'"
                )
            ]),
            strings(&["defender/graph-incidents", "5"]),
            strings(&["elastic/cases", "2"]),
            strings(&["ocsf/incident-findings", "4"]),
            strings(&["sentinel/alerts", "3"]),
        ]
    );
    // The OCSF stream's acknowledgement events are its review times too, read from its own
    // rows: no rows of their own.
    assert_eq!(
        query(&db, "SELECT count(*) FROM loads WHERE kind = 'reviews'"),
        vec![strings(&["0"])]
    );
    assert_eq!(incident(&db, "inc-1")[3], "closed");
    assert_eq!(alert(&db, "al-1")[5], "identity");
}

#[test]
fn availability_is_judged_per_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // ServiceNow (no acknowledgement times) for one client, canonical incidents for another.
    socgauge()
        .args(["ingest", "--quiet", "--tenant", "sn", "--db"])
        .arg(&db)
        .arg(fixture("sources/servicenow/sn_si_incident.csv"))
        .assert()
        .success();
    // The metrics fixture's incidents name their tenants (acme and another).
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(fixture("metrics/incidents.csv"))
        .assert()
        .success();
    let json = json_of(
        socgauge()
            .args([
                "metrics",
                "--format",
                "json",
                "--from",
                "2020-01-01",
                "--to",
                "2030-01-01",
                "--db",
            ])
            .arg(&db),
    );
    let mtta = |t: &str| json["tenants"][t]["metrics"]["mtta"].clone();
    assert!(mtta("sn")["unavailable"]
        .as_str()
        .unwrap()
        .contains("acknowledgement time"));
    assert!(
        mtta("acme").get("unavailable").is_none(),
        "{}",
        mtta("acme")
    );
    // Pooled, some rows have the field: available.
    assert!(json["metrics"]["mtta"].get("unavailable").is_none());
}

#[test]
fn hostile_vendor_values_are_escaped_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let alerts = write(
        dir.path(),
        "SecurityAlert.csv",
        "SystemAlertId,TimeGenerated,AlertName,AlertSeverity,ProductName,AlertType,Entities\n\
         x1,2024-08-01T10:00:00Z,\"<script>alert(1)</script>\",High,\"\"\"><img src=x onerror=alert(2)>\",\"</svg><svg onload=alert(3)>\",\"[{\"\"Type\"\":\"\"account\"\",\"\"Name\"\":\"\"<b>eve</b>\"\"}]\"\n",
    );
    // Its incident, closed as a false positive, makes the rule a noisy one: the report names it.
    let incidents = write(
        dir.path(),
        "SecurityIncident.csv",
        "IncidentNumber,IncidentName,Title,CreatedTime,ClosedTime,Status,Severity,Classification,AlertIds
         1,i-1,\"<iframe src=//evil>\",2024-08-01T10:05:00Z,2024-08-01T11:00:00Z,Closed,High,FalsePositive,\"[\"\"x1\"\"]\"
",
    );
    let out = dir.path().join("r.html");
    socgauge()
        .args([
            "report",
            "--month",
            "2024-08",
            "--as-of",
            "2024-08-31T00:00:00Z",
            "-o",
        ])
        .arg(&out)
        .arg(&alerts)
        .arg(&incidents)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<iframe"), "raw iframe tag");
    assert!(!html.contains("<script"), "raw script tag");
    assert!(!html.contains("<img"), "raw img tag");
    assert!(!html.contains("onload=alert(3)>"), "raw svg attribute");
    assert!(
        html.contains("&lt;script&gt;") || html.contains("&lt;script"),
        "the rule name is shown, escaped"
    );
}

#[test]
fn sentinel_kql_json_with_objects_lists_and_python_style_times() {
    let (_dir, db) = load(
        &[fixture("sources/sentinel/SecurityIncident.kql.json")],
        &[],
    );
    let id = "d4d4d4d4-0000-4000-8000-000000000004";
    // Owner as an object, AlertIds as a list, `None` as a missing time, `+00:00` offsets; the
    // rows arrive newest first and the second update (Active, owned) is the acknowledgement.
    assert_eq!(
        incident(&db, id),
        strings(&[
            id,
            "Suspicious sign-in burst",
            "medium",
            "active",
            "NULL",
            "2023-03-09T04:55:00.000Z",
            "2023-03-09T05:03:47.436Z",
            "2023-03-09T05:10:00.123Z",
            "NULL",
            "dee@contoso.com",
            "NULL",
            "NULL"
        ])
    );
    assert_eq!(
        query(&db, "SELECT alert_id FROM links ORDER BY 1"),
        vec![strings(&["al-10"]), strings(&["al-9"])]
    );
}

#[test]
fn splunk_csv_multivalue_cells_give_their_first_value() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "notables.csv",
        "event_id,_time,search_name,urgency,dest,user\nE1,2024-06-05T09:00:00Z,Endpoint - X - Rule,low,\"ws-1\nws-2\",bob\n",
    );
    let (_d, db) = load(&[csv], &[]);
    let a = alert(&db, "E1");
    // Severity: urgency, else severity, for the alert as for its incident.
    assert_eq!(a[5..7], strings(&["endpoint", "low"]));
    assert_eq!(a[15..17], strings(&["bob", "ws-1"]));
}

/// A review status the deployment added: active when `status_end` says it does not end the
/// review; without `status_end`, loaded without a status and said so, counted.
#[test]
fn splunk_review_statuses_of_the_deployment_are_read_or_told() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "notables.csv",
        "event_id,_time,search_name,urgency,status,status_label,status_end\n\
         E1,2024-06-05T09:00:00Z,Access - X - Rule,low,6,Escalated to IR,false\n\
         E2,2024-06-05T10:00:00Z,Access - X - Rule,low,7,Handed over,\n\
         E3,2024-06-05T11:00:00Z,Access - X - Rule,low,8,Dismissed,true\n\
         E4,2024-06-05T12:00:00Z,Access - X - Rule,low,9,Parked,0\n\
         E5,2024-06-05T13:00:00Z,Access - X - Rule,low,10,Limbo,maybe\n",
    );
    let stderr = crate::harness::ingest_stderr(&dir.path().join("t.db"), &[csv], &[]);
    assert_eq!(
        query(
            &dir.path().join("t.db"),
            "SELECT incident_id, coalesce(status, 'NULL') FROM incidents ORDER BY 1"
        ),
        [
            strings(&["E1", "active"]),
            strings(&["E2", "NULL"]),
            strings(&["E3", "closed"]),
            strings(&["E4", "active"]),
            strings(&["E5", "NULL"]),
        ]
    );
    assert!(
        stderr.contains("1 notable with a review status of this deployment (`Handed over`) loaded without a status: export status_end"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "(`Limbo`) loaded without a status: their status_end `maybe` is neither true nor false"
        ),
        "{stderr}"
    );
}

/// ATT&CK fields are lists: each value of a multivalue cell counts (a line each, as Splunk's CSV
/// export writes them), never one value holding a line break.
#[test]
fn splunk_csv_multivalue_attack_cells_give_every_value() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "notables.csv",
        "event_id,_time,search_name,urgency,annotations.mitre_attack,annotations.mitre_attack.mitre_tactic
         E1,2024-06-05T09:00:00Z,Access - X - Rule,low,\"T1110\r\nT1078\n\",\"credential-access\npersistence\"
         E2,2024-06-05T10:00:00Z,Access - X - Rule,low,T1059,execution
",
    );
    let (_d, db) = load(&[csv], &[]);
    assert_eq!(
        query(
            &db,
            "SELECT alert_id, array_to_string(tactics, '|'), array_to_string(techniques, '|') \
             FROM alerts ORDER BY 1"
        ),
        [
            strings(&["E1", "credential-access|persistence", "T1110|T1078"]),
            strings(&["E2", "execution", "T1059"]),
        ]
    );
}

#[test]
fn sentinel_header_zones_utc_offset_and_local() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "SecurityIncident.csv",
        "IncidentNumber,IncidentName,Title,Status,Severity,CreatedTime [UTC+02:00],ClosedTime [Local Time]\n\
         5,i-5,Zones,Closed,Low,\"8/1/2024, 2:00:00.000 PM\",\"8/1/2024, 3:30:00.000 PM\"\n",
    );
    // The header says +02:00 for creation; closing is in the portal's local time, here Paris.
    let (_d, db) = load(&[csv], &["--input-timezone", "Europe/Paris"]);
    let i = incident(&db, "i-5");
    assert_eq!(
        (i[6].as_str(), i[8].as_str()),
        ("2024-08-01T12:00:00.000Z", "2024-08-01T13:30:00.000Z")
    );
}

/// Links and review times give the same data whether their files come in one load or in several,
/// in any order: an alert whose incident came from a link follows the link when a later export
/// moves it, and an acknowledgement loaded later that happened earlier lowers the time. A row's
/// own value stays.
#[test]
fn links_and_reviews_loaded_over_several_loads_equal_one_load() {
    let dir = tempfile::tempdir().unwrap();
    let alerts = write(
        dir.path(),
        "SecurityAlert.csv",
        "SystemAlertId,TimeGenerated,AlertName,AlertSeverity,ProductName\n\
         x1,2024-08-01T10:00:00Z,one,High,Defender\n\
         x2,2024-08-01T10:01:00Z,two,High,Defender\n",
    );
    let header = "IncidentNumber,IncidentName,Title,CreatedTime,ClosedTime,Status,Severity,Classification,AlertIds\n";
    let first = write(
        dir.path(),
        "SecurityIncident-1.csv",
        &format!(
            "{header}1,i-1,first,2024-08-01T10:05:00Z,,Active,High,,\"[\"\"x1\"\",\"\"x2\"\"]\"\n\
             2,i-2,second,2024-08-01T10:06:00Z,,Active,High,,\"[]\"\n"
        ),
    );
    // The next export moves x1 to the second incident.
    let second = write(
        dir.path(),
        "SecurityIncident-2.csv",
        &format!(
            "{header}1,i-1,first,2024-08-01T10:05:00Z,,Active,High,,\"[\"\"x2\"\"]\"\n\
             2,i-2,second,2024-08-01T10:06:00Z,,Active,High,,\"[\"\"x1\"\"]\"\n"
        ),
    );
    let notables = fixture("sources/splunk/notables.csv");
    let late = write(
        dir.path(),
        "review-late.csv",
        "rule_id,time,owner,reviewer,status,urgency,comment,disposition\n\
         A1B2@@notable@@n2,1717571400,ana,ana,2,high,looking,disposition:0\n",
    );
    let early = write(
        dir.path(),
        "review-early.csv",
        "rule_id,time,owner,reviewer,status,urgency,comment,disposition\n\
         A1B2@@notable@@n2,1717571200,ana,ana,2,high,earlier,disposition:0\n",
    );
    let files = [
        alerts.clone(),
        first.clone(),
        second.clone(),
        notables.clone(),
        late.clone(),
        early.clone(),
    ];
    let state = |name: &str, loads: &[Vec<&PathBuf>]| {
        let db = dir.path().join(name);
        for files in loads {
            socgauge()
                .args(["ingest", "--quiet", "--db"])
                .arg(&db)
                .args(files.iter())
                .assert()
                .success();
        }
        let links = query(
            &db,
            "SELECT a.alert_id, i.title FROM alerts a JOIN incidents i USING (tenant, incident_id)
             WHERE a.alert_id LIKE 'x%' ORDER BY 1",
        );
        let acknowledged = scalar(
            &db,
            "SELECT CAST(acknowledged_at AS VARCHAR) FROM incidents WHERE incident_id = 'A1B2@@notable@@n2'",
        );
        let metrics = json_of(
            socgauge()
                .args(["metrics", "--format", "json", "--month", "2024-08", "--db"])
                .arg(&db),
        );
        (links, acknowledged, metrics)
    };
    let one = state("one.db", &[files.iter().collect()]);
    assert_eq!(
        one.0,
        vec![strings(&["x1", "second"]), strings(&["x2", "first"])]
    );
    assert_eq!(one.1, "2024-06-05 07:06:40+00");
    let each: Vec<Vec<&PathBuf>> = files.iter().map(|f| vec![f]).collect();
    assert_eq!(state("each.db", &each), one, "one load per file");
    // Alerts last: the links wait for them.
    let alerts_last = [
        vec![&first],
        vec![&second],
        vec![&early],
        vec![&notables, &late],
        vec![&alerts],
    ];
    assert_eq!(state("last.db", &alerts_last), one, "alerts last");
}

#[test]
fn epoch_numbers_far_in_the_future_reject_their_row_in_every_unit() {
    // Year 9999 ("never" to some tools) in milliseconds, seconds and microseconds: each reads as
    // that year and rejects its alert; it was once taken for a time in 1978 in the next unit.
    let dir = tempfile::tempdir().unwrap();
    let alert = |id: &str, date: &str| {
        format!(
            r#"{{"_id":"{id}","_type":"Alert","type":"edr","source":"Falcon","sourceRef":"{id}","title":"t","severity":2,"date":{date},"_createdAt":1726040100000,"stage":"New","status":"New","tlp":2}}"#
        )
    };
    let file = write(
        dir.path(),
        "alerts.json",
        &format!(
            "[{}]",
            [
                alert("ok", "1726040000000"),
                alert("ms", "253402300799999"),
                alert("s", "253402300799"),
                alert("us", "253402300799999999"),
                // beyond any timestamp: rejected with the value the file holds
                alert("huge", "1000000000000000000000000000000"),
            ]
            .join(",")
        ),
    );
    let (_d, db) = load(&[file], &["--max-rejects", "1"]);
    assert_eq!(
        query(&db, "SELECT alert_id FROM alerts ORDER BY 1"),
        vec![strings(&["ok"])]
    );
    // Years 9999 and, for the microseconds (a double's rounding), 10000: refused either way;
    // the number too large for any unit keeps its digits.
    let reasons = query(
        &db,
        "SELECT \"column\", left(value, 4), length(value) FROM rejects ORDER BY line",
    );
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    for r in &reasons {
        assert_eq!(r[0], "first_activity_at", "{reasons:?}");
        assert!(r[1] == "9999" || r[1] == "1000", "{reasons:?}");
    }
    assert_eq!(reasons[3][2], "31", "the file's own 31 digits: {reasons:?}");
}

#[test]
fn values_that_are_not_records_among_a_vendor_files_records_are_counted_rejects() {
    // TheHive alerts with a number, a text, a list and a null among them: the alerts load, and
    // each other value is a rejected row of the file (it was once "no records" for the file).
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "alerts.json",
        r#"[{"_id":"~1","_type":"Alert","type":"edr","source":"Falcon","sourceRef":"a","title":"t","severity":2,"date":1726040000000,"_createdAt":1726040100000,"stage":"New","status":"New","tlp":2},
            42, "text", [1], null,
            {"_id":"~2","_type":"Alert","type":"edr","source":"Falcon","sourceRef":"b","title":"t","severity":2,"date":1726040000000,"_createdAt":1726040100000,"stage":"New","status":"New","tlp":2}]"#,
    );
    let (_d, db) = load(&[file], &["--max-rejects", "1"]);
    assert_eq!(
        query(&db, "SELECT alert_id FROM alerts ORDER BY 1"),
        vec![strings(&["~1"]), strings(&["~2"])]
    );
    assert_eq!(
        query(&db, "SELECT value, reason FROM rejects ORDER BY line"),
        ["42", "\"text\"", "[1]", "null"]
            .iter()
            .map(|v| strings(&[v, "not a record: a JSON object was expected"]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        query(
            &db,
            "SELECT rows_read, rows_loaded, rows_rejected FROM loads"
        ),
        vec![strings(&["6", "2", "4"])]
    );
}

/// A file the given mapping does not fit is refused with what the mapping still needs first
/// (a misspelt column), not only the built-in sources nearest by chance.
#[test]
fn a_file_the_mapping_does_not_fit_names_what_the_mapping_needs() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "tickets.csv",
        "Ticket,Opened,Prio\nT1,2026-10-01 10:00,P1\n",
    );
    let mapping = write(
        dir.path(),
        "m.toml",
        "[incidents]\nincident_id = \"Ticket\"\ncreated_at = \"Openned\"\n",
    );
    let out = socgauge()
        .args(["ingest", "--db"])
        .arg(dir.path().join("t.db"))
        .arg("--mapping")
        .arg(&mapping)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let closest = stderr
        .split("closest sources:\n")
        .nth(1)
        .unwrap_or_default();
    assert!(
        closest
            .lines()
            .next()
            .is_some_and(|l| l.contains("m.toml") && l.ends_with("needs openned")),
        "{stderr}"
    );
}

/// An OCSF incident closed as a duplicate (verdict_id 10 on the Close event, the usual way to
/// mark one) is merged, not resolved; a stream exported from after its Create event still
/// takes its creation from `finding_info.created_time`.
/// An OCSF activity stream exported over two days' files (Security Lake partitions), loaded in
/// either order and in separate loads: the latest event's state wins, and the acknowledgement of
/// the first day still counts. Also OCSF 1.0's `tactics` list and a Deleted finding's close time.
#[test]
fn ocsf_streams_split_over_files_keep_their_latest_state_and_review_times() {
    let dir = tempfile::tempdir().unwrap();
    let event = |activity: u8, status: u8, time: &str, extra: &str| {
        format!(
            r#"{{"class_uid": 2005, "category_uid": 2, "activity_id": {activity}, "status_id": {status}, "severity_id": 4, "time": {time}, "metadata": {{"version": "1.1.0", "product": {{"name": "Acme SIEM"}}}}, "finding_info": {{"uid": "I1", "title": "Incident I1", "created_time": 1741168800000}}, "finding_info_list": [{{"uid": "f1"}}]{extra}}}"#
        )
    };
    let day_one = write(
        dir.path(),
        "day1.ndjson",
        &format!(
            "{}\n{}\n",
            event(1, 1, "1741168800000", ""),
            event(2, 2, "1741170000000", r#", "assignee": {"name": "ana"}"#)
        ),
    );
    let day_two = write(
        dir.path(),
        "day2.ndjson",
        &format!(
            "{}\n",
            event(
                3,
                4,
                "1741262400000",
                r#", "assignee": {"name": "ana"}, "verdict_id": 2"#
            )
        ),
    );
    let expected = vec![strings(&[
        "I1",
        "closed",
        "2025-03-05T10:00:00.000Z",
        "2025-03-05T10:20:00.000Z",
        "2025-03-06T12:00:00.000Z",
    ])];
    let times = "SELECT incident_id, status, \
                 strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ'), \
                 strftime(acknowledged_at, '%Y-%m-%dT%H:%M:%S.%gZ'), \
                 coalesce(strftime(closed_at, '%Y-%m-%dT%H:%M:%S.%gZ'), 'NULL') FROM incidents";
    for order in [
        vec![day_one.clone(), day_two.clone()],
        vec![day_two.clone(), day_one.clone()],
    ] {
        // Two loads, then one load of both files.
        let (_d, db) = load(&order, &[]);
        assert_eq!(query(&db, times), expected, "{order:?}");
        let together = tempfile::tempdir().unwrap();
        let db = together.path().join("t.db");
        crate::harness::ingest_stderr(&db, &order, &[]);
        assert_eq!(query(&db, times), expected, "{order:?} in one load");
    }
    // Reopened the next day: active again, with no close time, acknowledged when first
    // acknowledged (not when the reopening assigned it).
    let reopened = write(
        dir.path(),
        "day3.ndjson",
        &format!(
            "{}\n",
            event(2, 2, "1741348800000", r#", "assignee": {"name": "bo"}"#)
        ),
    );
    let (_d, db) = load(&[day_one.clone(), day_two.clone(), reopened], &[]);
    assert_eq!(
        query(&db, times),
        vec![vec![
            "I1".to_string(),
            "active".into(),
            "2025-03-05T10:00:00.000Z".into(),
            "2025-03-05T10:20:00.000Z".into(),
            "NULL".into()
        ]]
    );
    // OCSF 1.0 writes a list of tactics; a Deleted finding (status 6) is closed when deleted.
    let findings = write(
        dir.path(),
        "findings.ndjson",
        r#"{"class_uid": 2001, "category_uid": 2, "activity_id": 1, "state_id": 1, "severity_id": 4, "time": 1741168800000, "metadata": {"version": "1.0.0", "product": {"name": "Security Hub"}}, "finding": {"uid": "s1", "title": "C2"}, "attacks": [{"tactics": [{"name": "Command and Control", "uid": "TA0011"}], "technique": {"uid": "T1071"}}]}
{"class_uid": 2004, "category_uid": 2, "activity_id": 1, "status_id": 1, "severity_id": 3, "time": 1741168800000, "metadata": {"version": "1.3.0", "product": {"name": "X EDR"}}, "finding_info": {"uid": "d1", "title": "t"}}
{"class_uid": 2004, "category_uid": 2, "activity_id": 2, "status_id": 6, "severity_id": 3, "time": 1741172400000, "metadata": {"version": "1.3.0", "product": {"name": "X EDR"}}, "finding_info": {"uid": "d1", "title": "t"}}
"#,
    );
    let (_d, db) = load(&[findings], &[]);
    assert_eq!(
        query(
            &db,
            "SELECT alert_id, status, coalesce(strftime(closed_at, '%H:%M'), 'NULL'), \
             coalesce(array_to_string(tactics, ';'), 'NULL'), coalesce(array_to_string(techniques, ';'), 'NULL') \
             FROM alerts ORDER BY 1"
        ),
        vec![
            strings(&["d1", "closed", "11:00", "NULL", "NULL"]),
            strings(&["s1", "new", "NULL", "Command and Control", "T1071"]),
        ]
    );
}

#[test]
fn ocsf_duplicate_incidents_are_merged_and_created_at_their_created_time() {
    let (_dir, db) = load(
        &[fixture("sources/ocsf/incident_findings_duplicate.ndjson")],
        &[],
    );
    let a = incident(&db, "inc-A");
    assert_eq!(a[3], "redirected");
    // created_time 1727770000000 ms, before the first exported event (1727780000000 ms).
    assert_eq!(a[6], "2024-10-01T08:06:40.000Z");
    assert_eq!(a[7], "2024-10-01T10:53:20.000Z");
    // Without created_time: the first event.
    assert_eq!(incident(&db, "inc-B")[6], "2024-10-01T10:53:20.000Z");
}

/// A ServiceNow Table API export: severity from priority (1 - Critical … 5 - Planning), never
/// from SIR's own severity read on that scale (its `1 - High` is high, not critical); a pair
/// with both parts empty (an unassigned incident) is no value, not its JSON text.
#[test]
fn servicenow_table_api_severity_and_empty_pairs() {
    let (_dir, db) = load(
        &[fixture("sources/servicenow/sn_si_incident_table_api.json")],
        &[],
    );
    assert_eq!(
        query(
            &db,
            "SELECT incident_id, severity, coalesce(owner, 'NULL'), coalesce(category, 'NULL')
             FROM incidents ORDER BY 1"
        ),
        vec![
            strings(&["SIR0020001", "high", "Beth Anglin", "Phishing"]),
            strings(&["SIR0020002", "low", "NULL", "Malware"]),
            strings(&["SIR0020003", "medium", "NULL", "NULL"]),
        ]
    );
    // Without a priority, SIR's own severity on its own scale.
    let dir = tempfile::tempdir().unwrap();
    let only = crate::harness::write(
        dir.path(),
        "sir.json",
        r#"{"result": [{"number": {"display_value": "SIR1", "value": "SIR1"},
            "short_description": {"display_value": "Phish", "value": "Phish"},
            "state": {"display_value": "Analysis", "value": "16"},
            "severity": {"display_value": "1 - High", "value": "1"},
            "opened_at": {"display_value": "", "value": "2025-03-14 09:15:00"},
            "sys_class_name": {"display_value": "Security Incident", "value": "sn_si_incident"}}]}"#,
    );
    let (_dir2, db) = load(&[only], &[]);
    assert_eq!(incident(&db, "SIR1")[2..4], strings(&["high", "active"]));
}

/// A Table API export of an instance in another language: the labels (`Geschlossen`,
/// `Hoch`, `Falsch positiv`) are not known, the pair's codes are (`3`, `2`, `false_positive`).
#[test]
fn servicenow_pairs_labelled_in_another_language_read_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = crate::harness::write(
        dir.path(),
        "de.json",
        r#"{"result": [
            {"number": {"display_value": "SIR1", "value": "SIR1"},
             "state": {"display_value": "Geschlossen", "value": "3"},
             "priority": {"display_value": "Hoch", "value": "2"},
             "opened_at": {"display_value": "05.03.2025 16:00:00", "value": "2025-03-05 15:00:00"},
             "closed_at": {"display_value": "05.03.2025 20:30:00", "value": "2025-03-05 19:30:00"},
             "close_code": {"display_value": "Falsch positiv", "value": "false_positive"}},
            {"number": {"display_value": "SIR2", "value": "SIR2"},
             "state": {"display_value": "Analyse", "value": "16"},
             "priority": {"display_value": "Kritisch", "value": "1"},
             "opened_at": {"display_value": "06.03.2025 09:00:00", "value": "2025-03-06 08:00:00"},
             "closed_at": {"display_value": "", "value": ""},
             "close_code": {"display_value": "", "value": ""}}]}"#,
    );
    let (_d, db) = load(&[file], &[]);
    assert_eq!(
        query(
            &db,
            "SELECT incident_id, severity, status, coalesce(classification, 'NULL'), \
             coalesce(strftime(closed_at, '%Y-%m-%d %H:%M'), 'NULL') FROM incidents ORDER BY 1"
        ),
        vec![
            strings(&[
                "SIR1",
                "high",
                "closed",
                "false_positive",
                "2025-03-05 19:30"
            ]),
            strings(&["SIR2", "critical", "active", "NULL", "NULL"]),
        ]
    );
}

/// The Table API's answer saved otherwise: flattened into two columns per field (as
/// json_normalize writes it), or each pair's JSON text in a CSV cell. Read as the pairs they
/// are: labels, codes and the UTC `value` times.
#[test]
fn servicenow_pairs_flattened_or_written_in_cells_are_read_as_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let flat = crate::harness::write(
        dir.path(),
        "flat.csv",
        "number.display_value,number.value,state.display_value,state.value,priority.display_value,priority.value,\
         opened_at.display_value,opened_at.value,closed_at.display_value,closed_at.value,close_code.display_value,close_code.value\n\
         SIR1,SIR1,Geschlossen,3,Hoch,2,05.03.2025 16:00:00,2025-03-05 15:00:00,05.03.2025 20:30:00,2025-03-05 19:30:00,Falsch positiv,false_positive\n\
         SIR2,SIR2,Analysis,16,1 - Critical,1,06.03.2025 09:00:00,2025-03-06 08:00:00,,,,\n",
    );
    let pair = |display: &str, value: &str| {
        format!("\"{{\"\"display_value\"\": \"\"{display}\"\", \"\"value\"\": \"\"{value}\"\"}}\"")
    };
    let cells = crate::harness::write(
        dir.path(),
        "cells.csv",
        &format!(
            "number,state,priority,opened_at,closed_at,close_code\n{}\n{}\n",
            [
                pair("SIR1", "SIR1"),
                pair("Closed", "3"),
                pair("2 - High", "2"),
                pair("03/05/2025 16:00:00", "2025-03-05 15:00:00"),
                pair("03/05/2025 20:30:00", "2025-03-05 19:30:00"),
                pair("False positive", "false_positive"),
            ]
            .join(","),
            [
                pair("SIR2", "SIR2"),
                pair("Analysis", "16"),
                pair("1 - Critical", "1"),
                pair("03/06/2025 09:00:00", "2025-03-06 08:00:00"),
                pair("", ""),
                pair("", ""),
            ]
            .join(",")
        ),
    );
    for file in [flat, cells] {
        let (_d, db) = load(std::slice::from_ref(&file), &[]);
        assert_eq!(
            query(
                &db,
                "SELECT incident_id, severity, status, coalesce(classification, 'NULL'), \
                 strftime(created_at, '%Y-%m-%d %H:%M'), \
                 coalesce(strftime(closed_at, '%Y-%m-%d %H:%M'), 'NULL') FROM incidents ORDER BY 1"
            ),
            vec![
                strings(&[
                    "SIR1",
                    "high",
                    "closed",
                    "false_positive",
                    "2025-03-05 15:00",
                    "2025-03-05 19:30"
                ]),
                strings(&[
                    "SIR2",
                    "critical",
                    "active",
                    "NULL",
                    "2025-03-06 08:00",
                    "NULL"
                ]),
            ],
            "{}",
            file.display()
        );
    }
}

#[test]
fn servicenow_states_and_priorities_it_does_not_know_are_rejected_not_emptied() {
    // A state the instance added is read as a status when it is one (`Done`: closed, with its
    // close time kept), else the row is rejected naming the value; so is a priority of no scale.
    let dir = tempfile::tempdir().unwrap();
    let file = crate::harness::write(
        dir.path(),
        "sn.csv",
        "number,short_description,priority,state,opened_at,closed_at\n\
         SIR1,Phish,2 - High,Done,2025-03-14 09:15:00,2025-03-14 17:45:30\n\
         SIR2,Odd,2 - High,Exploded,2025-03-14 09:15:00,2025-03-14 17:45:30\n\
         SIR3,Weird,9 - Weird,Closed,2025-03-14 09:15:00,2025-03-14 17:45:30\n",
    );
    let (_d, db) = load(&[file], &["--max-rejects", "1"]);
    assert_eq!(
        query(
            &db,
            "SELECT incident_id, severity, status, strftime(closed_at, '%Y-%m-%d %H:%M') FROM incidents"
        ),
        vec![strings(&["SIR1", "high", "closed", "2025-03-14 17:45"])]
    );
    assert_eq!(
        query(
            &db,
            "SELECT line, \"column\", value FROM rejects ORDER BY line"
        ),
        vec![
            strings(&["3", "status", "Exploded"]),
            strings(&["4", "severity", "9 - Weird"]),
        ]
    );
}

#[test]
fn vendor_csv_rows_keep_their_own_lines_after_blank_lines_and_multi_line_values() {
    // A Splunk notables export with a title over two lines, blank lines between rows and a line
    // the reader cannot split: each row and reject is numbered by the line it starts on.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("sources/splunk/notables.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut first: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    first[4] = "\"Brute force\nagainst vpn\"".into();
    lines[1] = first.join(",");
    let body = format!(
        "{}\n{}\n\n{}\n\n\n{}\nBROKEN,row\n",
        lines[0], lines[1], lines[2], lines[3]
    );
    let file = crate::harness::write(dir.path(), "notables.csv", &body);
    let (_d, db) = load(&[file], &["--max-rejects", "1"]);
    assert_eq!(
        query(
            &db,
            "SELECT incident_id, source_line FROM incidents ORDER BY source_line"
        ),
        vec![
            strings(&["A1B2@@notable@@n1", "2"]),
            strings(&["A1B2@@notable@@n2", "5"]),
            strings(&["A1B2@@notable@@n3", "8"]),
        ]
    );
    assert_eq!(
        query(&db, "SELECT DISTINCT line FROM rejects"),
        vec![strings(&["9"])]
    );
}
