//! The maturity assessment through the CLI: the sample generator and the rubric agree, answers
//! join the gates, rubric errors name the line.

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{json_of, socgauge, write};

fn sample(dir: &std::path::Path, stage: &str) -> std::path::PathBuf {
    let out = dir.join(stage);
    socgauge()
        .args(["sample", "--stage", stage, "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

fn assess_json(data: &std::path::Path, extra: &[&std::ffi::OsStr]) -> Value {
    json_of(
        socgauge()
            .args(["assess", "--format", "json"])
            .args(extra)
            .arg(data),
    )
}

#[test]
fn each_sample_stage_is_assessed_at_that_stage() {
    let dir = tempfile::tempdir().unwrap();
    for (stage, expected) in [
        ("reactive", 1),
        ("alert-driven", 2),
        ("signal-driven", 3),
        ("automated", 4),
        ("autonomous", 5),
    ] {
        let data = sample(dir.path(), stage);
        let a = assess_json(&data, &[]);
        assert_eq!(a["overall"]["stage"], expected, "{stage}: {}", a["layers"]);
        assert_eq!(a["mode"], "data");
        // Below the top stage some layer holds the SOC there; at the top none does.
        let limiting = a["overall"]["limiting_layers"].as_array().unwrap().len();
        assert_eq!(limiting == 0, expected == 5, "{stage}: {}", a["overall"]);
        let layers: Vec<&str> = a["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["layer"].as_str().unwrap())
            .collect();
        assert_eq!(
            layers,
            [
                "identity",
                "signals",
                "detection",
                "data",
                "automation",
                "metrics"
            ]
        );
    }
}

#[test]
fn answers_join_the_gates() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample(dir.path(), "autonomous");
    let form = dir.path().join("answers.toml");
    socgauge()
        .args(["answers", "init", "-o"])
        .arg(&form)
        .assert()
        .success()
        .stderr(predicates::str::contains("questionnaire written to "))
        .stderr(predicates::str::contains(
            "then pass the file with `--answers ",
        ));
    let text = std::fs::read_to_string(&form).unwrap();
    assert!(text.contains("# idp_logs_collected = true"));

    let all_yes = write(
        dir.path(),
        "yes.toml",
        &text
            .replace("# idp_logs_collected", "idp_logs_collected")
            .replace("# privileged_access_jit", "privileged_access_jit")
            .replace("# identity_risk_response", "identity_risk_response")
            .replace("# detections_as_code", "detections_as_code"),
    );
    let a = assess_json(&data, &["--answers".as_ref(), all_yes.as_os_str()]);
    assert_eq!(a["mode"], "data+answers");
    assert_eq!(a["overall"]["stage"], 5);
    let table = socgauge()
        .args(["assess", "--answers"])
        .arg(&all_yes)
        .arg(&data)
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("Overall: stage 5 Autonomous — the top stage (mean layer score"),
        "{table}"
    );

    let no_jit = write(
        dir.path(),
        "no.toml",
        "idp_logs_collected = true\nprivileged_access_jit = false\n",
    );
    let b = assess_json(&data, &["--answers".as_ref(), no_jit.as_os_str()]);
    assert_eq!(b["overall"]["stage"], 3);
    assert_eq!(
        b["overall"]["limiting_layers"],
        serde_json::json!(["identity"])
    );
    let jit = b["layers"][0]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "identity.4.jit")
        .unwrap()
        .clone();
    assert_eq!(jit["status"], "fail");
    assert_eq!(jit["kind"], "answer");
    assert_eq!(jit["question"], "privileged_access_jit");
}

#[test]
fn the_table_shows_the_ladder_and_says_data_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample(dir.path(), "signal-driven");
    socgauge()
        .arg("assess")
        .arg(&data)
        .assert()
        .success()
        .stdout(
        predicate::str::contains("data-only verdict: ")
            .and(predicate::str::contains(
                "(give answers with --answers FILE; for several tenants, --tenant-answers FILE)",
            ))
            .and(predicate::str::contains("Signal-Driven"))
            .and(predicate::str::contains("Overall: stage 3"))
            .and(predicate::str::contains("Recommendations")),
    );
}

