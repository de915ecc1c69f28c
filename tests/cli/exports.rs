//! Real exports II: the shapes pipelines write (Defender incidents one line per alert or entity,
//! advanced hunting in an Event Hub envelope), raw Splunk notables, automation runs from the
//! products, day-first dates, the reject threshold, and `mapping init`'s value and date guesses.
//! Every shape: the exact rows loaded per kind, and rows read = loaded + rejected.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::harness::{fixture, query, scalar, socgauge, write};

fn f(name: &str) -> PathBuf {
    fixture(&format!("sources/{name}"))
}

/// Loads `files` (one ingest) into a fresh database; returns the folder, the database and the
/// ingest's standard error.
fn load(files: &[PathBuf], extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let stderr = crate::harness::ingest_stderr(&db, files, extra);
    (dir, db, stderr)
}

/// Per file and kind: name, kind, source, read, loaded, rejected; read = loaded + rejected.
fn counts(db: &Path) -> Vec<String> {
    let rows = query(
        db,
        "SELECT regexp_extract(file, '[^/]+$'), kind, source, rows_read, rows_loaded, rows_rejected
         FROM loads ORDER BY file_seq, rowid",
    );
    rows.into_iter()
        .map(|r| {
            let read: i64 = r[3].parse().unwrap();
            let loaded: i64 = r[4].parse().unwrap();
            let rejected: i64 = r[5].parse().unwrap();
            assert_eq!(read, loaded + rejected, "{r:?}");
            r.join(" ")
        })
        .collect()
}

fn count(db: &Path, table: &str) -> i64 {
    scalar(db, &format!("SELECT count(*) FROM {table}"))
        .parse()
        .unwrap()
}

/// The `metrics` object of `metrics --format json` on `file` over `period` (its flags).
fn metrics_of(file: &Path, period: &[&str]) -> serde_json::Value {
    let mut json = crate::harness::json_of(
        socgauge()
            .args(["metrics", "--format", "json"])
            .args(period)
            .arg(file),
    );
    json["metrics"].take()
}

