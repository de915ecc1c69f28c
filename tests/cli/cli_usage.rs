//! The command line itself: help, usage errors (exit 2) and input errors (exit 1).

use predicates::prelude::*;

use crate::harness::{fixture, socgauge, write};

#[test]
fn help_lists_the_commands() {
    socgauge().arg("--help").assert().success().stdout(
        predicate::str::contains("ingest")
            .and(predicate::str::contains("metrics"))
            .and(predicate::str::contains("sample")),
    );
}

#[test]
fn ingest_help_documents_the_flags() {
    socgauge()
        .args(["ingest", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--input-timezone").and(predicate::str::contains("--strict")),
        );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    socgauge()
        .args(["ingest", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn no_input_is_a_usage_error() {
    socgauge()
        .arg("metrics")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to read"));
    // `ingest` loads: it asks for exports, whether or not a database is named (a bare --db, as
    // the other commands' message would suggest, is no load).
    for args in [&["ingest"][..], &["ingest", "--db", "soc.db"]] {
        socgauge()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "ingest: give at least one export file or folder (PATH...)",
            ));
    }
}

#[test]
fn bad_time_zone_is_a_usage_error() {
    socgauge()
        .args(["ingest", "--input-timezone", "Mars/Olympus"])
        .arg(fixture("load/incidents_basic.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Mars/Olympus"));
}

#[test]
fn a_date_format_strptime_cannot_read_is_a_usage_error() {
    for format in ["%Q", "%d/%m/%Y %Q"] {
        socgauge()
            .args(["ingest", "--date-format", format])
            .arg(fixture("load/incidents_basic.csv"))
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("--date-format").and(predicate::str::contains(format)),
            );
    }
}

#[test]
fn a_date_format_reading_a_zone_name_is_a_usage_error() {
    // strptime's %Z reads `Europe/Berlin`, `EST` or `XYZ` alike and keeps none of them: every
    // time would be stored as UTC. A literal `%%Z` is no zone name.
    socgauge()
        .args(["ingest", "--date-format", "%b %d %Y %H:%M %Z"])
        .arg(fixture("load/incidents_basic.csv"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--date-format")
                .and(predicate::str::contains("reads a zone name (%Z)"))
                .and(predicate::str::contains("--input-timezone")),
        );
    socgauge()
        .args(["ingest", "--quiet", "--date-format", "%Y-%m-%dT%H:%M:%S%%Z"])
        .arg(fixture("load/incidents_basic.csv"))
        .assert()
        .success();
}

#[test]
fn a_date_format_with_a_control_character_is_a_usage_error_written_on_one_line() {
    // The pattern would reach messages and rejects' reasons: a line break or a carriage return
    // in it could forge a line of output.
    for (format, code) in [
        ("%d/%m/%Y\rrejected: nothing", "U+000D"),
        ("%d\n%m", "U+000A"),
    ] {
        let out = socgauge()
            .args(["ingest", "--date-format", format])
            .arg(fixture("load/incidents_basic.csv"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(code), "{stderr}");
        assert!(!stderr.contains('\r'), "{stderr:?}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    }
}

#[test]
fn bad_month_is_a_usage_error() {
    socgauge()
        .args(["metrics", "--month", "2026-13"])
        .arg(fixture("metrics"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--month"));
}

#[test]
fn from_without_to_is_a_usage_error() {
    socgauge()
        .args(["metrics", "--from", "2026-10-01"])
        .arg(fixture("metrics"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from needs --to"));
}

/// A flag that only means something with another is refused without it, whatever else is
/// given: never silently ignored.
#[test]
fn with_reports_without_a_portfolio_is_a_usage_error() {
    for extra in [&[][..], &["--tenant", "acme"][..]] {
        socgauge()
            .args(["report", "--with-reports", "-o", "never.html"])
            .args(extra)
            .arg(fixture("metrics"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--with-reports"));
    }
}

/// A settings file that is missing, a folder or a device is a usage error (exit 2) naming it,
/// wherever it is named: a scheduler tells a wrong path from a failed run.
#[test]
fn settings_files_that_cannot_be_read_are_usage_errors() {
    for (command, flag) in [
        ("assess", "--answers"),
        ("assess", "--targets"),
        ("assess", "--rubric"),
        ("report", "--tenant-names"),
    ] {
        for path in ["no/such/settings.toml", "/dev/zero", "."] {
            socgauge()
                .args([command, flag, path])
                .arg(fixture("metrics"))
                .assert()
                .code(2)
                .stderr(predicate::str::contains(path));
        }
    }
}

#[test]
fn missing_file_names_the_file() {
    socgauge()
        .args(["ingest", "no/such/export.csv"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no/such/export.csv")
                .and(predicate::str::contains("does not exist")),
        );
}

#[test]
fn unsupported_extension_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "export.xlsx", "whatever");
    socgauge().arg("ingest").arg(&path).assert().code(1).stderr(
        predicate::str::contains("export.xlsx")
            .and(predicate::str::contains("unsupported file type")),
    );
}

#[test]
fn unrecognised_kind_lists_found_and_expected_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "mystery.csv",
        "id,when,what\n1,2026-10-01,thing\n",
    );
    socgauge().arg("ingest").arg(&path).assert().code(1).stderr(
        predicate::str::contains("mystery.csv")
            .and(predicate::str::contains("found keys: id, what, when"))
            .and(predicate::str::contains("incident_id and created_at")),
    );
}

#[test]
fn errors_print_once() {
    let out = socgauge().args(["ingest", "missing.csv"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// A reading command pointed at a database that is not there, or at a folder, says which flag
/// and what to do, not a database engine's message.
#[test]
fn a_missing_or_folder_database_names_the_flag_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["metrics", "rejects"] {
        socgauge()
            .args([command, "--db"])
            .arg(dir.path().join("nothing.db"))
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("--db: the database `")
                    .and(predicate::str::contains("nothing.db` does not exist"))
                    .and(predicate::str::contains("socgauge ingest --db FILE")),
            );
    }
    for command in ["metrics", "report", "ingest", "rejects"] {
        socgauge()
            .args([command, "--db"])
            .arg(dir.path())
            .args((command == "ingest").then_some("export.csv"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "is a folder; give the database file",
            ));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// A month outside the years socgauge measures is echoed as written, four-digit year and all.
#[test]
fn a_month_out_of_range_is_echoed_as_written() {
    for command in ["metrics", "publish"] {
        let mut cmd = socgauge();
        cmd.args([command, "--month", "0000-01"]);
        if command == "metrics" {
            cmd.arg(crate::harness::fixture("metrics"));
        } else {
            cmd.args(["--config", "socgauge.toml"]);
        }
        cmd.assert().code(2).stderr(predicate::str::contains(
            "--month: 0000-01 is outside the years 1970 to 2100",
        ));
    }
}