#[test]
fn rubric_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = write(
        dir.path(),
        "rubric.toml",
        "[[criterion]]\nid = \"x\"\nlayer = \"signals\"\nstage = 2\nmetric = \"mean_time_to_magic\"\nop = \">=\"\nthreshold = 1\nwhy = \"\"\n",
    );
    socgauge()
        .arg("assess")
        .arg("--rubric")
        .arg(&rubric)
        .arg(crate::harness::fixture("metrics"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("rubric.toml").and(predicate::str::contains(
                "line 5: unknown metric `mean_time_to_magic`",
            )),
        );
}

#[test]
fn unknown_answers_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let answers = write(dir.path(), "a.toml", "do_we_have_a_soc = true\n");
    socgauge()
        .arg("assess")
        .arg("--answers")
        .arg(&answers)
        .arg(crate::harness::fixture("metrics"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown question `do_we_have_a_soc`",
        ));
}

// ── Verdicts that hold on real exports (each case of issue 13's "Why", on edited copies of
// sample-data or small hand-made fixtures) ────────────────────────────────────────────────────

fn sample_data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// Copies a CSV file, letting `edit` change each record (header names → values).
fn edit_csv(
    from: &std::path::Path,
    to: &std::path::Path,
    edit: impl Fn(&std::collections::BTreeMap<String, usize>, &mut Vec<String>),
) {
    let mut reader = csv::Reader::from_path(from).unwrap();
    let headers = reader.headers().unwrap().clone();
    let index: std::collections::BTreeMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    let mut writer = csv::Writer::from_path(to).unwrap();
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        edit(&index, &mut row);
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
}

/// A copy of sample-data in `dir/name`, `edit_alerts` and `edit_incidents` applied, without
/// the automation export unless `automation`.
fn sample_copy(
    dir: &std::path::Path,
    name: &str,
    automation: bool,
    edit_incidents: impl Fn(&std::collections::BTreeMap<String, usize>, &mut Vec<String>),
    edit_alerts: impl Fn(&std::collections::BTreeMap<String, usize>, &mut Vec<String>),
) -> std::path::PathBuf {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).unwrap();
    edit_csv(
        &sample_data("incidents.csv"),
        &out.join("incidents.csv"),
        edit_incidents,
    );
    edit_csv(
        &sample_data("alerts.csv"),
        &out.join("alerts.csv"),
        edit_alerts,
    );
    if automation {
        std::fs::copy(sample_data("automation.csv"), out.join("automation.csv")).unwrap();
    }
    out
}

fn keep(_: &std::collections::BTreeMap<String, usize>, _: &mut Vec<String>) {}

fn layer_of<'a>(a: &'a Value, id: &str) -> &'a Value {
    a["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["layer"] == id)
        .unwrap()
}