/// Ingests `file` expecting the load to be refused (exit 1) with a message naming the file and
/// saying `expected`.
fn ingest_refused(file: &Path, expected: &str) {
    let out = socgauge().arg("ingest").arg(file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(stderr.contains(name.as_ref()), "{name}: {stderr}");
    assert!(stderr.contains(expected), "{expected}: {stderr}");
}

/// Loads `file` whatever its share of rejects and returns the reason of its only reject.
fn only_reject_reason(file: PathBuf) -> String {
    let (_d, db, _) = load(&[file], &["--max-rejects", "1"]);
    let mut rejects = query(&db, "SELECT reason FROM rejects");
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    rejects.remove(0).remove(0)
}

/// A Defender Graph incidents page of incident 42 and its alert da-1, both last updated at
/// `updated` with the Graph `status`.
fn defender_page(updated: &str, status: &str) -> String {
    format!(
        "{{\"value\": [{{\"id\": \"42\", \"displayName\": \"d\", \"severity\": \"high\", \
         \"status\": \"{status}\", \"createdDateTime\": \"2026-10-01T08:00:00Z\", \
         \"lastUpdateDateTime\": \"{updated}\", \"incidentWebUrl\": \"https://security.microsoft.com/incidents/42\", \
         \"alerts\": [{{\"id\": \"da-1\", \"incidentId\": \"42\", \"title\": \"t\", \"severity\": \"high\", \
         \"status\": \"{status}\", \"serviceSource\": \"microsoftDefenderForEndpoint\", \
         \"createdDateTime\": \"2026-10-01T07:00:00Z\", \"lastUpdateDateTime\": \"{updated}\"}}]}}]}}"
    )
}

fn ts(column: &str) -> String {
    format!("strftime(CAST({column} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ')")
}

#[test]
fn defender_incidents_one_line_per_alert_or_entity_keep_every_alert() {
    let (_d, db, stderr) = load(
        &[
            f("defender/pipeline/graph_alert_lines.ndjson"),
            f("defender/pipeline/legacy_entity_lines.ndjson"),
        ],
        &[],
    );
    assert_eq!(
        counts(&db),
        vec![
            "graph_alert_lines.ndjson incidents defender/graph-incidents 7 7 0",
            "graph_alert_lines.ndjson alerts defender/graph-incidents 7 7 0",
            "legacy_entity_lines.ndjson incidents defender/legacy-incidents 5 5 0",
            "legacy_entity_lines.ndjson alerts defender/legacy-incidents 5 5 0",
        ]
    );
    // 501, 502, 503, 505, 506 and 7001, 7002; pa-1..pa-5 and la-1..la-3.
    assert_eq!(count(&db, "incidents"), 7);
    assert_eq!(count(&db, "alerts"), 8);
    let home = |id: &str| {
        scalar(
            &db,
            &format!("SELECT incident_id FROM alerts WHERE alert_id = '{id}'"),
        )
    };
    // Listed under 501 and under 503 (redirected into 501): 501. Listed under 502 and 505, both
    // open: the later-updated 505.
    assert_eq!(home("pa-2"), "501");
    assert_eq!(home("pa-4"), "505");
    assert_eq!(home("la-3"), "7002");
    // The copy under the live incident wins: pa-2 is resolved by automation.
    assert_eq!(
        query(
            &db,
            "SELECT status, closed_by, entity_user FROM alerts WHERE alert_id = 'pa-2'"
        ),
        vec![vec!["closed", "automation", "dan@contoso.com"]]
    );
    // Entities split over lines are gathered: la-1's user and address, la-3's device and user.
    assert_eq!(
        query(&db, "SELECT entity_user, entity_host, entity_ip FROM alerts WHERE alert_id IN ('la-1', 'la-3') ORDER BY alert_id"),
        vec![
            vec!["erin@contoso.com", "NULL", "203.0.113.77"],
            vec!["svc-backup", "srv-12", "NULL"]
        ]
    );
    // An incident's close time is its alerts' latest resolution, over all its lines.
    assert_eq!(
        scalar(
            &db,
            &format!(
                "SELECT {} FROM incidents WHERE incident_id = '7001'",
                ts("closed_at")
            )
        ),
        "2026-06-05T14:45:00Z"
    );
    assert_eq!(
        scalar(
            &db,
            &format!(
                "SELECT {} FROM incidents WHERE incident_id = '501'",
                ts("closed_at")
            )
        ),
        "2026-06-01T11:30:00Z"
    );
    // Alerts that cannot be read are said, not silently dropped.
    assert!(
        stderr.contains("graph_alert_lines.ndjson`: 1 record lists alerts that are neither a list nor an object of alerts: its incident is loaded without those alerts"),
        "{stderr}"
    );
}

#[test]
fn items_of_an_alert_list_that_are_not_alerts_are_counted_in_a_note() {
    // The Graph incidents fixture with a number, a text and a null among the first incident's
    // alerts: its two alerts load as before, the three items are said, not silently dropped.
    let text = std::fs::read_to_string(f("defender/graph_incidents.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let alerts = doc["value"][0]["alerts"].as_array_mut().unwrap();
    alerts.push(serde_json::json!(42));
    alerts.push(serde_json::json!("da-9"));
    alerts.push(serde_json::Value::Null);
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "incidents.json", &doc.to_string());
    let (_d, db, stderr) = load(&[file], &[]);
    assert_eq!(
        query(
            &db,
            "SELECT alert_id FROM alerts WHERE incident_id = '2972395' ORDER BY alert_id"
        ),
        vec![vec!["da-1"], vec!["da-2"]]
    );
    assert!(
        stderr.contains("incidents.json`: 3 items of alert lists that are not alerts (not JSON objects) were skipped"),
        "{stderr}"
    );
}

#[test]
fn advanced_hunting_in_an_event_hub_envelope_counts_each_alert_once() {
    let (_d, db, stderr) = load(&[f("defender/pipeline/eventhub_hunting.json")], &[]);
    assert_eq!(
        counts(&db),
        vec!["eventhub_hunting.json alerts defender/hunting-envelope 2 2 0"]
    );
    assert_eq!(count(&db, "alerts"), 2);
    assert_eq!(
        query(
            &db,
            "SELECT alert_id, severity, array_to_string(tactics, ';'), coalesce(array_to_string(techniques, ';'), ''),
                    coalesce(entity_user, '-'), coalesce(entity_host, '-'), coalesce(entity_ip, '-')
             FROM alerts ORDER BY alert_id"
        ),
        vec![
            vec!["ca-200", "medium", "Exfiltration", "", "-", "-", "-"],
            vec!["da-100", "high", "Credential Access", "T1003;T1003.001", "frank@contoso.com", "ws-9.contoso.com", "-"],
        ]
    );
    // The evidence of an alert without AlertInfo adds no alert; other tables are counted.
    assert_eq!(count(&db, "rejects"), 0);
    for note in [
        "1 repeated AlertInfo row read as the one alert it repeats",
        "2 AlertEvidence rows added to their alert",
        "1 AlertEvidence row skipped: its alert has no AlertInfo row in this file",
        "2 rows of a table socgauge does not read skipped (DeviceProcessEvents)",
        "1 row of a table socgauge does not read skipped (EmailEvents)",
    ] {
        assert!(stderr.contains(note), "{note}: {stderr}");
    }
}

/// The envelope with every record's `properties` written as JSON text (as some collectors
/// serialise it) reads as with objects: the same alerts.
#[test]
fn advanced_hunting_envelope_properties_as_json_text_read_as_objects() {
    let text = std::fs::read_to_string(f("defender/pipeline/eventhub_hunting.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for record in doc["records"].as_array_mut().unwrap() {
        let properties = record["properties"].to_string();
        record["properties"] = serde_json::Value::String(properties);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "eventhub_text.json", &doc.to_string());
    let (_d, db, _) = load(&[file], &[]);
    let (_d2, objects, _) = load(&[f("defender/pipeline/eventhub_hunting.json")], &[]);
    let alerts = "SELECT alert_id, severity, array_to_string(tactics, ';'), entity_user FROM alerts ORDER BY alert_id";
    assert_eq!(query(&db, alerts), query(&objects, alerts));
    assert_eq!(count(&db, "alerts"), 2);
}

#[test]
fn raw_splunk_notables_read_their_raw_pairs_with_a_stable_id() {
    let file = f("splunk/index_notable_raw.json");
    // The export holds one firewall event: a reject by design, which --max-rejects does not count.
    let (_d, db, _) = load(std::slice::from_ref(&file), &[]);
    assert_eq!(
        counts(&db),
        vec![
            "index_notable_raw.json incidents splunk/raw-notables 4 3 1",
            "index_notable_raw.json alerts splunk/raw-notables 3 3 0",
        ]
    );
    assert_eq!(count(&db, "incidents"), 3);
    assert_eq!(count(&db, "alerts"), 3);
    assert_eq!(
        query(
            &db,
            &format!(
                "SELECT i.title, i.severity, {}, {}, a.domain, a.entity_user, a.entity_host, a.entity_ip
                 FROM incidents i JOIN alerts a ON a.tenant = i.tenant AND a.incident_id = i.incident_id
                 ORDER BY i.created_at, a.entity_host",
                ts("i.created_at"),
                ts("i.first_activity_at")
            )
        ),
        vec![
            // _time 10:45:02+02:00 is 08:45:02 UTC; orig_time 1781253300.
            vec!["Access - Brute Force Access Behavior Detected - Rule", "high", "2026-06-12T08:45:02Z", "2026-06-12T08:35:00Z", "identity", "bob", "vpn-gw-1", "10.1.2.3"],
            vec!["Endpoint - Malware Detected - Rule", "critical", "2026-06-12T09:45:02Z", "2026-06-12T09:43:20Z", "endpoint", "carol", "ws-17", "NULL"],
            vec!["Endpoint - Malware Detected - Rule", "critical", "2026-06-12T09:45:02Z", "2026-06-12T09:43:20Z", "endpoint", "dave", "ws-18", "NULL"],
        ]
    );
    // The firewall event in the export is not a notable: rejected with the reason.
    assert_eq!(
        query(&db, "SELECT line, reason FROM rejects"),
        vec![vec![
            "4",
            "not a notable event (index=notable or sourcetype=stash expected)"
        ]]
    );
    // The id depends on the event only: the same events as CSV with `_time` written otherwise
    // get the same ids.
    let ids = query(&db, "SELECT incident_id FROM incidents ORDER BY 1");
    let dir = tempfile::tempdir().unwrap();
    let raw: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    let r = &raw["result"];
    let mut writer = csv::Writer::from_path(dir.path().join("notable2.csv")).unwrap();
    writer
        .write_record(["_time", "_raw", "index", "source", "sourcetype"])
        .unwrap();
    writer
        .write_record([
            "2026-06-12T11:45:02.000+02:00",
            r["_raw"].as_str().unwrap(),
            "notable",
            r["source"].as_str().unwrap(),
            "stash",
        ])
        .unwrap();
    writer.flush().unwrap();
    let (_d2, db2, _) = load(&[dir.path().join("notable2.csv")], &[]);
    let id2 = scalar(&db2, "SELECT incident_id FROM incidents");
    assert!(ids.iter().any(|r| r[0] == id2), "{id2} not in {ids:?}");
    assert!(id2.starts_with("notable:"));
}

/// An XSOAR work plan as a running playbook writes it: the runs of its sub-playbooks (at any
/// depth) are runs, numbered by the tasks that ran them, with approvals inside the sub-playbook;
/// tasks it has not reached yet (no state, never started) are skipped and counted, not rejected.
#[test]
fn xsoar_sub_playbooks_are_read_and_tasks_not_reached_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let never = "0001-01-01T00:00:00Z";
    let task = |id: &str, state: &str, start: &str, script: Option<&str>, extra: &str| {
        format!(
            r#""{id}": {{"id": "{id}", "type": "regular", "state": "{state}", "startDate": "{start}", "completedDate": "{start}", "completedBy": "{by}", "task": {{"name": "task {id}"{script}}}{extra}}}"#,
            by = if script.is_some() { "DBot" } else { "ana" },
            script = script.map_or_else(String::new, |s| format!(r#", "scriptId": "{s}""#)),
        )
    };
    let inner_inner = format!(
        r#"{{"name": "Deep", "tasks": {{{}}}}}"#,
        task(
            "1",
            "Completed",
            "2026-10-01T08:00:05Z",
            Some("Builtin|||closeInvestigation"),
            ""
        )
    );
    let inner = format!(
        r#"{{"name": "Containment", "tasks": {{{}, {}, {}}}}}"#,
        task(
            "1",
            "Completed",
            "2026-10-01T08:00:02Z",
            None,
            r##", "nextTasks": {"#none#": ["2"]}"##
        ),
        task(
            "2",
            "Completed",
            "2026-10-01T08:00:03Z",
            Some("CrowdStrikeFalcon|||cs-falcon-contain-host"),
            ""
        ),
        task(
            "3",
            "Completed",
            "2026-10-01T08:00:04Z",
            None,
            &format!(r#", "subPlaybook": {inner_inner}"#)
        ),
    );
    let plan = format!(
        r#"{{"id": "77", "playbookId": "Phishing", "name": "Phishing", "tasks": {{{}, {}, {}}}}}"#,
        task(
            "1",
            "Completed",
            "2026-10-01T08:00:01Z",
            None,
            &format!(r#", "subPlaybook": {inner}"#)
        ),
        task("2", "Completed", "2026-10-01T08:00:06Z", Some("|||ip"), ""),
        task("3", "", never, Some("EWS|||ews-block-sender"), ""),
    );
    let file = write(dir.path(), "wp.json", &plan);
    let (_d, db, stderr) = load(&[file], &[]);
    assert_eq!(
        counts(&db),
        ["wp.json automation xsoar/playbook-tasks 3 3 0"]
    );
    assert_eq!(
        query(
            &db,
            "SELECT run_id, playbook, action, coalesce(approved_by, '-') FROM automation ORDER BY run_id"
        ),
        [
            ["77:1/2", "Containment", "contain", "ana"],
            ["77:1/3/1", "Deep", "close", "-"],
            ["77:2", "Phishing", "other", "-"],
        ]
    );
    assert!(
        stderr.contains("1 work-plan task not reached yet skipped"),
        "{stderr}"
    );
}

#[test]
fn automation_runs_from_every_product() {
    let (_d, db, stderr) = load(
        &[
            f("sentinel/SentinelHealth.json"),
            f("defender/automation/machineactions.json"),
            f("defender/automation/investigations.json"),
            f("defender/automation/action-center-history.csv"),
            f("splunk/soar_playbook_run.json"),
            f("splunk/soar_action_run.json"),
            f("xsoar/inv-playbook.json"),
            f("thehive/cortex-actions.json"),
        ],
        &[],
    );
    assert_eq!(
        counts(&db),
        vec![
            "SentinelHealth.json automation sentinel/health 4 4 0",
            "machineactions.json automation defender/machine-actions 3 3 0",
            "investigations.json automation defender/investigations 3 3 0",
            "action-center-history.csv automation defender/action-center 3 3 0",
            "soar_playbook_run.json automation splunk/soar-playbook-runs 3 3 0",
            "soar_action_run.json automation splunk/soar-action-runs 3 3 0",
            "inv-playbook.json automation xsoar/playbook-tasks 5 5 0",
            "cortex-actions.json automation thehive/cortex-jobs 4 4 0",
        ]
    );
    assert_eq!(count(&db, "automation"), 28);
    let run = |id: &str| {
        query(
            &db,
            &format!(
                "SELECT coalesce(incident_id, '-'), coalesce(alert_id, '-'), playbook, action, {}, coalesce({}, '-'),
                        coalesce(outcome, '-'), coalesce(approved_by, '-')
                 FROM automation WHERE run_id = '{id}'",
                ts("started_at"),
                ts("finished_at")
            ),
        )
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("run {id}"))
    };
    // Sentinel: the rule's run, the playbook it triggered, a playbook started by a person.
    assert_eq!(
        run("rec-1"),
        vec![
            "1c2a7e4b-0000-4000-8000-000000000001",
            "-",
            "Assign phishing incidents to Tier 1",
            "triage",
            "2026-06-10T08:00:01Z",
            "-",
            "success",
            "-"
        ]
    );
    assert_eq!(run("08585-run-a")[2..4], ["Enrich-IP-VirusTotal", "enrich"]);
    assert_eq!(
        run("rec-2")[3..8],
        [
            "contain",
            "2026-06-10T08:05:00Z",
            "-",
            "success",
            "ana@contoso.com"
        ]
    );
    assert_eq!(
        run("rec-3")[3..7],
        ["close", "2026-06-10T09:00:00Z", "-", "failure"]
    );
    // Defender: device actions, investigations and the Action center's day-first local dates.
    assert_eq!(
        run("5382f7ea-7557-4ab7-9782-d50480024a4e")[3..8],
        [
            "contain",
            "2026-06-01T08:05:00Z",
            "2026-06-01T08:06:30Z",
            "success",
            "ana@contoso.com"
        ]
    );
    assert_eq!(
        run("63017")[1..7],
        [
            "da637574121341393251_-1053306823",
            "Automated investigation",
            "remediate",
            "2026-06-01T07:59:00Z",
            "2026-06-01T08:30:00Z",
            "success"
        ]
    );
    assert_eq!(
        query(&db, &format!("SELECT action, {}, coalesce(outcome, '-'), coalesce(approved_by, '-') FROM automation WHERE playbook = 'Automated investigation' AND run_id LIKE 'ac:%' ORDER BY started_at", ts("started_at"))),
        vec![
            vec!["contain", "2026-06-11T08:31:00Z", "success", "ana@contoso.com"],
            vec!["contain", "2026-06-11T08:31:05Z", "success", "-"],
            vec!["remediate", "2026-06-13T09:15:00Z", "failure", "-"],
        ]
    );
    // Splunk SOAR: an approved containment.
    assert_eq!(
        run("action_run:9002")[2..8],
        [
            "playbook_run:302",
            "contain",
            "2026-06-12T11:00:10Z",
            "2026-06-12T11:01:00Z",
            "success",
            "carol"
        ]
    );
    assert_eq!(
        run("playbook_run:302")[2..7],
        [
            "local/isolate_endpoint",
            "contain",
            "2026-06-12T11:00:00Z",
            "2026-06-12T11:02:00Z",
            "failure"
        ]
    );
    // XSOAR: the block approved by the analyst who answered the condition task.
    assert_eq!(
        run("4711:3")[2..8],
        [
            "Phishing - Generic v3",
            "contain",
            "2026-06-15T09:20:01Z",
            "2026-06-15T09:20:05Z",
            "success",
            "ana"
        ]
    );
    assert_eq!(run("4711:1")[3], "enrich");
    // TheHive: a responder launched by a person, an analyzer job.
    assert_eq!(
        run("~41002")[0..8],
        [
            "~8001",
            "-",
            "CrowdStrike_Contain_Host_1_0",
            "contain",
            "2026-06-11T15:10:00Z",
            "2026-06-11T15:11:00Z",
            "failure",
            "bo@soc.local"
        ]
    );
    assert_eq!(run("~41003")[3], "enrich");
    for note in [
        "1 row of other Sentinel resources skipped (data connector)",
        "1 action taken by hand skipped (not automation: manual device action)",
        "1 work-plan task never run skipped (WillNotBeExecuted)",
        "2 work-plan tasks without a script skipped (manual",
        "slash or dash dates read day-first",
    ] {
        assert!(stderr.contains(note), "{note}: {stderr}");
    }
}

#[test]
fn a_mapping_that_gives_every_time_its_format_hears_nothing_of_date_order() {
    // Resolved is read with the mapping's own day-first pattern: 5 June. The file's slash dates
    // prove no order, but no time is read in a guessed order, so no warning (its advice, to set
    // --date-format, would change nothing).
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "tickets.csv",
        "Ticket,Raised,Resolved\nT1,05.10.2026 10:00,05/06/2026 11:00\n",
    );
    let mapping = write(
        dir.path(),
        "tickets.toml",
        "[incidents]\nincident_id = \"Ticket\"\n\
         created_at = { column = \"Raised\", format = \"%d.%m.%Y %H:%M\" }\n\
         closed_at = { column = \"Resolved\", format = \"%d/%m/%Y %H:%M\" }\n",
    );
    let (_d, db, stderr) = load(&[file], &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        query(&db, &format!("SELECT {} FROM incidents", ts("closed_at"))),
        vec![vec!["2026-06-05T11:00:00Z"]]
    );
    assert!(!stderr.contains("slash or dash"), "{stderr}");
}

#[test]
fn an_input_timezone_given_beats_the_mappings_even_utc() {
    // The mapping says Paris; `--input-timezone UTC`, given, is the user's word (it was taken
    // for "not given" and lost to Paris). Without the flag, Paris.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.csv", "Ticket,Raised\nT1,2026-10-05 10:00\n");
    let mapping = write(
        dir.path(),
        "t.toml",
        "timezone = \"Europe/Paris\"\n[incidents]\nincident_id = \"Ticket\"\ncreated_at = \"Raised\"\n",
    );
    let m = mapping.to_str().unwrap();
    for (extra, expected) in [
        (&["--mapping", m][..], "2026-10-05T08:00:00Z"),
        (
            &["--mapping", m, "--input-timezone", "UTC"][..],
            "2026-10-05T10:00:00Z",
        ),
    ] {
        let (_d, db, _) = load(std::slice::from_ref(&file), extra);
        assert_eq!(
            query(&db, &format!("SELECT {} FROM incidents", ts("created_at"))),
            vec![vec![expected]],
            "{extra:?}"
        );
    }
}

#[test]
fn a_date_that_is_no_calendar_date_proves_no_order() {
    // `31/02/2026` (a typo) and `99/99/2026` are rejected, and prove nothing: the other dates,
    // which no field above 12 tells, stay month-first (3 April would be 4 March day-first), and
    // the database keeps no day-first proof for later loads.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "sn.csv",
        "number,short_description,priority,state,opened_at,closed_at\n\
         SIR1,x,2 - High,Closed,04/03/2026 10:00:00,\n\
         SIR2,x,2 - High,Closed,31/02/2026 10:00:00,\n\
         SIR3,x,2 - High,Closed,99/99/2026 10:00:00,\n",
    );
    let (_d, db, stderr) = load(&[file], &["--max-rejects", "1"]);
    assert_eq!(
        query(
            &db,
            &format!(
                "SELECT incident_id, {} FROM incidents ORDER BY 1",
                ts("created_at")
            )
        ),
        vec![vec!["SIR1", "2026-04-03T10:00:00Z"]]
    );
    assert_eq!(count(&db, "rejects"), 2);
    assert_eq!(count(&db, "date_orders"), 0);
    assert!(
        stderr.contains(
            "1 slash or dash date read month-first, though no field above 12 proves the order"
        ),
        "{stderr}"
    );
}

#[test]
fn day_first_portal_dates_are_told_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let header = crate::harness::PORTAL_HEADER;
    // 13/06 proves day-first: 11/06 is then 11 June, not 6 November.
    let day_first = write(
        dir.path(),
        "SecurityIncident-dmy.csv",
        &format!(
            "{header}\"11/06/2026, 08:02:23.353\",\"i-1\",\"a\",\"High\",\"New\",\"11/06/2026, 08:02:23.353\",\"\",\"1\"\n\
             \"13/06/2026, 09:00:00.000\",\"i-2\",\"b\",\"Low\",\"Closed\",\"12/06/2026, 09:00:00.000\",\"13/06/2026, 09:00:00.000\",\"2\"\n"
        ),
    );
    let (_d, db, stderr) = load(&[day_first], &[]);
    assert_eq!(
        query(
            &db,
            &format!(
                "SELECT incident_id, {}, coalesce({}, '-') FROM incidents ORDER BY 1",
                ts("created_at"),
                ts("closed_at")
            )
        ),
        vec![
            vec!["i-1", "2026-06-11T08:02:23Z", "-"],
            vec!["i-2", "2026-06-12T09:00:00Z", "2026-06-13T09:00:00Z"]
        ]
    );
    assert!(
        stderr.contains("slash or dash dates read day-first: a first field of 13"),
        "{stderr}"
    );
    // Without proof, month-first (the documented default); --date-format overrides.
    let ambiguous = write(
        dir.path(),
        "SecurityIncident-amb.csv",
        &format!("{header}\"11/06/2026, 08:02:23.353\",\"i-3\",\"a\",\"High\",\"New\",\"11/06/2026, 08:02:23.353\",\"\",\"3\"\n"),
    );
    let (_d, db, stderr) = load(std::slice::from_ref(&ambiguous), &[]);
    assert_eq!(
        scalar(&db, &format!("SELECT {} FROM incidents", ts("created_at"))),
        "2026-11-06T08:02:23Z"
    );
    assert!(
        stderr.contains(
            "2 slash or dash dates read month-first, though no field above 12 proves the order"
        ),
        "{stderr}"
    );
    // Only a value that is a date and nothing else tells the order: not a title that starts with
    // one.
    let titled = write(
        dir.path(),
        "SecurityIncident-titled.csv",
        &format!("{header}\"11/06/2026, 08:02:23.353\",\"i-4\",\"13/5/24 backup failed\",\"High\",\"New\",\"11/06/2026, 08:02:23.353\",\"\",\"4\"\n"),
    );
    let (_d, db, _) = load(&[titled], &[]);
    assert_eq!(
        scalar(&db, &format!("SELECT {} FROM incidents", ts("created_at"))),
        "2026-11-06T08:02:23Z"
    );
    let (_d, db, _) = load(&[ambiguous], &["--date-format", "%d/%m/%Y, %H:%M:%S.%g"]);
    assert_eq!(
        scalar(&db, &format!("SELECT {} FROM incidents", ts("created_at"))),
        "2026-06-11T08:02:23Z"
    );
}

#[test]
fn portal_and_excel_forms_a_digit_or_the_seconds_short_are_read() {
    // The portal's comma form without seconds, and Excel's `yyyy-mm-dd h:mm` after a re-save:
    // local times in the column's zone ([UTC]), read as the other forms are.
    let dir = tempfile::tempdir().unwrap();
    let header = crate::harness::PORTAL_HEADER;
    let file = write(
        dir.path(),
        "forms.csv",
        &format!(
            "{header}\"10/1/2026, 9:00 AM\",\"i-1\",\"t\",\"High\",\"Closed\",\"10/1/2026, 9:00 AM\",\"10/1/2026, 2:30 PM\",\"1\"\n\
             \"2026-10-02 9:00\",\"i-2\",\"t\",\"High\",\"Closed\",\"2026-10-02 9:00\",\"2026-10-2 14:05:09\",\"2\"\n\
             \"10/3/2026, 17:45\",\"i-3\",\"t\",\"High\",\"New\",\"10/3/2026, 17:45\",\"\",\"3\"\n\
             \"2026-10-04 10:00\",\"i-4\",\"t\",\"High\",\"Closed\",\"2026-10-04 10:00\",\"2026-10-05\",\"4\"\n"
        ),
    );
    let (_d, db, _) = load(&[file], &["--strict"]);
    assert_eq!(
        query(
            &db,
            &format!(
                "SELECT incident_id, {}, coalesce({}, '-') FROM incidents ORDER BY 1",
                ts("created_at"),
                ts("closed_at")
            )
        ),
        vec![
            vec!["i-1", "2026-10-01T09:00:00Z", "2026-10-01T14:30:00Z"],
            vec!["i-2", "2026-10-02T09:00:00Z", "2026-10-02T14:05:09Z"],
            vec!["i-3", "2026-10-03T17:45:00Z", "-"],
            // A date without a time is a local date (midnight in --input-timezone, UTC here).
            vec!["i-4", "2026-10-04T10:00:00Z", "2026-10-05T00:00:00Z"],
        ]
    );
}

#[test]
fn a_file_whose_dates_cannot_tell_their_order_follows_a_sibling_that_proves_it() {
    // A European portal's exports of two weeks: the second week's days (13, 14) prove day-first,
    // the first week's (1 to 7) cannot; loaded together, both read day-first, whichever comes
    // first, and the first is told why.
    let dir = tempfile::tempdir().unwrap();
    let header = crate::harness::PORTAL_HEADER;
    let row = |id: &str, created: &str, closed: &str| {
        format!("\"{created}, 08:00:00.000\",\"{id}\",\"t\",\"High\",\"Closed\",\"{created}, 08:00:00.000\",\"{closed}, 09:00:00.000\",\"{id}\"\n")
    };
    let week_one = write(
        dir.path(),
        "a-week-one.csv",
        &format!(
            "{header}{}{}this line is not a row\n",
            row("i-1", "02/06/2026", "03/06/2026"),
            row("i-2", "05/06/2026", "07/06/2026")
        ),
    );
    let week_two = write(
        dir.path(),
        "b-week-two.csv",
        &format!("{header}{}", row("i-3", "13/06/2026", "14/06/2026")),
    );
    let dates = |db: &Path| {
        query(
            db,
            &format!(
                "SELECT incident_id, {}, {} FROM incidents ORDER BY 1",
                ts("created_at"),
                ts("closed_at")
            ),
        )
    };
    let day_first = vec![
        vec!["i-1", "2026-06-02T08:00:00Z", "2026-06-03T09:00:00Z"],
        vec!["i-2", "2026-06-05T08:00:00Z", "2026-06-07T09:00:00Z"],
        vec!["i-3", "2026-06-13T08:00:00Z", "2026-06-14T09:00:00Z"],
    ];
    for files in [
        [week_one.clone(), week_two.clone()],
        [week_two.clone(), week_one.clone()],
    ] {
        let (_d, db, stderr) = load(&files, &["--max-rejects", "1"]);
        assert_eq!(dates(&db), day_first);
        assert!(
            stderr.contains(&format!(
                "a-week-one.csv`: 6 slash or dash dates read day-first, though no field above 12 proves the \
                 order: `{}` of this load, read as the same tool's export, writes the day first (a first field \
                 of 14)",
                week_two.display()
            )),
            "{stderr}"
        );
        assert!(!stderr.contains("read month-first"), "{stderr}");
        // Staged again, the file counts once: its two rows and its one line that is no row.
        let counts = counts(&db);
        assert!(
            counts
                .iter()
                .any(|c| c.starts_with("a-week-one.csv incidents sentinel/")
                    && c.ends_with(" 3 2 1")),
            "{counts:?}"
        );
        assert_eq!(scalar(&db, "SELECT count(*) FROM rejects"), "1");
    }
    // Loaded again alone into that database, the first week follows the earlier load's proof
    // for the same tenant: nothing moves to another month.
    let dir2 = tempfile::tempdir().unwrap();
    let db = dir2.path().join("t.db");
    crate::harness::ingest_stderr(
        &db,
        &[week_one.clone(), week_two.clone()],
        &["--max-rejects", "1"],
    );
    let stderr = crate::harness::ingest_stderr(
        &db,
        std::slice::from_ref(&week_one),
        &["--max-rejects", "1"],
    );
    assert_eq!(dates(&db), day_first);
    assert!(
        stderr.contains(&format!(
            "6 slash or dash dates read day-first, though no field above 12 proves the order: `{}` of an \
             earlier load of this database, for the same tenant",
            week_two.display()
        )),
        "{stderr}"
    );
    // Not for another tenant: another client's exports may be written in another locale.
    let stderr = crate::harness::ingest_stderr(
        &db,
        std::slice::from_ref(&week_one),
        &["--max-rejects", "1", "--tenant", "other"],
    );
    assert!(stderr.contains("read month-first"), "{stderr}");
    // A --date-format is kept as the tool's order too. Day first, for tenant `eu`: a later file
    // that cannot tell follows it.
    let eu = |extra: &[&str]| {
        let mut args = vec!["--max-rejects", "1", "--tenant", "eu"];
        args.extend_from_slice(extra);
        crate::harness::ingest_stderr(&db, std::slice::from_ref(&week_one), &args)
    };
    eu(&["--date-format", "%d/%m/%Y, %H:%M:%S.%g"]);
    let stderr = eu(&[]);
    assert!(
        stderr.contains("writes the day first (its --date-format says so); if this export writes the month first, load it again with --date-format '%m/%d/%Y, %H:%M:%S.%g'"),
        "{stderr}"
    );
    // Month first, it undoes that: the tool has written both orders, so neither is followed.
    eu(&["--date-format", "%m/%d/%Y, %H:%M:%S.%g"]);
    let stderr = eu(&[]);
    assert!(
        stderr.contains(
            "though no field above 12 proves the order: if the export writes the day first"
        ),
        "{stderr}"
    );
    // Alone, the first week cannot tell: month-first, as documented, and the warning gives the
    // file's own form, day first, as the --date-format to load it with.
    let (_d, db, stderr) = load(std::slice::from_ref(&week_one), &["--max-rejects", "1"]);
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT min({}) FROM incidents", ts("created_at"))
        ),
        "2026-02-06T08:00:00Z"
    );
    assert!(
        stderr.contains(
            "though no field above 12 proves the order: if the export writes the day first, load it again \
             with --date-format '%d/%m/%Y, %H:%M:%S.%g' (its own form, day first)"
        ),
        "{stderr}"
    );
    let (_d, db, _) = load(
        std::slice::from_ref(&week_one),
        &[
            "--max-rejects",
            "1",
            "--date-format",
            "%d/%m/%Y, %H:%M:%S.%g",
        ],
    );
    assert_eq!(dates(&db), day_first[..2]);
    // A misread date is no version: 11/02 read month-first is 2 November, later than the right
    // 11 February, and would otherwise hold off the corrected load for good.
    let late = write(
        dir.path(),
        "late.csv",
        &format!("{header}{}", row("i-9", "11/02/2026", "12/02/2026")),
    );
    let dir3 = tempfile::tempdir().unwrap();
    let db = dir3.path().join("t.db");
    crate::harness::ingest_stderr(&db, std::slice::from_ref(&late), &[]);
    assert_eq!(
        dates(&db),
        [["i-9", "2026-11-02T08:00:00Z", "2026-12-02T09:00:00Z"]]
    );
    assert_eq!(count(&db, "row_versions"), 0);
    let stderr =
        crate::harness::ingest_stderr(&db, &[late], &["--date-format", "%d/%m/%Y, %H:%M:%S.%g"]);
    assert_eq!(
        dates(&db),
        [["i-9", "2026-02-11T08:00:00Z", "2026-02-12T09:00:00Z"]],
        "{stderr}"
    );
    // A sibling proving month-first, or another tool's export, changes nothing.
    let us = write(
        dir.path(),
        "c-us.csv",
        &format!("{header}{}", row("i-4", "06/13/2026", "06/14/2026")),
    );
    let (_d, db, _) = load(&[week_one, week_two, us], &["--max-rejects", "1"]);
    assert_eq!(
        scalar(
            &db,
            &format!(
                "SELECT {} FROM incidents WHERE incident_id = 'i-1'",
                ts("created_at")
            )
        ),
        "2026-02-06T08:00:00Z"
    );
}

