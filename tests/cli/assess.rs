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
        .success();
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
            predicate::str::contains("from data only")
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
        .code(1)
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
        .code(1)
        .stderr(predicate::str::contains(
            "unknown question `do_we_have_a_soc`",
        ));
}