fn criterion_of<'a>(a: &'a Value, layer: &str, id: &str) -> &'a Value {
    layer_of(a, layer)["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

fn stages(a: &Value) -> Vec<Value> {
    a["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["stage"].clone())
        .collect()
}

fn metrics_json(data: &std::path::Path, extra: &[&str]) -> Value {
    json_of(
        socgauge()
            .args(["metrics", "--format", "json"])
            .args(extra)
            .arg(data),
    )
}

/// Why 1: sample-data without its automation export. 14 % of its alerts are closed by automation,
/// so the automation layer reaches stage 2 on that alternative evidence and stops there, limited by
/// missing evidence (no enrichment or oversight without playbook runs); the verdict is not
/// Reactive.
#[test]
fn a_missing_automation_export_is_not_stage_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample_copy(dir.path(), "no-automation", false, keep, keep);
    let a = assess_json(&data, &[]);
    let automation = layer_of(&a, "automation");
    assert_eq!(automation["assessed"], true, "{automation}");
    assert_eq!(automation["stage"], 2);
    assert_eq!(automation["limited_by_missing_evidence"], true);
    let any = criterion_of(&a, "automation", "automation.2.any");
    assert_eq!(any["status"], "pass");
    assert_eq!(any["metric"], "automation_rate");
    assert_eq!(any["alternatives"][0]["status"], "not_available");
    assert_eq!(
        criterion_of(&a, "automation", "automation.3.enrich_triage")["status"],
        "not_available"
    );
    assert_eq!(a["overall"]["stage"], 2, "{}", a["layers"]);
    assert_eq!(a["overall"]["unassessed_layers"], serde_json::json!([]));
    // With the automation export, the full sample is Signal-Driven.
    let full = assess_json(&sample_data(""), &[]);
    assert_eq!(full["overall"]["stage"], 3);
}

/// Why 1, the other way round: a column left empty in a canonical file is a data gap, not a
/// missing export. Without automation runs and without any closer, nothing shows automation:
/// stage 1, assessed (dropping data never lifts a verdict).
#[test]
fn an_empty_canonical_column_fails_rather_than_goes_missing() {
    let dir = tempfile::tempdir().unwrap();
    let blank_closer = |h: &std::collections::BTreeMap<String, usize>, row: &mut Vec<String>| {
        row[h["closed_by"]] = String::new();
    };
    let data = sample_copy(dir.path(), "no-closer", false, blank_closer, blank_closer);
    let a = assess_json(&data, &[]);
    let automation = layer_of(&a, "automation");
    assert_eq!(automation["assessed"], true);
    assert_eq!(automation["stage"], 1);
    let any = criterion_of(&a, "automation", "automation.2.any");
    assert_eq!(any["status"], "not_evaluable");
}

/// Why 2: blanking the verdict of every false- and benign-positive alert and incident leaves the
/// noise the gates read exactly where it was (alerts that are not true positives / alerts), so no
/// stage moves up; the shown noise ratio drops and the verdict coverage says why.
#[test]
fn blank_verdicts_never_raise_a_stage() {
    let dir = tempfile::tempdir().unwrap();
    let noise = |v: &str| v == "false_positive" || v == "benign_positive";
    let data = sample_copy(
        dir.path(),
        "blank-verdicts",
        true,
        |h, row| {
            if noise(&row[h["classification"]]) {
                row[h["classification"]] = String::new();
            }
        },
        |h, row| {
            if noise(&row[h["verdict"]]) {
                row[h["verdict"]] = String::new();
            }
        },
    );
    let before = metrics_json(&sample_data(""), &[]);
    let after = metrics_json(&data, &[]);
    let (b, a) = (&before["metrics"], &after["metrics"]);
    assert_eq!(b["noise_ratio_upper"], a["noise_ratio_upper"]);
    assert!(a["verdict_coverage"]["value"].as_f64() < b["verdict_coverage"]["value"].as_f64());
    // Hand count: the upper bound is every in-scope alert without a true-positive verdict.
    let tp = b["true_positive_alerts"]["value"].as_i64().unwrap();
    let alerts = b["alerts"]["value"].as_i64().unwrap();
    assert_eq!(b["noise_ratio_upper"]["numerator"], alerts - tp);
    assert_eq!(b["noise_ratio_upper"]["denominator"], alerts);

    let sa = assess_json(&sample_data(""), &[]);
    let sb = assess_json(&data, &[]);
    for (x, y) in stages(&sa).iter().zip(stages(&sb)) {
        assert!(y.as_u64() <= x.as_u64(), "{x} → {y}");
    }
    assert!(sb["overall"]["stage"].as_u64() <= sa["overall"]["stage"].as_u64());
}

/// Why 3: a system, service or placeholder account as the user of alerts that had none adds no
/// identity context.
#[test]
fn a_system_account_is_not_identity_context() {
    let dir = tempfile::tempdir().unwrap();
    let fillers = [
        "NT AUTHORITY\\SYSTEM",
        "S-1-5-18",
        "WS-0454$",
        "LOCAL SERVICE",
        "NETWORK SERVICE",
        "root",
        "-",
        "N/A",
        "unknown",
    ];
    let counter = std::cell::Cell::new(0usize);
    let data = sample_copy(dir.path(), "system-users", true, keep, |h, row| {
        if row[h["entity_user"]].is_empty() {
            row[h["entity_user"]] = fillers[counter.get() % fillers.len()].to_string();
            counter.set(counter.get() + 1);
        }
    });
    assert!(counter.get() > 100);
    let before = metrics_json(&sample_data(""), &[]);
    let after = metrics_json(&data, &[]);
    assert_eq!(
        before["metrics"]["identity_context_rate"],
        after["metrics"]["identity_context_rate"]
    );
    let sa = assess_json(&sample_data(""), &[]);
    let sb = assess_json(&data, &[]);
    assert_eq!(
        layer_of(&sa, "identity")["stage"],
        layer_of(&sb, "identity")["stage"]
    );

    // A person's name does count: the same edit with people raises the numerator.
    let people = sample_copy(dir.path(), "people", true, keep, |h, row| {
        if row[h["entity_user"]].is_empty() {
            row[h["entity_user"]] = "CONTOSO\\j.doe".to_string();
        }
    });
    let with_people = metrics_json(&people, &[]);
    assert!(
        with_people["metrics"]["identity_context_rate"]["numerator"].as_i64()
            > before["metrics"]["identity_context_rate"]["numerator"].as_i64()
    );
}

/// Why 4: with --answers, a question left blank is `not_answered` and never better than `false`.
#[test]
fn blank_answers_never_beat_false() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample(dir.path(), "autonomous");
    let blank = write(dir.path(), "blank.toml", "# nothing answered\n");
    let all_false = write(
        dir.path(),
        "false.toml",
        "idp_logs_collected = false\nprivileged_access_jit = false\nidentity_risk_response = false\ndetections_as_code = false\n",
    );
    let a = assess_json(&data, &["--answers".as_ref(), blank.as_os_str()]);
    let b = assess_json(&data, &["--answers".as_ref(), all_false.as_os_str()]);
    for (x, y) in stages(&a).iter().zip(stages(&b)) {
        assert!(x.as_u64() <= y.as_u64(), "blank {x} > false {y}");
    }
    assert_eq!(layer_of(&a, "identity")["stage"], 2);
    assert_eq!(
        criterion_of(&a, "identity", "identity.3.idp_logs")["status"],
        "not_answered"
    );
    assert_eq!(a["mode"], "data+answers");
    // Without --answers: data only, with the gates not asked.
    let c = assess_json(&data, &[]);
    assert_eq!(c["mode"], "data");
    assert_eq!(c["unasked_gates"], 4);
    // Data of one tenant is assessed as that tenant's, with or without --tenant.
    let named = assess_json(&sample_data(""), &[]);
    assert_eq!(named["tenant"], "contoso");
    assert_eq!(
        named,
        assess_json(&sample_data(""), &["--tenant".as_ref(), "contoso".as_ref()])
    );
}