#[test]
fn of_two_exports_loaded_together_the_latest_update_of_an_incident_wins() {
    // A browser names the second download `query_data (1).csv`, which sorts before the first:
    // the file order would keep the older state. Every row saying when its incident was last
    // updated, the latest update is kept, whatever the order.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let header = "\"TimeGenerated [UTC]\",\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"ClosedTime [UTC]\",\"IncidentNumber\"\n";
    let row = |modified: &str, id: &str, status: &str, closed: &str| {
        format!("\"{modified}\",\"{modified}\",\"{id}\",\"t\",\"High\",\"{status}\",\"2026-10-01T08:00:00Z\",\"{closed}\",\"{id}\"\n")
    };
    write(
        &folder,
        "query_data.csv",
        &format!(
            "{header}{}{}",
            row("2026-10-01T09:00:00Z", "i-1", "New", ""),
            row(
                "2026-10-03T09:00:00Z",
                "i-2",
                "Closed",
                "2026-10-03T09:00:00Z"
            )
        ),
    );
    write(
        &folder,
        "query_data (1).csv",
        &format!(
            "{header}{}{}",
            row(
                "2026-10-02T09:00:00Z",
                "i-1",
                "Closed",
                "2026-10-02T09:00:00Z"
            ),
            row("2026-10-02T09:00:00Z", "i-2", "Active", "")
        ),
    );
    let (_d, db, _) = load(&[folder], &[]);
    assert_eq!(
        query(&db, "SELECT incident_id, status FROM incidents ORDER BY 1"),
        vec![vec!["i-1", "closed"], vec!["i-2", "closed"]]
    );
    // The newer export's alerts are the incident's: one only the older lists is not linked.
    let linked = dir.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    let with_alerts = |modified: &str, alerts: &str| {
        format!(
            "\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"IncidentNumber\",\"AlertIds\"\n\
             \"{modified}\",\"i-1\",\"t\",\"High\",\"Active\",\"2026-10-01T08:00:00Z\",\"1\",\"{alerts}\"\n"
        )
    };
    write(
        &linked,
        "query_data.csv",
        &with_alerts("2026-10-01T09:00:00Z", "[\"\"al-1\"\"]"),
    );
    write(
        &linked,
        "query_data (1).csv",
        &with_alerts("2026-10-02T09:00:00Z", "[\"\"al-2\"\"]"),
    );
    let (_d, db, _) = load(&[linked], &[]);
    assert_eq!(
        query(&db, "SELECT incident_id, alert_id FROM links ORDER BY 2"),
        vec![vec!["i-1", "al-2"]]
    );
    // Defender's pages: the incident's lastUpdateDateTime decides the same way.
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    write(
        &pages,
        "a.json",
        &defender_page("2026-10-05T00:00:00Z", "resolved"),
    );
    write(
        &pages,
        "b.json",
        &defender_page("2026-10-02T00:00:00Z", "inProgress"),
    );
    let (_d, db, _) = load(&[pages], &[]);
    assert_eq!(scalar(&db, "SELECT status FROM incidents"), "closed");
    // Its alerts too: the copy updated last.
    assert_eq!(
        query(&db, "SELECT alert_id, status FROM alerts"),
        vec![vec!["da-1", "closed"]]
    );
    // A row without a version (a canonical file) leaves the file order to decide.
    let mixed = dir.path().join("mixed");
    std::fs::create_dir(&mixed).unwrap();
    write(
        &mixed,
        "a.csv",
        &format!(
            "{header}{}",
            row(
                "2026-10-09T09:00:00Z",
                "i-1",
                "Closed",
                "2026-10-09T09:00:00Z"
            )
        ),
    );
    write(
        &mixed,
        "b-incidents.csv",
        "incident_id,created_at,status\ni-1,2026-10-01T08:00:00Z,active\n",
    );
    let (_d, db, _) = load(&[mixed], &[]);
    assert_eq!(scalar(&db, "SELECT status FROM incidents"), "active");
}

#[test]
fn an_older_export_loaded_after_a_newer_one_does_not_take_back_its_state() {
    // A consultant loads the client's downloads one ingest at a time, in whatever order they
    // come: the stored incident keeps the state of the export updated last.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let export = |name: &str, rows: &[(&str, &str, &str, &str)]| {
        let mut text = String::from(
            "\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"ClosedTime [UTC]\",\"IncidentNumber\",\"AlertIds\"\n",
        );
        for (modified, id, status, alert) in rows {
            let closed = if *status == "Closed" { *modified } else { "" };
            text.push_str(&format!(
                "\"{modified}\",\"{id}\",\"t\",\"High\",\"{status}\",\"2026-10-01T08:00:00Z\",\"{closed}\",\"1\",\"[\"\"{alert}\"\"]\"\n"
            ));
        }
        write(dir.path(), name, &text)
    };
    let newer = export(
        "newer.csv",
        &[("2026-10-03T09:00:00Z", "i-1", "Closed", "al-2")],
    );
    let older = export(
        "older.csv",
        &[
            ("2026-10-01T09:00:00Z", "i-1", "Active", "al-1"),
            ("2026-10-01T09:00:00Z", "i-2", "New", "al-3"),
        ],
    );
    let incidents = "SELECT incident_id, status FROM incidents ORDER BY 1";
    let links = "SELECT incident_id, alert_id FROM links ORDER BY 2";
    assert_eq!(crate::harness::ingest_stderr(&db, &[newer], &[]), "");
    let stderr = crate::harness::ingest_stderr(&db, std::slice::from_ref(&older), &[]);
    assert_eq!(
        query(&db, incidents),
        vec![vec!["i-1", "closed"], vec!["i-2", "new"]]
    );
    // The older export's alerts of that incident are not linked to it; its other incidents load.
    assert_eq!(
        query(&db, links),
        vec![vec!["i-1", "al-2"], vec!["i-2", "al-3"]]
    );
    assert!(
        stderr.contains(&format!(
            "`{}`: 1 of its incidents kept the state an earlier load stored, whose export says \
             they were updated later than this file does",
            older.display()
        )),
        "{stderr}"
    );
    // Its rows still count as read and loaded: nothing in them was wrong.
    assert_eq!(
        scalar(
            &db,
            "SELECT rows_loaded || '/' || rows_rejected FROM loads WHERE file LIKE '%older.csv'"
        ),
        "2/0"
    );
    // A later update loaded later wins, as always.
    let reopened = export(
        "reopened.csv",
        &[("2026-10-05T09:00:00Z", "i-1", "Active", "al-4")],
    );
    assert_eq!(crate::harness::ingest_stderr(&db, &[reopened], &[]), "");
    assert_eq!(
        scalar(
            &db,
            "SELECT status FROM incidents WHERE incident_id = 'i-1'"
        ),
        "active"
    );
    // A row without a version (a canonical file) wins as the later load and drops the stored
    // version: the next export loaded wins again, whatever its date.
    let canonical = write(
        dir.path(),
        "fix-incidents.csv",
        "incident_id,created_at,status\ni-1,2026-10-01T08:00:00Z,closed\n",
    );
    crate::harness::ingest_stderr(&db, &[canonical], &[]);
    assert_eq!(
        scalar(
            &db,
            "SELECT status FROM incidents WHERE incident_id = 'i-1'"
        ),
        "closed"
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM row_versions WHERE id = 'i-1'"),
        "0"
    );
    crate::harness::ingest_stderr(&db, &[older], &[]);
    assert_eq!(
        scalar(
            &db,
            "SELECT status FROM incidents WHERE incident_id = 'i-1'"
        ),
        "active"
    );
    // Defender's alerts keep their own latest update across loads too.
    let page = |name: &str, updated: &str, status: &str| {
        write(dir.path(), name, &defender_page(updated, status))
    };
    let resolved = page("resolved.json", "2026-10-05T00:00:00Z", "resolved");
    let in_progress = page("in-progress.json", "2026-10-02T00:00:00Z", "inProgress");
    crate::harness::ingest_stderr(&db, &[resolved], &[]);
    let stderr = crate::harness::ingest_stderr(&db, &[in_progress], &[]);
    assert_eq!(
        query(
            &db,
            "SELECT i.status, a.status FROM incidents i JOIN alerts a USING (tenant, incident_id) \
             WHERE i.incident_id = '42'"
        ),
        vec![vec!["closed", "closed"]]
    );
    assert!(
        stderr.contains("1 of its alerts kept the state"),
        "{stderr}"
    );
    // The same alert in an alerts_v2 page, older: it keeps its state too.
    let listed = write(
        dir.path(),
        "alerts_v2.json",
        "{\"value\": [{\"id\": \"da-1\", \"incidentId\": \"42\", \"title\": \"t\", \"severity\": \"high\", \
         \"status\": \"inProgress\", \"serviceSource\": \"microsoftDefenderForEndpoint\", \
         \"createdDateTime\": \"2026-10-01T07:00:00Z\", \"lastUpdateDateTime\": \"2026-10-03T00:00:00Z\"}]}",
    );
    crate::harness::ingest_stderr(&db, &[listed], &[]);
    assert_eq!(
        scalar(&db, "SELECT status FROM alerts WHERE alert_id = 'da-1'"),
        "closed"
    );
}