/// Why 5: a period without data is no verdict (exit 1 naming the months the data covers), for
/// assess and report alike.
#[test]
fn no_data_is_no_verdict() {
    let dir = tempfile::tempdir().unwrap();
    socgauge()
        .args(["assess", "--month", "2020-01"])
        .arg(sample_data(""))
        .assert()
        .code(1)
        .stderr(
            // Data of one tenant is that tenant's, named (as report names it).
            predicate::str::contains("no incidents or alerts for tenant `contoso` in 2020-01")
                .and(predicate::str::contains("2026-08 to 2026-10")),
        );
    socgauge()
        .args(["report", "--month", "2020-01", "-o"])
        .arg(dir.path().join("r.html"))
        .arg(sample_data(""))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2026-08 to 2026-10"));
    assert!(!dir.path().join("r.html").exists());
}

/// No data, no verdict, for each tenant of `--all-tenants` and of a portfolio too: globex has
/// incidents in September only, so October gives it no stage (acme, with October data, keeps
/// its own).
#[test]
fn a_tenant_without_data_in_the_period_gets_no_stage_among_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut incidents = INCIDENTS_HEADER.to_string();
    for day in 1..=30 {
        incidents.push_str(&format!(
            "acme,A{day:02},t,low,closed,true_positive,,2026-10-{day:02}T10:00:00Z,,,2026-10-{day:02}T11:00:00Z,,human,false,\n\
             globex,G{day:02},t,low,closed,true_positive,,2026-09-{day:02}T10:00:00Z,,,2026-09-{day:02}T11:00:00Z,,human,false,\n"
        ));
    }
    let file = write(dir.path(), "incidents.csv", &incidents);
    let all = json_of(
        socgauge()
            .args([
                "assess",
                "--all-tenants",
                "--month",
                "2026-10",
                "--format",
                "json",
            ])
            .arg(&file),
    );
    let by_tenant: Vec<(String, serde_json::Value, usize)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["tenant"].as_str().unwrap().to_string(),
                a["overall"]["stage"].clone(),
                a["overall"]["assessed_layers"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(by_tenant[0].0, "acme");
    assert!(by_tenant[0].1.is_u64(), "{by_tenant:?}");
    assert_eq!(by_tenant[1], ("globex".into(), serde_json::Value::Null, 0));
    for layer in all[1]["layers"].as_array().unwrap() {
        assert_eq!(layer["assessed"], false);
        assert!(
            layer["reason"]
                .as_str()
                .unwrap()
                .starts_with("no incidents or alerts in the period"),
            "{layer}"
        );
    }
    // A period no tenant has data in is refused as one tenant's is (exit 1, the months covered),
    // by --all-tenants and the portfolio alike, and no page is written.
    socgauge()
        .args(["assess", "--all-tenants", "--month", "2025-01"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no incidents or alerts in 2025-01")
                .and(predicate::str::contains("2026-09 to 2026-10")),
        );
    let page = dir.path().join("p.html");
    socgauge()
        .args(["report", "--portfolio", "--month", "2025-01", "-o"])
        .arg(&page)
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no incidents or alerts in 2025-01",
        ));
    assert!(!page.exists());
}

/// Alert metrics from an export without alerts are not available, never 0 (noise, verdicts,
/// automation rate, true-positive alerts and their tactics).
#[test]
fn alert_metrics_without_an_alerts_export_are_not_available() {
    let dir = tempfile::tempdir().unwrap();
    let mut incidents = INCIDENTS_HEADER.to_string();
    for day in 1..=30 {
        incidents.push_str(&format!(
            "acme,A{day:02},t,low,closed,true_positive,,2026-10-{day:02}T10:00:00Z,,,2026-10-{day:02}T11:00:00Z,,automation,false,\n"
        ));
    }
    let data = dir.path().join("d");
    std::fs::create_dir_all(&data).unwrap();
    write(&data, "incidents.csv", &incidents);
    let m = metrics_json(&data, &["--month", "2026-10"]);
    for key in [
        "alerts",
        "noise_ratio",
        "noise_ratio_upper",
        "verdict_coverage",
        "automation_rate",
        "noisy_rule_alert_share",
        "true_positive_alerts",
        "tp_tactics",
    ] {
        let metric = &m["metrics"][key];
        assert!(
            metric["unavailable"]
                .as_str()
                .unwrap_or("")
                .contains("no loaded record has an alert"),
            "{key}: {metric}"
        );
        assert!(metric["value"].is_null(), "{key}: {metric}");
    }
    // Incidents closed by automation are evidence of automation on their own (issue 13: "alerts
    // or incidents closed by automation or AI").
    assert_eq!(
        m["metrics"]["incident_automation_rate"],
        serde_json::json!({"numerator": 30, "denominator": 30, "value": 1.0})
    );
    let a = json_of(
        socgauge()
            .args(["assess", "--month", "2026-10", "--format", "json"])
            .arg(&data),
    );
    let automation = a["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["layer"] == "automation")
        .unwrap();
    assert_eq!(automation["assessed"], true, "{automation}");
    assert!(automation["stage"].as_u64().unwrap() >= 2, "{automation}");
}

const INCIDENTS_HEADER: &str = "tenant,incident_id,title,severity,status,classification,first_activity_at,created_at,acknowledged_at,contained_at,closed_at,owner,closed_by,ai_assisted,redirected_to\n";

/// Why 5: the default period is the last month the data covers completely. One incident on the
/// 1st of November does not make November the period: October is measured, and November on
/// request is partial.
#[test]
fn the_default_period_is_the_last_complete_month() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    std::fs::create_dir_all(&data).unwrap();
    let mut incidents = INCIDENTS_HEADER.to_string();
    for day in 1..=31 {
        incidents.push_str(&format!(
            "acme,I{day:02},t,low,closed,true_positive,,2026-10-{day:02}T10:00:00Z,,,2026-10-{day:02}T12:00:00Z,,human,false,\n"
        ));
    }
    incidents.push_str("acme,I99,t,low,new,,,2026-11-01T08:00:00Z,,,,,,false,\n");
    write(&data, "incidents.csv", &incidents);
    let m = metrics_json(&data, &[]);
    assert_eq!(m["period"]["label"], "2026-10");
    assert_eq!(m["period"]["partial"], false);
    assert_eq!(m["metrics"]["incidents"]["value"], 31);
    let a = assess_json(&data, &[]);
    assert_eq!(a["period"]["label"], "2026-10");
    let nov = assess_json(&data, &["--month".as_ref(), "2026-11".as_ref()]);
    assert_eq!(nov["period"]["partial"], true);

    // Data ending on the month's last day: that month is complete and is the default.
    let ends = dir.path().join("e");
    std::fs::create_dir_all(&ends).unwrap();
    write(
        &ends,
        "incidents.csv",
        &format!("{INCIDENTS_HEADER}acme,I1,t,low,new,,,2026-09-03T08:00:00Z,,,,,,false,\nacme,I2,t,low,new,,,2026-09-30T23:59:00Z,,,,,,false,\n"),
    );
    let m = metrics_json(&ends, &[]);
    assert_eq!(m["period"]["label"], "2026-09");
    assert_eq!(m["period"]["partial"], false);
    // In Paris the last instant is already 1 October: September is still the last complete month.
    let m = metrics_json(&ends, &["--timezone", "Europe/Paris"]);
    assert_eq!(m["period"]["label"], "2026-09");
}