#[test]
fn versions_across_loads_follow_the_rules_of_one_load() {
    let dir = tempfile::tempdir().unwrap();
    let sentinel = |name: &str, modified: &str, id: &str, status: &str| {
        write(
            dir.path(),
            name,
            &format!(
                "\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"IncidentNumber\"\n\
                 \"{modified}\",\"{id}\",\"t\",\"High\",\"{status}\",\"2026-10-01T08:00:00Z\",\"1\"\n"
            ),
        )
    };
    let status = |db: &Path| scalar(db, "SELECT status FROM incidents WHERE incident_id = 'i-1'");
    let newer = sentinel("newer.csv", "2026-10-03T09:00:00Z", "i-1", "Closed");
    let older = sentinel("older.csv", "2026-10-01T09:00:00Z", "i-1", "Active");
    let fix = write(
        dir.path(),
        "fix-incidents.csv",
        "incident_id,created_at,status\ni-1,2026-10-01T08:00:00Z,redirected\n",
    );
    // A canonical correction and an older export in one load: the correction has no version, so
    // the file order decides, as it does when the two are loaded one after the other.
    let together = dir.path().join("together.db");
    crate::harness::ingest_stderr(&together, std::slice::from_ref(&newer), &[]);
    crate::harness::ingest_stderr(&together, &[fix.clone(), older.clone()], &[]);
    let apart = dir.path().join("apart.db");
    crate::harness::ingest_stderr(&apart, std::slice::from_ref(&newer), &[]);
    crate::harness::ingest_stderr(&apart, std::slice::from_ref(&fix), &[]);
    crate::harness::ingest_stderr(&apart, std::slice::from_ref(&older), &[]);
    assert_eq!(status(&together), "active");
    assert_eq!(status(&apart), "active");
    // A load whose rows of an id are not all versioned ranks them by file order and keeps no
    // version for it: an older export loaded next wins, as the last file of one load would.
    let unversioned = dir.path().join("unversioned.db");
    crate::harness::ingest_stderr(&unversioned, &[fix, newer.clone()], &[]);
    assert_eq!(status(&unversioned), "closed");
    assert_eq!(
        scalar(&unversioned, "SELECT count(*) FROM row_versions"),
        "0"
    );
    crate::harness::ingest_stderr(&unversioned, std::slice::from_ref(&older), &[]);
    assert_eq!(status(&unversioned), "active");
    // Every older file of one load is told that its incident kept the stored state.
    let told = dir.path().join("told.db");
    crate::harness::ingest_stderr(&told, std::slice::from_ref(&newer), &[]);
    let older_too = sentinel("older-too.csv", "2026-10-02T09:00:00Z", "i-1", "New");
    let stderr = crate::harness::ingest_stderr(&told, &[older.clone(), older_too.clone()], &[]);
    assert_eq!(status(&told), "closed");
    for file in [&older, &older_too] {
        assert!(
            stderr.contains(&format!(
                "`{}`: 1 of its incidents kept the state an earlier load stored",
                file.display()
            )),
            "{stderr}"
        );
    }
    // A version outside the years socgauge reads is none: it does not hold off every later
    // export.
    let typo = dir.path().join("typo.db");
    crate::harness::ingest_stderr(
        &typo,
        &[sentinel("typo.csv", "9999-10-03T09:00:00Z", "i-1", "New")],
        &[],
    );
    assert_eq!(scalar(&typo, "SELECT count(*) FROM row_versions"), "0");
    crate::harness::ingest_stderr(&typo, &[older], &[]);
    assert_eq!(status(&typo), "active");
    // A TheHive case never updated has no _updatedAt: its creation is its version, older than
    // the stored update, which stays.
    let case = |name: &str, extra: &str, stage: &str| {
        write(
            dir.path(),
            name,
            &format!(
                "[{{\"_id\":\"~100\",\"_type\":\"Case\",\"_createdAt\":1725955200000{extra},\"title\":\"t\",\
                 \"severity\":3,\"tlp\":2,\"startDate\":1725951600000,\"stage\":\"{stage}\",\"status\":\"{stage}\",\"newDate\":1725955200000,\
                 \"closedDate\":1725966000000}}]"
            ),
        )
    };
    let hive = dir.path().join("hive.db");
    crate::harness::ingest_stderr(
        &hive,
        &[case(
            "closed.json",
            ",\"_updatedAt\":1725976800000",
            "Closed",
        )],
        &[],
    );
    crate::harness::ingest_stderr(&hive, &[case("new.json", "", "New")], &[]);
    assert_eq!(scalar(&hive, "SELECT status FROM incidents"), "closed");
    // Sentinel's REST API says when an incident was last modified: an older page loses too.
    let rest = |name: &str, modified: &str, status: &str| {
        write(
            dir.path(),
            name,
            &format!(
                "{{\"value\": [{{\"name\": \"i-1\", \"properties\": {{\"title\": \"t\", \"severity\": \"High\", \
                 \"status\": \"{status}\", \"incidentNumber\": 1, \"createdTimeUtc\": \"2026-10-01T08:00:00Z\", \
                 \"lastModifiedTimeUtc\": \"{modified}\"}}}}]}}"
            ),
        )
    };
    let api = dir.path().join("api.db");
    crate::harness::ingest_stderr(
        &api,
        &[rest("rest-new.json", "2026-10-03T09:00:00Z", "Closed")],
        &[],
    );
    crate::harness::ingest_stderr(
        &api,
        &[rest("rest-old.json", "2026-10-01T09:00:00Z", "Active")],
        &[],
    );
    assert_eq!(status(&api), "closed");
}