/// Why 6: history counts months with data among the last twelve, not calendar age; human
/// oversight counts a person's approval given before the action finished.
#[test]
fn history_and_oversight_measure_what_they_claim() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    std::fs::create_dir_all(&data).unwrap();
    write(
        &data,
        "incidents.csv",
        &format!(
            "{INCIDENTS_HEADER}acme,I0,old,low,closed,true_positive,,2024-01-10T10:00:00Z,,,2024-01-11T10:00:00Z,,human,false,\n\
             acme,I1,t,low,closed,true_positive,,2026-07-10T10:00:00Z,,,2026-07-11T10:00:00Z,,human,false,\n\
             acme,I2,t,low,closed,true_positive,,2026-09-10T10:00:00Z,,,2026-09-11T10:00:00Z,,human,false,\n\
             acme,I3,t,low,closed,true_positive,,2026-09-30T10:00:00Z,,,2026-09-30T12:00:00Z,,human,false,\n"
        ),
    );
    // Six containment/remediation actions in September: a person before the end (counts), a
    // person with no approval time (counts), the playbook itself, "Automation", an app id, and a
    // person approving after the action finished (a review): 2 of 6.
    write(
        &data,
        "automation.csv",
        "tenant,run_id,incident_id,alert_id,playbook,action,started_at,finished_at,outcome,approved_by,approved_at\n\
         acme,R1,I2,,Isolate host,contain,2026-09-10T11:00:00Z,2026-09-10T11:05:00Z,success,carol,2026-09-10T10:58:00Z\n\
         acme,R2,I2,,Isolate host,contain,2026-09-10T11:00:00Z,2026-09-10T11:05:00Z,success,dave@contoso.example,\n\
         acme,R3,I2,,Isolate host,contain,2026-09-10T11:00:00Z,2026-09-10T11:05:00Z,success,Isolate host,2026-09-10T10:58:00Z\n\
         acme,R4,I2,,Reset password,remediate,2026-09-10T11:00:00Z,2026-09-10T11:05:00Z,success,Automation,2026-09-10T10:58:00Z\n\
         acme,R5,I2,,Reset password,remediate,2026-09-10T11:00:00Z,2026-09-10T11:05:00Z,success,0b1c2d3e-aaaa-bbbb-cccc-0123456789ab,\n\
         acme,R6,I3,,Reset password,remediate,2026-09-30T10:30:00Z,2026-09-30T10:31:00Z,success,erin,2026-09-30T11:00:00Z\n\
         acme,R7,I3,,Reset password,remediate,2026-09-30T10:30:00Z,2026-09-30T10:31:00Z,success,Copilot,2026-09-30T10:29:00Z\n\
         acme,R8,I3,,Reset password,remediate,2026-09-30T10:30:00Z,2026-09-30T10:31:00Z,success,ai,2026-09-30T10:29:00Z\n\
         acme,R9,I3,,Reset password,remediate,2026-09-30T10:30:00Z,2026-09-30T10:31:00Z,success,{0B1C2D3E-AAAA-BBBB-CCCC-0123456789AB},\n\
         acme,R10,I3,,Reset password,remediate,2026-09-30T10:30:00Z,2026-09-30T10:31:00Z,success,Azure Logic Apps,\n",
    );
    let m = metrics_json(&data, &["--month", "2026-09"]);
    assert_eq!(m["metrics"]["history_months"]["value"], 2);
    // An AI assistant (Copilot, `ai`), an app id in braces and Logic Apps approve nothing either:
    // still 2, now of 10.
    let o = &m["metrics"]["human_oversight_rate"];
    assert_eq!(
        (o["numerator"].clone(), o["denominator"].clone()),
        (2.into(), 10.into())
    );
}