#[test]
fn a_reject_of_an_earlier_update_names_the_line_whose_value_it_is() {
    // Every row of a Sentinel incident carries its latest row's state: a bad value there rejects
    // each row, and the earlier rows' rejects say where the value is.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "SecurityIncident.csv",
        "\"LastModifiedTime [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"IncidentNumber\"\n\
         \"2026-10-02T09:00:00Z\",\"i-1\",\"t\",\"Hgh\",\"Active\",\"2026-10-01T08:00:00Z\",\"1\"\n\
         \"2026-10-01T09:00:00Z\",\"i-1\",\"t\",\"High\",\"New\",\"2026-10-01T08:00:00Z\",\"1\"\n\
         \"2026-10-01T09:00:00Z\",\"i-2\",\"t\",\"Low\",\"New\",\"2026-10-01T08:00:00Z\",\"2\"\n",
    );
    let (_d, db, _) = load(&[file], &["--max-rejects", "1"]);
    let rejects = query(&db, "SELECT line, value, reason FROM rejects ORDER BY line");
    assert_eq!(rejects.len(), 2, "{rejects:?}");
    assert_eq!(rejects[0][0..2], ["2", "Hgh"]);
    assert!(rejects[0][2].starts_with("not a severity"), "{rejects:?}");
    assert!(!rejects[0][2].contains("(the value of line"), "{rejects:?}");
    assert_eq!(rejects[1][0..2], ["3", "Hgh"]);
    assert!(
        rejects[1][2].ends_with(
            "(the value of line 2, the latest update of this incident, whose state each of its rows carries)"
        ),
        "{rejects:?}"
    );
    assert_eq!(scalar(&db, "SELECT incident_id FROM incidents"), "i-2");
}

#[test]
fn dotted_dashed_and_user_formatted_local_dates_read_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let header = "\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"ClosedTime [UTC]\",\"IncidentNumber\"\n";
    let created = |name: &str, created: &str, closed: &str, flags: &[&str]| {
        let file = write(
            dir.path(),
            name,
            &format!(
                "{header}\"i-1\",\"a\",\"High\",\"Closed\",\"{created}\",\"{closed}\",\"1\"\n"
            ),
        );
        let (_d, db, _) = load(&[file], flags);
        query(
            &db,
            &format!(
                "SELECT {}, {} FROM incidents",
                ts("created_at"),
                ts("closed_at")
            ),
        )
    };
    // A European spreadsheet's dots are day-first, proven or not.
    assert_eq!(
        created("dots.csv", "05.10.2026 14:05:00", "06.10.2026 15:00", &[]),
        vec![vec!["2026-10-05T14:05:00Z", "2026-10-06T15:00:00Z"]]
    );
    // Dashes as slashes: a day of 28 proves day-first.
    assert_eq!(
        created("dashes.csv", "03-10-2026 13:46:00", "28-10-2026 14:29", &[]),
        vec![vec!["2026-10-03T13:46:00Z", "2026-10-28T14:29:00Z"]]
    );
    // Two-digit years (Excel's short date) are this century, not the year 26; four-digit ones
    // in the same file still read whole.
    assert_eq!(
        created("short-years.csv", "10/5/26 14:03", "10/28/2026 9:15", &[]),
        vec![vec!["2026-10-05T14:03:00Z", "2026-10-28T09:15:00Z"]]
    );
    assert_eq!(
        created("short-dots.csv", "05.10.26 14:03", "06.10.26", &[]),
        vec![vec!["2026-10-05T14:03:00Z", "2026-10-06T00:00:00Z"]]
    );
    // A value no form reads as a date of this era is rejected with the file's own text.
    let odd = write(
        dir.path(),
        "odd-year.csv",
        &format!("{header}\"i-1\",\"a\",\"High\",\"Closed\",\"25/10/26 09:00\",\"10/28/2026 9:15\",\"1\"\n\
                  \"i-2\",\"a\",\"High\",\"Closed\",\"10/27/2026 09:00\",\"10/28/2026 9:15\",\"2\"\n"),
    );
    let (_d, db, _) = load(&[odd], &["--max-rejects", "1"]);
    assert_eq!(
        query(&db, "SELECT line, value FROM rejects"),
        vec![vec!["2", "25/10/26 09:00"]]
    );
    // --date-format reads any form it describes, not only slash dates.
    assert_eq!(
        created(
            "kibana.csv",
            "Oct 29, 2026 @ 08:22:00.000",
            "Oct 30, 2026 @ 09:00:00.000",
            &["--date-format", "%b %d, %Y @ %H:%M:%S.%g"]
        ),
        vec![vec!["2026-10-29T08:22:00Z", "2026-10-30T09:00:00Z"]]
    );
    // A time the format does not describe is rejected naming the format it was read in.
    let unlike = write(
        dir.path(),
        "unlike.csv",
        &format!("{header}\"i-1\",\"a\",\"High\",\"Closed\",\"29/10/2026 08:22\",\"\",\"1\"\n"),
    );
    let (_d, db, _) = load(
        &[unlike],
        &[
            "--max-rejects",
            "1",
            "--date-format",
            "%b %d, %Y @ %H:%M:%S.%g",
        ],
    );
    assert_eq!(
        query(&db, "SELECT value, reason FROM rejects"),
        vec![vec![
            "29/10/2026 08:22",
            "not an ISO 8601 timestamp, nor (in a vendor export) a date-time in the --date-format `%b %d, %Y @ %H:%M:%S.%g`"
        ]]
    );
    // A projection without IncidentNumber is still Sentinel's, by its IncidentName.
    let projected = write(
        dir.path(),
        "projected.csv",
        "\"TimeGenerated [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\"\n\
         \"2026-10-04T20:07:42Z\",\"i-9\",\"a\",\"High\",\"New\",\"2026-10-04T20:07:42Z\"\n",
    );
    let (_d, db, _) = load(&[projected], &[]);
    assert_eq!(scalar(&db, "SELECT incident_id FROM incidents"), "i-9");
    // A format naming the zone reads instants: --input-timezone does not shift them again
    // (under headers that name no zone, whose times are otherwise local).
    let zoned = write(
        dir.path(),
        "zoned.csv",
        "\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime\",\"ClosedTime\",\"IncidentNumber\"\n\
         \"i-1\",\"a\",\"High\",\"Closed\",\"05/10/2026 14:05 +0200\",\"05/10/2026 16:05 +0000\",\"1\"\n",
    );
    let (_d, db, _) = load(
        &[zoned],
        &[
            "--date-format",
            "%d/%m/%Y %H:%M %z",
            "--input-timezone",
            "Europe/Paris",
        ],
    );
    assert_eq!(
        query(
            &db,
            &format!(
                "SELECT {}, {} FROM incidents",
                ts("created_at"),
                ts("closed_at")
            )
        ),
        vec![vec!["2026-10-05T12:05:00Z", "2026-10-05T16:05:00Z"]]
    );
    // Year first, which only one order reads.
    assert_eq!(
        created("ymd.csv", "2026/10/04 14:05:00", "2026/10/05 09:00", &[]),
        vec![vec!["2026-10-04T14:05:00Z", "2026-10-05T09:00:00Z"]]
    );
    // A time that names its zone in words under a [UTC] header.
    assert_eq!(
        created(
            "utc.csv",
            "2026-10-04 20:07:42 UTC",
            "2026-10-05 20:07:42 UTC",
            &[]
        ),
        vec![vec!["2026-10-04T20:07:42Z", "2026-10-05T20:07:42Z"]]
    );
}

/// A mapped CSV of `n` tickets whose severities nothing reads.
fn bad_severities(dir: &Path, n: usize, bad: usize) -> (PathBuf, PathBuf) {
    let mut csv = String::from("Ticket,Opened,Sev\n");
    for i in 0..n {
        let sev = if i < bad { "Purple" } else { "High" };
        csv.push_str(&format!("T-{i},2026-06-01T10:00:00Z,{sev}\n"));
    }
    let data = write(dir, "tickets.csv", &csv);
    let mapping = write(
        dir,
        "tickets.toml",
        "[incidents]\nincident_id = \"Ticket\"\ncreated_at = \"Opened\"\nseverity = \"Sev\"\n",
    );
    (data, mapping)
}

#[test]
fn too_many_rejects_fail_the_load_naming_file_share_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mapping) = bad_severities(dir.path(), 20, 12);
    let db = dir.path().join("t.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg("--mapping")
        .arg(&mapping)
        .arg(&data)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("tickets.csv")
                .and(predicate::str::contains("12 of 20 rows rejected (60.0%)"))
                .and(predicate::str::contains("--max-rejects 0.05"))
                .and(predicate::str::contains(
                    "most common reason (12 rows): column `severity`",
                )),
        );
    assert!(!db.exists(), "a failed first load leaves no database");
    // One bad row of 20 (5 %) is within the default; 2 of 20 are not, unless allowed.
    let (data, mapping) = bad_severities(dir.path(), 20, 1);
    let (_d, db1, _) = load(
        std::slice::from_ref(&data),
        &["--mapping", mapping.to_str().unwrap()],
    );
    assert_eq!(count(&db1, "incidents"), 19);
    let (data, mapping) = bad_severities(dir.path(), 20, 2);
    socgauge()
        .args(["ingest", "--quiet", "--mapping"])
        .arg(&mapping)
        .arg(&data)
        .assert()
        .code(1);
    let (_d, db2, _) = load(
        &[data],
        &[
            "--mapping",
            mapping.to_str().unwrap(),
            "--max-rejects",
            "0.1",
        ],
    );
    assert_eq!(count(&db2, "incidents"), 18);
    // Not a share: a usage error.
    socgauge()
        .args(["ingest", "--max-rejects", "5%"])
        .arg(fixture("sources/sentinel/SecurityIncident.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-rejects"));
}

#[test]
fn rejects_are_listed_from_the_database_and_not_promised_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (data, mapping) = bad_severities(dir.path(), 12, 12);
    // In memory: the rejects table ends with the run, so it is not offered.
    socgauge()
        .args(["ingest", "--quiet", "--max-rejects", "1", "--mapping"])
        .arg(&mapping)
        .arg(&data)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("2 more (not kept without --db")
                .and(predicate::str::contains("rejects` table").not()),
        );
    let db = dir.path().join("t.db");
    socgauge()
        .args(["ingest", "--quiet", "--max-rejects", "1", "--db"])
        .arg(&db)
        .arg("--mapping")
        .arg(&mapping)
        .arg(&data)
        .assert()
        .success()
        .stderr(predicate::str::contains("socgauge rejects --db"));
    let out = socgauge()
        .args(["rejects", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 13, "{text}");
    assert!(
        text.contains("tickets.csv:2  incidents  column `severity` = \"Purple\""),
        "{text}"
    );
    assert!(text.ends_with("12 rejected rows\n"), "{text}");
    let out = socgauge()
        .args(["rejects", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 12);
    assert_eq!(json[0]["line"], 2);
    assert_eq!(json[0]["column"], "severity");
    // --file names the file however its path is spelled: from its folder, as `./name`.
    let folder = data.parent().unwrap();
    let name = format!("./{}", data.file_name().unwrap().to_string_lossy());
    let out = socgauge()
        .current_dir(folder)
        .args(["rejects", "--format", "json", "--file", &name, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let by_file: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(by_file, json);
    // A file never loaded is said so, not "no rejected rows".
    socgauge()
        .args(["rejects", "--file", "nope.csv", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`nope.csv` was never loaded into"));
    socgauge()
        .args(["rejects", "--db"])
        .arg(dir.path().join("none.db"))
        .assert()
        .code(1);
    // A database that is not socgauge's says so, not which table the engine missed.
    let other = dir.path().join("other.db");
    crate::harness::query(&other, "CREATE TABLE x (a INTEGER)");
    socgauge()
        .args(["rejects", "--db"])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a socgauge database"));
}

#[test]
fn mapping_init_guesses_values_and_day_first_dates_of_an_itsm_log() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "incident_log.csv",
        "number,incident_state,opened_at,resolved_at,priority,assigned_to,closed_code,u_id\n\
         INC001,New,25-06-2026 09:15,?,3 - Moderate,ana,?,\n\
         INC002,Active,26-06-2026 10:00,?,1 - Critical,bo,?,\n\
         INC003,Resolved,01-07-2026 08:00,02-07-2026 17:30,2 - High,ana,Solved (Permanently),\n\
         INC004,Closed,03-07-2026 11:00,03-07-2026 12:00,4 - Low,?,Not Solved (Not Reproducible),\n\
         INC005,Awaiting User Info,04-07-2026 13:45,?,5 - Planning,bo,?,\n",
    );
    let mapping = dir.path().join("m.toml");
    let text = crate::harness::mapping_init(&csv, &mapping);
    for expected in [
        "incident_id = \"number\"",
        "created_at = { column = \"opened_at\", format = \"%d-%m-%Y %H:%M\" }   # day-first: a first field of 26 (above 12)",
        "closed_at = { column = \"resolved_at\", format = \"%d-%m-%Y %H:%M\" }   # day-first like opened_at",
        "closed_at = { column = \"resolved_at\", format = \"%d-%m-%Y %H:%M\" }",
        "\"3 - Moderate\" = \"medium\"",
        "\"1 - Critical\" = \"critical\"",
        "\"5 - Planning\" = \"informational\"",
        "\"Awaiting User Info\" = \"active\"",
        "#   \"u_id\"",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // The empty column is listed as such, never the id.
    assert!(
        text.contains("# Columns empty in the sample (not mapped):\n#   \"u_id\""),
        "{text}"
    );
    // Refuses to overwrite without --force.
    socgauge()
        .args(["mapping", "init"])
        .arg(&csv)
        .arg("-o")
        .arg(&mapping)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists: add --force"));
    socgauge()
        .args(["mapping", "init", "--force"])
        .arg(&csv)
        .arg("-o")
        .arg(&mapping)
        .assert()
        .success();
    let (_d, db, _) = load(&[csv], &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        counts(&db),
        vec!["incident_log.csv incidents mapped/mapping 5 5 0"]
    );
    assert_eq!(
        query(&db, &format!("SELECT incident_id, severity, status, {}, coalesce({}, '-') FROM incidents ORDER BY 1", ts("created_at"), ts("closed_at"))),
        vec![
            vec!["INC001", "medium", "new", "2026-06-25T09:15:00Z", "-"],
            vec!["INC002", "critical", "active", "2026-06-26T10:00:00Z", "-"],
            vec!["INC003", "high", "closed", "2026-07-01T08:00:00Z", "2026-07-02T17:30:00Z"],
            vec!["INC004", "low", "closed", "2026-07-03T11:00:00Z", "2026-07-03T12:00:00Z"],
            vec!["INC005", "informational", "active", "2026-07-04T13:45:00Z", "-"],
        ]
    );
}

#[test]
fn mapping_init_tells_ambiguous_dates_from_an_iso_column_and_reads_header_zones() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "edr_detections.csv",
        "DetectionId,Detected [UTC],ReportedTime,Severity,Status,Verdict,ClosedBy\n\
         d-1,\"11/06/2026, 08:02:23.353\",2026-06-11T08:05:00Z,Sev-1,open,Malicious,\n\
         d-2,\"03/06/2026, 10:00:00.000\",2026-06-03T10:01:00Z,Sev-3,closed,False Alarm,svc-soar\n\
         d-3,\"02/05/2026, 12:00:00.000\",2026-05-02T12:00:30Z,Sev-2,closed,Benign True Positive,Jane Doe\n",
    );
    let out = socgauge()
        .args(["mapping", "init"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    for expected in [
        "[alerts]",
        "alert_id = \"DetectionId\"",
        "created_at = { column = \"Detected [UTC]\", format = \"%d/%m/%Y, %H:%M:%S.%g\" }   # day-first: no field above 12, but read day-first 3 of 3 rows agree better with ReportedTime; header names the zone [UTC]",
        "\"Sev-1\" = \"critical\"",
        "\"Sev-3\" = \"medium\"",
        "\"False Alarm\" = \"false_positive\"",
        "\"Benign True Positive\" = \"benign_positive\"",
        "\"svc-soar\" = \"automation\"",
        "\"Jane Doe\" = \"human\"",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let mapping = write(dir.path(), "m.toml", &text);
    let (_d, db, _) = load(&[csv], &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        query(&db, &format!("SELECT alert_id, severity, status, coalesce(verdict, '-'), coalesce(closed_by, '-'), {} FROM alerts ORDER BY 1", ts("created_at"))),
        vec![
            vec!["d-1", "critical", "new", "true_positive", "-", "2026-06-11T08:02:23Z"],
            vec!["d-2", "medium", "closed", "false_positive", "automation", "2026-06-03T10:00:00Z"],
            vec!["d-3", "high", "closed", "benign_positive", "human", "2026-05-02T12:00:00Z"],
        ]
    );
    // Without another time column to compare, the order is flagged, not guessed silently.
    let lone = write(
        dir.path(),
        "lone.csv",
        "DetectionId,Detected,Severity\nd-1,\"11/06/2026, 08:02:23.353\",High\n",
    );
    let out = socgauge()
        .args(["mapping", "init"])
        .arg(&lone)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("# CHECK: could not tell whether these dates are day-first or month-first: \"Detected\""), "{text}");
}

#[test]
fn answers_init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("answers.toml");
    socgauge()
        .args(["answers", "init", "-o"])
        .arg(&out)
        .assert()
        .success();
    std::fs::write(&out, "# edited\n").unwrap();
    socgauge()
        .args(["answers", "init", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists: add --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# edited\n");
    socgauge()
        .args(["answers", "init", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "# edited\n");
}

#[test]
fn mapping_init_reads_a_pagerduty_rest_page() {
    let dir = tempfile::tempdir().unwrap();
    let json = write(
        dir.path(),
        "pagerduty.json",
        r#"{"incidents": [
  {"id": "PT4KHLK", "incident_number": 1234, "title": "Disk full on db-1", "status": "resolved", "urgency": "high",
   "priority": {"id": "P53ZZH5", "summary": "P2"}, "created_at": "2026-06-20T10:00:00Z", "resolved_at": "2026-06-20T11:30:00Z",
   "last_status_change_at": "2026-06-20T11:30:00Z"},
  {"id": "PT4KHLL", "incident_number": 1235, "title": "VPN down", "status": "triggered", "urgency": "low",
   "priority": {"id": "P53ZZH6", "summary": "P4"}, "created_at": "2026-06-21T08:00:00Z", "resolved_at": null,
   "last_status_change_at": "2026-06-21T08:00:00Z"},
  {"id": "PT4KHLM", "incident_number": 1236, "title": "Phishing report", "status": "acknowledged", "urgency": "high",
   "priority": null, "created_at": "2026-06-22T09:00:00Z", "resolved_at": null, "last_status_change_at": "2026-06-22T09:05:00Z"}
], "limit": 25, "offset": 0, "more": false}"#,
    );
    let out = socgauge()
        .args(["mapping", "init"])
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    for expected in [
        "incident_id = \"incident_number\"",
        "severity = \"urgency\"",
        "status = { column = \"status\", map = { \"triggered\" = \"new\" } }",
        "created_at = \"created_at\"",
        "closed_at = \"resolved_at\"",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let mapping = write(dir.path(), "m.toml", &text);
    let (_d, db, _) = load(&[json], &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        query(
            &db,
            "SELECT incident_id, severity, status FROM incidents ORDER BY 1"
        ),
        vec![
            vec!["1234", "high", "closed"],
            vec!["1235", "low", "new"],
            vec!["1236", "high", "active"]
        ]
    );
}

#[test]
fn json_keys_in_another_case_at_any_depth_read_as_the_vendor_spells_them() {
    // PowerShell's ConvertTo-Json of Graph incidents: `DisplayName`, `Alerts[].Evidence[]`.
    fn pascal(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(members) => members
                .into_iter()
                .map(|(key, member)| {
                    let mut chars = key.chars();
                    let key: String = chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default();
                    (key, pascal(member))
                })
                .collect(),
            serde_json::Value::Array(items) => items.into_iter().map(pascal).collect(),
            other => other,
        }
    }
    let original = f("defender/graph_incidents.json");
    let page: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&original).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let converted = write(
        dir.path(),
        "incidents.json",
        &pascal(page["value"].clone()).to_string(),
    );
    assert!(std::fs::read_to_string(&converted)
        .unwrap()
        .contains("\"DisplayName\":"));
    let metrics = |file: &Path| metrics_of(file, &["--month", "2024-05"]);
    let expected = metrics(&original);
    assert_eq!(
        expected["alerts"]["value"],
        serde_json::json!(2),
        "{expected}"
    );
    assert_eq!(
        expected["cross_domain_rate"]["value"],
        serde_json::json!(1.0)
    );
    assert_eq!(metrics(&converted), expected);
    // One alert per line, `Alerts` an object on some lines and a list on others (the records'
    // merged structure then lists no key below it).
    let lines = f("defender/pipeline/graph_alert_lines.ndjson");
    let converted_lines: String = std::fs::read_to_string(&lines)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| pascal(serde_json::from_str(l).unwrap()).to_string() + "\n")
        .collect();
    let converted = write(dir.path(), "lines.ndjson", &converted_lines);
    let all_time = |file: &Path| metrics_of(file, &["--from", "2020-01-01", "--to", "2030-01-01"]);
    let expected = all_time(&lines);
    assert!(
        expected["alerts"]["value"].as_i64().unwrap() > 0,
        "{expected}"
    );
    assert_eq!(all_time(&converted), expected);
    // Lines of both spellings in one file (exports of two tools appended): each read in its own.
    let mixed_lines: String = std::fs::read_to_string(&lines)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let record: serde_json::Value = serde_json::from_str(l).unwrap();
            let record = if i % 2 == 0 { pascal(record) } else { record };
            record.to_string() + "\n"
        })
        .collect();
    let mixed = write(dir.path(), "mixed.ndjson", &mixed_lines);
    assert_eq!(all_time(&mixed), expected);
    // One object holding a key in both spellings cannot tell which value is meant: its record is
    // a rejected row naming the key, the other lines load.
    let doubled = mixed_lines.replacen("\"status\":\"", "\"Status\":\"new\",\"status\":\"", 1);
    assert_ne!(doubled, mixed_lines);
    let reason = only_reject_reason(write(dir.path(), "doubled.ndjson", &doubled));
    assert!(
        reason.starts_with("the key `status` appears more than once in one object"),
        "{reason}"
    );
    // The same key written twice as it is, nothing renamed: the same.
    let page = std::fs::read_to_string(&original).unwrap();
    let twice = page.replacen("\"status\":", "\"status\": \"active\", \"status\":", 1);
    assert_ne!(twice, page);
    let reason = only_reject_reason(write(dir.path(), "twice.json", &twice));
    assert!(
        reason.starts_with("the key `status` appears more than once in one object"),
        "{reason}"
    );
}