/// Why 1 on a vendor export: Sentinel's incident and alert tables carry no playbook runs and no
/// closer, so the automation layer is not assessed (not stage 1), the JSON says why, and the
/// verdict covers the other layers.
#[test]
fn a_vendor_export_without_automation_leaves_that_layer_unassessed() {
    let a = assess_json(
        &crate::harness::fixture("sources/sentinel/SecurityIncident.csv"),
        &[
            crate::harness::fixture("sources/sentinel/SecurityAlert.csv").as_os_str(),
            "--from".as_ref(),
            "2000-01-01".as_ref(),
            "--to".as_ref(),
            "2100-01-01".as_ref(),
            // A century: longer than a period may be without saying so.
            "--force".as_ref(),
        ],
    );
    let automation = layer_of(&a, "automation");
    assert_eq!(automation["assessed"], false, "{automation}");
    assert_eq!(automation["stage"], Value::Null);
    assert!(automation["reason"]
        .as_str()
        .unwrap()
        .contains("automation"));
    assert_eq!(
        a["overall"]["unassessed_layers"],
        serde_json::json!(["automation"])
    );
    assert_eq!(a["overall"]["assessed_layers"], 5);
    assert!(a["overall"]["stage"].is_u64());
    for l in a["layers"].as_array().unwrap() {
        assert_eq!(l["assessed"], l["stage"].is_u64(), "{l}");
        assert_eq!(l["reason"].is_string(), !l["stage"].is_u64(), "{l}");
    }
}