#[test]
fn a_defender_incident_of_hundreds_of_alerts_with_evidence_loads_within_the_default_memory() {
    // A page of 25 incidents, one of 300 alerts each with ~4 KB of evidence (1.5 MB): its
    // alerts, unnested beside the whole record, once took more than the default memory limit.
    let command_line = "x".repeat(2000);
    let process = format!(
        "{{\"@odata.type\": \"#microsoft.graph.security.processEvidence\", \
         \"processCommandLine\": \"{command_line}\"}}"
    );
    let evidence = |i: usize| {
        format!(
            "{process}, {process}, {{\"@odata.type\": \"#microsoft.graph.security.deviceEvidence\", \
             \"deviceDnsName\": \"host-{}\", \"userAccount\": {{\"accountName\": \"user{}\"}}}}",
            i % 3,
            i % 3
        )
    };
    let alerts = (0..300)
        .map(|i| {
            format!(
                "{{\"id\": \"big-{i}\", \"incidentId\": \"9001\", \"status\": \"resolved\", \
                 \"severity\": \"medium\", \"classification\": null, \
                 \"serviceSource\": \"microsoftDefenderForOffice365\", \
                 \"detectionSource\": \"antivirus\", \"detectorId\": \"det-0\", \
                 \"title\": \"Alert 0 \\u2713 \\u00abna\\u00efve\\u00bb\", \"category\": \"InitialAccess\", \
                 \"mitreTechniques\": [\"T1566\"], \"createdDateTime\": \"2026-10-01T10:00:00Z\", \
                 \"lastUpdateDateTime\": \"2026-10-01T12:00:00Z\", \
                 \"resolvedDateTime\": \"2026-10-01T12:00:00Z\", \
                 \"firstActivityDateTime\": \"2026-10-01T09:50:00Z\", \"assignedTo\": null, \
                 \"evidence\": [{}]}}",
                evidence(i)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    // The page's other incidents, of two small alerts each.
    let small: String = (0..24)
        .map(|n| {
            let alert = |a: usize| {
                format!(
                    "{{\"id\": \"small-{n}-{a}\", \"incidentId\": \"{n}\", \"status\": \"new\", \
                     \"severity\": \"low\", \"title\": \"Small\", \
                     \"createdDateTime\": \"2026-10-02T10:00:00Z\", \"evidence\": []}}"
                )
            };
            format!(
                ", {{\"id\": \"{n}\", \"status\": \"active\", \"displayName\": \"Small {n}\", \
                 \"createdDateTime\": \"2026-10-02T10:00:00Z\", \
                 \"lastUpdateDateTime\": \"2026-10-02T11:00:00Z\", \"severity\": \"low\", \
                 \"alerts\": [{}, {}]}}",
                alert(0),
                alert(1)
            )
        })
        .collect();
    let page = format!(
        "{{\"value\": [{{\"alerts\": [{alerts}], \"id\": \"9001\", \"status\": \"resolved\", \
         \"incidentWebUrl\": \"https://security.microsoft.com/incidents/9001\", \
         \"displayName\": \"Multi-stage incident\", \"createdDateTime\": \"2026-10-01T10:00:00Z\", \
         \"lastUpdateDateTime\": \"2026-10-01T12:00:00Z\", \"severity\": \"high\", \
         \"classification\": \"truePositive\"}}{small}]}}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "incidents.json", &page);
    assert!(std::fs::metadata(&file).unwrap().len() > 1_200_000);
    let (_d, db, _) = load(&[file], &[]);
    assert_eq!(count(&db, "alerts"), 348);
    assert_eq!(
        scalar(
            &db,
            "SELECT count(DISTINCT entity_host) || ' ' || min(entity_user) FROM alerts"
        ),
        "3 user0"
    );
}

#[test]
fn a_log_analytics_query_answer_reads_as_its_rows() {
    // The same SecurityIncident rows as the Log Analytics query API answers them: columns and
    // rows of a table, not records.
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(f("sentinel/SecurityIncident.kql.json")).unwrap())
            .unwrap();
    let mut names: Vec<String> = Vec::new();
    for record in &records {
        for key in record.as_object().unwrap().keys() {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
    }
    let rows: Vec<serde_json::Value> = records
        .iter()
        .map(|r| names.iter().map(|n| r[n].clone()).collect())
        .collect();
    let columns: Vec<serde_json::Value> = names
        .iter()
        .map(|n| serde_json::json!({"name": n, "type": "string"}))
        .collect();
    // A second table (what the service adds, such as statistics) holds no records.
    let answer = serde_json::json!({"tables": [
        {"name": "PrimaryResult", "columns": columns, "rows": rows},
        {"name": "Table_1", "columns": [{"name": "x", "type": "long"}], "rows": [[5]]}
    ]});
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "answer.json", &answer.to_string());
    let metrics = |file: &Path| metrics_of(file, &["--month", "2023-03"]);
    let expected = metrics(&f("sentinel/SecurityIncident.kql.json"));
    assert!(
        expected["incidents"]["value"].as_i64().unwrap() > 0,
        "{expected}"
    );
    assert_eq!(metrics(&file), expected);
    // An answer the service never writes is refused, naming the row and what is wrong, rather
    // than losing a longer row's last cells or keeping one of two values under one name.
    let refused = |tables: serde_json::Value, expected: &str| {
        ingest_refused(
            &write(dir.path(), "edited.json", &tables.to_string()),
            expected,
        );
    };
    let cols =
        serde_json::json!([{"name": "IncidentNumber"}, {"name": "Title"}, {"name": "CreatedTime"}]);
    refused(
        serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": cols,
            "rows": [[1, "a", "2026-10-01T00:00:00Z"], [2, "b", "2026-10-01T00:00:00Z", "extra"]]}]}),
        "(row 2 of its result table): the row has 4 cells for 3 columns",
    );
    refused(
        serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": cols,
            "rows": [[1, "a"]]}]}),
        "(row 1 of its result table): the row has 2 cells for 3 columns",
    );
    refused(
        serde_json::json!({"tables": [{"name": "PrimaryResult",
            "columns": [{"name": "IncidentNumber"}, {"name": "Title"}, {"name": "Title"}],
            "rows": [[1, "a", "b"]]}]}),
        "(its result table): the column `Title` is named twice",
    );
    refused(
        serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": cols,
            "rows": [[1, "a", "2026-10-01T00:00:00Z"], null]}]}),
        "(row 2 of its result table): the row is not a list of cells",
    );
    // In NDJSON of several answers, each is checked, whatever is wrong with it.
    let good = serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": cols,
        "rows": [[1, "a", "2026-10-01T00:00:00Z"]]}]});
    for (second, expected) in [
        (
            serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": {"x": 1}, "rows": []}]}),
            "(answer 2, its result table): the columns are not a list",
        ),
        (
            serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": cols, "rows": {"0": []}}]}),
            "(answer 2, its result table): the rows are not a list",
        ),
        (
            serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": cols}]}),
            "(answer 2, its result table): the rows are not a list",
        ),
    ] {
        let file = write(dir.path(), "edited.ndjson", &format!("{good}\n{second}\n"));
        ingest_refused(&file, expected);
    }
    // The query's result is the table named PrimaryResult, wherever it stands.
    let statistics_first = serde_json::json!({"tables": [
        {"name": "QueryStatistics", "columns": [{"name": "x"}], "rows": [[5]]},
        {"name": "PrimaryResult", "columns": columns, "rows": rows}
    ]});
    let file = write(dir.path(), "statistics.json", &statistics_first.to_string());
    assert_eq!(metrics(&file), expected);
}

#[test]
fn a_log_analytics_answer_larger_than_the_readers_default_loads() {
    // One answer is one JSON value: 20,000 incidents of 1 KB each make one of about 21 MB, more
    // than the JSON reader takes by default (16 MB).
    let dir = tempfile::tempdir().unwrap();
    let title = "x".repeat(1000);
    let rows: Vec<serde_json::Value> = (0..20_000)
        .map(|i| {
            serde_json::json!([
                i,
                format!("i-{i}"),
                title,
                "High",
                "New",
                "2026-10-01T08:00:00Z"
            ])
        })
        .collect();
    let columns = [
        "IncidentNumber",
        "IncidentName",
        "Title",
        "Severity",
        "Status",
        "CreatedTime",
    ]
    .map(|n| serde_json::json!({"name": n, "type": "string"}));
    let answer = serde_json::json!({"tables": [{"name": "PrimaryResult", "columns": columns, "rows": rows}]});
    let file = write(dir.path(), "answer.json", &answer.to_string());
    assert!(std::fs::metadata(&file).unwrap().len() > 20 << 20);
    let metrics = metrics_of(&file, &["--month", "2026-10"]);
    assert_eq!(
        metrics["incidents"]["value"],
        serde_json::json!(20_000),
        "{metrics}"
    );
    // One value larger than socgauge reads as one is refused in words, before it is read.
    let huge = format!(
        "{{\"tables\": [{{\"name\": \"PrimaryResult\", \"columns\": [{{\"name\": \"Title\"}}], \"rows\": [[\"{}\"]]}}]}}",
        "y".repeat(257 << 20)
    );
    ingest_refused(
        &write(dir.path(), "huge.json", &huge),
        "a JSON value larger than 256 MB",
    );
}
