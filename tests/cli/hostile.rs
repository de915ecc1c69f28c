//! The hostile-input corpus: malformed, mis-encoded, oversized and malicious inputs, and outputs
//! aimed at the files a run reads. Each case states its expected outcome (rows loaded, rows
//! rejected with the reason, or the exact error); every case also checks the invariants: no panic,
//! rows read = loaded + rejected, the database unchanged after a failed run, each cause printed
//! once, no file written outside the named paths.
//!
//! Static inputs are in tests/fixtures/hostile/corpus; large or binary ones are generated here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::harness::{fixture, query, scalar, socgauge};

/// What a run did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The `total` line of `ingest`: (read, loaded, rejected).
    fn totals(&self) -> (i64, i64, i64) {
        let line = self
            .stdout
            .lines()
            .find(|l| l.starts_with("total"))
            .unwrap_or_else(|| panic!("no total line in {}", self.stdout));
        let n: Vec<i64> = line
            .split_whitespace()
            .skip(1)
            .map(|x| x.parse().unwrap())
            .collect();
        (n[0], n[1], n[2])
    }
}

/// Runs socgauge in `dir` (its current folder) and checks the invariants every run keeps: no
/// panic, at most one error line, and no file created in `dir` except those in `may_write`.
fn run(dir: &Path, args: &[&std::ffi::OsStr], may_write: &[&Path]) -> Run {
    let before = files_in(dir);
    let out = socgauge().current_dir(dir).args(args).output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "panic: {}",
        run.stderr
    );
    assert!(
        run.stderr.matches("error:").count() <= 1,
        "one error, printed once: {}",
        run.stderr
    );
    for noise in ["Unknown error code", "Stack Trace", "os error"] {
        assert!(!run.stderr.contains(noise), "{noise:?} in {}", run.stderr);
    }
    if run.code == 0 && run.stdout.lines().any(|l| l.starts_with("total")) {
        let (read, loaded, rejected) = run.totals();
        assert_eq!(read, loaded + rejected, "rows read = loaded + rejected");
    }
    let allowed: BTreeSet<PathBuf> = may_write
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .collect();
    for created in files_in(dir).difference(&before) {
        assert!(
            allowed.contains(created)
                || allowed
                    .iter()
                    .any(|a| created.starts_with(a) || is_wal_of(created, a)),
            "unexpected file {} written",
            created.display()
        );
    }
    run
}

fn is_wal_of(file: &Path, db: &Path) -> bool {
    file.to_string_lossy() == format!("{}.wal", db.to_string_lossy())
}

/// Every file under `dir`, canonical.
fn files_in(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.insert(std::fs::canonicalize(&path).unwrap_or(path));
            }
        }
    }
    out
}

fn os<'a>(items: &'a [&'a str]) -> Vec<&'a std::ffi::OsStr> {
    items.iter().map(std::ffi::OsStr::new).collect()
}

fn corpus(name: &str) -> PathBuf {
    fixture("hostile/corpus").join(name)
}

/// The content of a database, to compare before and after a failed run.
fn contents(db: &Path) -> Vec<Vec<String>> {
    query(
        db,
        "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM alerts), \
         (SELECT count(*) FROM automation), (SELECT count(*) FROM rejects), \
         (SELECT string_agg(incident_id || '|' || coalesce(title, ''), ',' ORDER BY incident_id) FROM incidents)",
    )
}

/// A database in `dir` holding the metrics fixture: the baseline of failed-run checks.
fn baseline(dir: &Path) -> PathBuf {
    let db = dir.join("base.db");
    let r = run(
        dir,
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            fixture("metrics").as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    db
}

/// Ingests `file` into a copy of the baseline; returns the run and the database.
fn ingest_into_baseline(
    dir: &Path,
    file: &Path,
    extra: &[&str],
) -> (Run, PathBuf, Vec<Vec<String>>) {
    let db = baseline(dir);
    let before = contents(&db);
    let bytes = std::fs::read(&db).unwrap();
    // The corpus counts rejects row by row: the whole-file threshold (--max-rejects) has its own
    // tests, so it is off here.
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "ingest".as_ref(),
        "--max-rejects".as_ref(),
        "1".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
    ];
    args.extend(os(extra));
    args.push(file.as_os_str());
    let r = run(dir, &args, &[&db]);
    if r.code != 0 {
        assert_eq!(
            contents(&db),
            before,
            "a failed ingest leaves the database unchanged"
        );
        assert!(
            std::fs::read(&db).unwrap() == bytes,
            "a failed ingest leaves the database file byte for byte as it was"
        );
    }
    (r, db, before)
}

/// Reasons of the rejects of a database, by id-ish value: (line, column, reason).
fn rejects(db: &Path) -> Vec<Vec<String>> {
    query(
        db,
        "SELECT CAST(line AS VARCHAR), coalesce(\"column\", '-'), reason FROM rejects ORDER BY line",
    )
}

// ---- 1. A last line inside an unclosed quote ---------------------------------------------------

#[test]
fn an_unclosed_quote_on_the_last_line_rejects_that_line_only() {
    let dir = tempfile::tempdir().unwrap();
    let (r, db, _) = ingest_into_baseline(dir.path(), &corpus("unclosed_quote_last_line.csv"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("unclosed_quote"))
        .unwrap()
        .to_string();
    let n: Vec<&str> = line.split_whitespace().collect();
    // read, loaded, rejected
    assert_eq!(&n[3..6], &["4", "3", "1"], "{line}");
    // The quoted comma stays in the title: nothing shifted by a column.
    let q2 = query(
        &db,
        "SELECT title, owner, severity FROM incidents WHERE incident_id = 'Q-2'",
    );
    assert_eq!(q2, vec![vec!["web-01, db-02", "ana", "high"]]);
    let reasons = rejects(&db);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0][0], "5", "{reasons:?}");
}

/// A file longer than the dialect sniffer's sample and shorter than the reader's own (2,048 to
/// 20,480 rows) whose last line opens a quote: quoting must stay on for every other line.
#[test]
fn an_unclosed_quote_on_the_last_line_of_a_mid_sized_file_rejects_that_line_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("incident_id,created_at,owner,title\n");
    for i in 1..=3000 {
        let owner = if i % 50 == 0 {
            "\"Martin, J.\""
        } else {
            "o.ali"
        };
        text.push_str(&format!("I{i},2026-09-01T10:00:00Z,{owner},t{i}\n"));
    }
    text.push_str("I3001,2026-09-01T10:00:00Z,o.ali,\"cut off\n");
    let file = crate::harness::write(dir.path(), "cut_quote.csv", &text);
    let (r, db, _) = ingest_into_baseline(dir.path(), &file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM incidents WHERE owner = 'Martin, J.'"
        ),
        "60"
    );
    assert_eq!(rejects(&db).len(), 1, "{:?}", rejects(&db));
    assert_eq!(rejects(&db)[0][0], "3002");
}

/// Blank lines before a CSV header (as some export tools write them) are skipped, not read as a
/// row, and the rows keep their real line numbers.
#[test]
fn lines_before_a_csv_header_are_skipped_and_lines_stay_true() {
    let dir = tempfile::tempdir().unwrap();
    for (name, before) in [
        ("blank.csv", "\n\n"),
        ("crlf.csv", "\n"),
        ("four.csv", "\n\n\n\n"),
    ] {
        let mut text = format!("{before}incident_id,created_at,title\n");
        for i in 1..=10 {
            text.push_str(&format!("I{i},2026-10-01T10:00:00Z,\"t, {i}\"\n"));
        }
        text.push_str("I11,not a time,x\n");
        if name == "crlf.csv" {
            text = text.replace('\n', "\r\n");
        }
        let lines_before = before.matches('\n').count();
        let file = crate::harness::write(dir.path(), name, &text);
        let (r, db, _) = ingest_into_baseline(dir.path(), &file, &[]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(
            scalar(
                &db,
                "SELECT count(*) FROM incidents WHERE incident_id LIKE 'I%' AND title LIKE 't, %'"
            ),
            "10",
            "{name}"
        );
        // The bad row is the 11th data row: after the lines before, the header and ten rows.
        let line = (lines_before + 12).to_string();
        assert_eq!(
            query(&db, &format!("SELECT CAST(line AS VARCHAR), \"column\" FROM rejects WHERE file LIKE '%{name}'")),
            vec![vec![line, "created_at".to_string()]],
            "{name}"
        );
    }
}

/// A JSON array cut short after a comma is refused whole, not loaded in part.
#[test]
fn a_json_array_cut_short_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<String> = (0..1000)
        .map(|i| format!(r#"{{"incident_id": "J{i}", "created_at": "2026-09-01T10:00:00Z"}}"#))
        .collect();
    let whole = format!("[{}]", records.join(", "));
    let cut = &whole[..whole.find(r#"{"incident_id": "J500""#).unwrap()];
    let file = crate::harness::write(dir.path(), "cut.json", cut);
    let (r, db, before) = ingest_into_baseline(dir.path(), &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cut.json") && r.stderr.contains("the JSON array is never closed"),
        "{}",
        r.stderr
    );
    assert_eq!(contents(&db), before);
}

#[test]
fn an_unclosed_quote_before_the_last_line_refuses_the_file_naming_its_line() {
    let header = "tenant,incident_id,title,severity,status,classification,first_activity_at,created_at,acknowledged_at,contained_at,closed_at,owner,closed_by,ai_assisted,redirected_to";
    let row = |id: &str, title: &str| {
        format!(
            "acme,{id},{title},high,closed,true_positive,,2026-10-05T10:00:00Z,,,,ana,human,false,"
        )
    };
    // Line 3 opens a quote it never closes: the reader reads on to the end of the file (first
    // file), or to the next quote, on line 5 (second file), and the rows between would vanish.
    let to_the_end = [
        row("Q-1", "plain"),
        row("Q-2", "\"never closed"),
        row("Q-3", "plain"),
        row("Q-4", "plain"),
    ];
    let to_a_later_quote = [
        row("Q-1", "plain"),
        row("Q-2", "\"never closed"),
        row("Q-3", "plain"),
        row("Q-4", "\"web-01, db-02\""),
        row("Q-5", "plain"),
    ];
    for (name, rows) in [
        ("to_the_end.csv", &to_the_end[..]),
        ("to_a_later_quote.csv", &to_a_later_quote[..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        std::fs::write(&file, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        let (r, _db, _) = ingest_into_baseline(dir.path(), &file, &[]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(name)
                && r.stderr
                    .contains("line 3 opens a quoted value that runs over"),
            "{name}: {}",
            r.stderr
        );
    }
}

#[test]
fn an_unclosed_quote_before_the_last_line_of_a_vendor_csv_refuses_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("SecurityIncident.csv");
    std::fs::write(
        &file,
        "IncidentNumber,Title,Severity,Status,CreatedTime\n\
         1,plain,High,New,2024-08-01T09:00:00Z\n\
         2,\"never closed,High,New,2024-08-01T09:00:00Z\n\
         3,plain,High,New,2024-08-01T09:00:00Z\n\
         4,plain,High,New,2024-08-01T09:00:00Z\n",
    )
    .unwrap();
    let (r, _db, _) = ingest_into_baseline(dir.path(), &file, &["--source", "sentinel"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("line 3 opens a quoted value that runs over"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_huge_tenant_name_or_many_tenants_in_one_file_print_in_capped_cells() {
    // One 70,000-character tenant, then 3,000 tenants in one file: the ingest summary joins a
    // file's tenants into one cell, which once overflowed the formatter and panicked after the
    // load had been kept.
    let dir = tempfile::tempdir().unwrap();
    let huge = "T".repeat(70_000);
    let mut many = String::from("tenant,incident_id,created_at\n");
    for i in 0..3_000 {
        many.push_str(&format!("client-{i:05},I-{i},2026-01-05T00:00:00Z\n"));
    }
    let files = [
        crate::harness::write(
            dir.path(),
            "huge.csv",
            &format!("tenant,incident_id,created_at\n{huge},I-1,2026-01-05T00:00:00Z\n"),
        ),
        crate::harness::write(dir.path(), "many\nnames.csv", &many),
    ];
    let db = dir.path().join("t.db");
    for file in &files {
        let r = run(
            dir.path(),
            &[
                "ingest".as_ref(),
                "--db".as_ref(),
                db.as_os_str(),
                file.as_os_str(),
            ],
            &[&db],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        for line in r.stdout.lines() {
            assert!(
                line.chars().count() < 400,
                "a capped row: {} characters",
                line.chars().count()
            );
        }
    }
    // The file name's line break is shown escaped, on the file's own row.
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            files[1].as_os_str(),
        ],
        &[&db],
    );
    assert!(r.stdout.contains("many\\nnames.csv"), "{}", r.stdout);
    let r = run(
        dir.path(),
        &["tenants".as_ref(), "--db".as_ref(), db.as_os_str()],
        &[&db],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A tenant is listed whole, so that it can be given to --tenant.
    assert!(r.stdout.contains(&huge), "the whole name is listed");
    assert_eq!(r.stdout.lines().count(), 1 + 1 + 3_000);
}

// ---- 2. Outputs onto the files a run reads ------------------------------------------------------

#[test]
fn an_output_onto_the_database_or_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let before = contents(&db);
    let r = run(
        dir.path(),
        &[
            "metrics".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "-o".as_ref(),
            db.as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is the database (--db)"), "{}", r.stderr);
    assert_eq!(contents(&db), before);
    // Through a folder that does not exist yet (which the write would make, then leave): the
    // same file, refused the same way, and nothing made.
    let around = dir
        .path()
        .join("new")
        .join("..")
        .join(db.file_name().unwrap());
    let r = run(
        dir.path(),
        &[
            "metrics".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "-o".as_ref(),
            around.as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is the database (--db)"), "{}", r.stderr);
    assert_eq!(contents(&db), before);
    assert!(!dir.path().join("new").exists());

    let input = dir.path().join("incidents.csv");
    std::fs::copy(fixture("metrics/incidents.csv"), &input).unwrap();
    let original = std::fs::read(&input).unwrap();
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            "./incidents.csv".as_ref(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is an input export"), "{}", r.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), original);

    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            input.as_os_str(),
            "--dump-context".as_ref(),
            "r.html".as_ref(),
            "-o".as_ref(),
            "r.html".as_ref(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn every_command_refuses_an_output_onto_the_database_or_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let before = contents(&db);
    let refused = |args: &[&std::ffi::OsStr], message: &str| {
        let r = run(dir.path(), args, &[&db]);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert_eq!(contents(&db), before, "{args:?} changed the database");
    };
    let db_arg = db.as_os_str();
    refused(
        &[
            "tenants".as_ref(),
            "--db".as_ref(),
            db_arg,
            "-o".as_ref(),
            db_arg,
        ],
        "is the database (--db)",
    );
    refused(
        &[
            "rejects".as_ref(),
            "--db".as_ref(),
            db_arg,
            "-o".as_ref(),
            db_arg,
        ],
        "is the database (--db)",
    );
    // The tenants' reports beside a portfolio are named `<portfolio>-<tenant slug>.html`: one of
    // them would fall on the database.
    let named_like_a_report = dir.path().join("p-acme.html");
    std::fs::copy(&db, &named_like_a_report).unwrap();
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            "--db".as_ref(),
            named_like_a_report.as_os_str(),
            "--portfolio".as_ref(),
            "--with-reports".as_ref(),
            "-o".as_ref(),
            dir.path().join("p.html").as_os_str(),
        ],
        &[&named_like_a_report],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--with-reports"), "{}", r.stderr);
    assert_eq!(contents(&named_like_a_report), before);
    assert!(!dir.path().join("p.html").exists());
    // Two outputs of one run on one file: the context dump named like a tenant's page.
    let out = dir.path().join("out");
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            "--db".as_ref(),
            db_arg,
            "--portfolio".as_ref(),
            "--with-reports".as_ref(),
            "-o".as_ref(),
            out.join("p.html").as_os_str(),
            "--dump-context".as_ref(),
            out.join("p-acme.html").as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("two outputs"), "{}", r.stderr);
    assert!(!out.join("p.html").exists() && !out.join("p-acme.html").exists());

    let input = dir.path().join("incidents.csv");
    std::fs::copy(fixture("metrics/incidents.csv"), &input).unwrap();
    let original = std::fs::read(&input).unwrap();
    let r = run(
        dir.path(),
        &[
            "tenants".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            input.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is an input export"), "{}", r.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), original);
}

#[test]
fn another_applications_duckdb_file_is_never_loaded_into() {
    // A table, a view only (never taken for an empty file a failed load would remove), and a
    // table named like socgauge's without its columns.
    for (name, setup) in [
        (
            "table.db",
            "CREATE TABLE orders (id INTEGER); INSERT INTO orders VALUES (1);",
        ),
        ("view.db", "CREATE VIEW answer AS SELECT 42 AS x;"),
        ("incidents.db", "CREATE TABLE incidents (id INTEGER);"),
        ("type.db", "CREATE TYPE mood AS ENUM ('calm', 'busy');"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join(name);
        {
            let conn = duckdb::Connection::open(&foreign).unwrap();
            conn.execute_batch(setup).unwrap();
        }
        let before = std::fs::read(&foreign).unwrap();
        let r = run(
            dir.path(),
            &[
                "ingest".as_ref(),
                "--db".as_ref(),
                foreign.as_os_str(),
                fixture("metrics").as_os_str(),
            ],
            &[],
        );
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains("another application"),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(std::fs::read(&foreign).unwrap(), before, "{name}");
    }
}

#[test]
fn sample_and_init_commands_replace_files_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("alerts.csv"), "the client's real export").unwrap();
    let sample = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> =
            os(&["sample", "--months", "1", "--alerts-per-day", "2", "--out"]);
        args.push(out.as_os_str());
        args.extend(os(extra));
        run(dir.path(), &args, &[&out])
    };
    let r = sample(&[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("alerts.csv") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("alerts.csv")).unwrap(),
        "the client's real export"
    );
    assert!(
        !out.join("incidents.csv").exists(),
        "nothing written when refused"
    );
    let r = sample(&["--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(out.join("alerts.csv"))
        .unwrap()
        .starts_with("tenant,alert_id"));
    // Only the three files: no temporary left behind.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);

    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "# filled in by hand").unwrap();
    let r = run(
        dir.path(),
        &[
            "answers".as_ref(),
            "init".as_ref(),
            "-o".as_ref(),
            answers.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&answers).unwrap(),
        "# filled in by hand"
    );
    // The same file named through a folder that does not exist yet.
    let r = run(
        dir.path(),
        &os(&["answers", "init", "-o", "missing/../answers.toml"]),
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&answers).unwrap(),
        "# filled in by hand"
    );
    assert!(!dir.path().join("missing").exists());
    let rubric = dir.path().join("rubric.toml");
    std::fs::write(&rubric, "# a rubric").unwrap();
    let r = run(
        dir.path(),
        &os(&[
            "answers",
            "init",
            "--force",
            "--rubric",
            "rubric.toml",
            "-o",
            "./rubric.toml",
        ]),
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is the rubric"), "{}", r.stderr);
    let r = run(
        dir.path(),
        &[
            "answers".as_ref(),
            "init".as_ref(),
            "--force".as_ref(),
            "-o".as_ref(),
            answers.as_os_str(),
        ],
        &[&answers],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let mapping = dir.path().join("m.toml");
    std::fs::write(&mapping, "# edited").unwrap();
    let r = run(
        dir.path(),
        &[
            "mapping".as_ref(),
            "init".as_ref(),
            fixture("metrics/incidents.csv").as_os_str(),
            "-o".as_ref(),
            mapping.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&mapping).unwrap(), "# edited");
}

#[test]
fn a_report_replaces_the_previous_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    std::fs::write(&out, "previous report").unwrap();
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            fixture("metrics").as_os_str(),
            "--tenant".as_ref(),
            "acme".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        &[&out],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    // The temporary beside it was renamed, not left.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

// ---- 3. Timestamps outside 1970–2100 ----------------------------------------------------------

#[test]
fn timestamps_outside_the_window_are_rejected_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let (r, db, _) = ingest_into_baseline(dir.path(), &corpus("years_outside_the_window.csv"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rejected = rejects(&db);
    assert_eq!(
        rejected,
        ["3", "4", "6"]
            .iter()
            .map(|line| vec![
                line.to_string(),
                "created_at".to_string(),
                "outside the years 1970 to 2100 that socgauge reads".to_string()
            ])
            .collect::<Vec<_>>()
    );
    assert_eq!(
        scalar(&db, "SELECT string_agg(incident_id, ',' ORDER BY incident_id) FROM incidents WHERE incident_id LIKE 'Y-%'"),
        "Y-1,Y-2100"
    );
    // Every measuring command still works on the database.
    for cmd in ["metrics", "assess"] {
        let r = run(
            dir.path(),
            &os(&[cmd, "--tenant", "acme", "--db", db.to_str().unwrap()]),
            &[&db],
        );
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
    }
}

// ---- 4. Links that lead nowhere ---------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_broken_or_looping_link_in_a_folder_is_an_error() {
    for (name, make) in [
        (
            "missing",
            (|d: &Path| std::os::unix::fs::symlink(d.join("nowhere.csv"), d.join("x.csv")))
                as fn(&Path) -> std::io::Result<()>,
        ),
        ("loop", |d: &Path| {
            std::os::unix::fs::symlink(d.join("x.csv"), d.join("x.csv"))
        }),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::copy(fixture("metrics/incidents.csv"), data.join("incidents.csv")).unwrap();
        make(&data).unwrap();
        let r = run(dir.path(), &["ingest".as_ref(), data.as_os_str()], &[]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains("x.csv") && r.stderr.contains("link"),
            "{name}: {}",
            r.stderr
        );
    }
}

// ---- 5. Spreadsheet formulas and control characters in outputs --------------------------------

#[test]
fn csv_cells_are_neutralised_unless_raw_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = corpus("formulas.csv");
    let metrics = |extra: &[&str]| {
        let mut args = os(&["metrics", "--format", "csv", "--month", "2026-10"]);
        args.extend(os(extra));
        args.push(file.as_os_str());
        let r = run(dir.path(), &args, &[]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let safe = metrics(&[]);
    let tenants: BTreeSet<String> = csv::Reader::from_reader(safe.as_bytes())
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect();
    assert!(
        tenants.contains("'=HYPERLINK(\"http://evil\",\"x\")"),
        "{tenants:?}"
    );
    assert!(tenants.contains("'-2+3"), "{tenants:?}");
    assert!(tenants.contains("esc\\u{1b}[31mred"), "{tenants:?}");
    assert!(!safe.contains('\u{1b}'));
    let table = metrics_table(dir.path(), &file);
    assert!(
        !table.contains('\u{1b}') && table.contains("esc\\u{1b}[31mred"),
        "{table}"
    );
    let raw = metrics(&["--raw-csv"]);
    assert!(
        raw.contains("\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        "{raw}"
    );
}

fn metrics_table(dir: &Path, file: &Path) -> String {
    let mut args = os(&[
        "metrics",
        "--month",
        "2026-10",
        "--tenant",
        "esc\u{1b}[31mred",
    ]);
    args.push(file.as_os_str());
    let r = run(dir, &args, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn control_characters_never_reach_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incidents.ndjson");
    std::fs::write(
        &file,
        "{\"incident_id\":\"N-1\",\"tenant\":\"acme\",\"title\":\"nul\\u0000here esc\\u001b[2J\",\"severity\":\"high\",\"created_at\":\"2026-10-05T10:00:00Z\",\"owner\":\"a\\u0000b\"}\n",
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            file.as_os_str(),
            // The data holds part of one month: name it (the default is the last whole month).
            "--month".as_ref(),
            "2026-10".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        &[&out],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains('\0') && !html.contains('\u{1b}'));
}

/// A file name is data too: its ESC sequences never reach the terminal from the ingest summary
/// or its reject lines.
#[test]
fn a_file_name_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = crate::harness::write(
        dir.path(),
        "a\u{1b}[2Jb.csv",
        "tenant,alert_id,created_at\nacme,A1,2026-10-03T00:00:00Z\nacme,A2,not a time\n",
    );
    let db = dir.path().join("soc.db");
    let ingest = |max_rejects: &str| {
        run(
            dir.path(),
            &[
                "ingest".as_ref(),
                "--max-rejects".as_ref(),
                max_rejects.as_ref(),
                "--db".as_ref(),
                db.as_os_str(),
                file.as_os_str(),
            ],
            &[&db],
        )
    };
    // Refused (half the rows rejected): the error names the file.
    let r = ingest("0.05");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("[2Jb.csv") && !r.stderr.contains('\u{1b}'),
        "{}",
        r.stderr
    );
    let r = ingest("1");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("[2Jb.csv"), "{}", r.stdout);
    assert!(r.stderr.contains("rejected:"), "{}", r.stderr);
    assert!(
        !r.stdout.contains('\u{1b}') && !r.stderr.contains('\u{1b}'),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

// ---- 6. Mapping expressions may only read the record ------------------------------------------

#[test]
fn a_mapping_expression_cannot_read_files_or_tables() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("tickets.csv");
    std::fs::write(
        &export,
        "Number,Opened,Short description\nT1,2026-10-05T10:00:00Z,x\n",
    )
    .unwrap();
    for (expr, named) in [
        (
            "concat({Short description}, read_text('/etc/hostname'))",
            "`read_text`",
        ),
        ("(SELECT string_agg(j, '') FROM sg_records)", "`select`"),
        ("getenv('HOME')", "`getenv`"),
        ("{Short description}; DROP TABLE incidents", "`;`"),
    ] {
        let mapping = dir.path().join("m.toml");
        std::fs::write(
            &mapping,
            format!(
                "[incidents]\nincident_id = \"Number\"\ncreated_at = \"Opened\"\ntitle = {{ expr = \"{}\" }}\n",
                expr.replace('"', "\\\"")
            ),
        )
        .unwrap();
        let r = run(
            dir.path(),
            &[
                "ingest".as_ref(),
                "--mapping".as_ref(),
                mapping.as_os_str(),
                export.as_os_str(),
            ],
            &[],
        );
        // A mapping file that cannot be used is a usage error, as any settings file is.
        assert_eq!(r.code, 2, "{expr}: {}", r.stderr);
        assert!(
            r.stderr.contains("[incidents] title") && r.stderr.contains(named),
            "{expr}: {}",
            r.stderr
        );
    }
    // A column the file does not have is an error, not an empty field.
    let mapping = dir.path().join("m.toml");
    std::fs::write(
        &mapping,
        "[incidents]\nincident_id = \"Number\"\ncreated_at = \"Opened\"\ntitle = \"Short descripton\"\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--source".as_ref(),
            "mapped".as_ref(),
            "--mapping".as_ref(),
            mapping.as_os_str(),
            export.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("short descripton"), "{}", r.stderr);
}

/// A `{…}` inside a text literal of an expression is text: a column whose name is SQL, named
/// there, must not end the literal and run (here: reading a file the sandbox refuses).
#[test]
fn a_placeholder_inside_a_text_literal_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let column = ", (SELECT content FROM read_text(concat(chr(47),chr(101),chr(116),chr(99)))), ";
    let export = dir.path().join("tickets.csv");
    std::fs::write(
        &export,
        format!("Number,Opened,\"{column}\"\nT1,2026-10-05T10:00:00Z,x\n"),
    )
    .unwrap();
    let mapping = dir.path().join("m.toml");
    let title = format!("'{{{column}}}'");
    std::fs::write(
        &mapping,
        format!(
            "[incidents]\nincident_id = \"Number\"\ncreated_at = \"Opened\"\ntitle = {{ expr = \"{title}\" }}\n"
        ),
    )
    .unwrap();
    let db = dir.path().join("soc.db");
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--mapping".as_ref(),
            mapping.as_os_str(),
            export.as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        scalar(&db, "SELECT title FROM incidents"),
        format!("{{{column}}}")
    );
}

// ---- 7. Resource bounds -------------------------------------------------------------------------

#[test]
fn resource_flags_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture("metrics");
    let d = data.to_str().unwrap();
    for (args, says) in [
        (vec!["metrics", "--threads", "100000", d], "--threads"),
        (vec!["metrics", "--threads", "0", d], "--threads"),
        (
            vec!["metrics", "--memory-limit", "1KB", d],
            "minimum of 64MB",
        ),
        (vec!["metrics", "--memory-limit", "plenty", d], "not a size"),
        (
            vec!["report", "--from", "0001-01-01", "--to", "9999-12-31", d],
            "outside the years 1970 to 2100",
        ),
        (
            vec!["metrics", "--from", "2000-01-01", "--to", "2026-01-01", d],
            "longer than 10 years",
        ),
        (
            vec!["sample", "--out", "s", "--threads", "100000"],
            "--threads",
        ),
        (
            vec!["sample", "--out", "s", "--end-month", "9999-12"],
            "--end-month",
        ),
        // A size DuckDB itself refuses, once the new database exists.
        (
            vec![
                "ingest",
                "--db",
                "new.db",
                "--memory-limit",
                "99999999999999TB",
                d,
            ],
            "--memory-limit",
        ),
    ] {
        let r = run(dir.path(), &os(&args), &[]);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    // Nothing is left of a refused run: no database, no sample folder.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    let r = run(
        dir.path(),
        &os(&[
            "metrics",
            "--from",
            "2000-01-01",
            "--to",
            "2026-01-01",
            "--force",
            "--format",
            "json",
            d,
        ]),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The longest period there is (the whole window, with --force) still gives a report of a
    // few MB: its weekly series are bounded by the window.
    let out = dir.path().join("r.html");
    let r = run(
        dir.path(),
        &os(&[
            "report",
            "--tenant",
            "acme",
            "--from",
            "1970-01-01",
            "--to",
            "2100-12-31",
            "--force",
            "-o",
            "r.html",
            d,
        ]),
        &[&out],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size < 16 << 20, "report of {size} bytes");
}

// ---- 8. Offsets that do not exist; months out of range ----------------------------------------

#[test]
fn impossible_offsets_are_rejected_and_far_months_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (r, db, _) = ingest_into_baseline(dir.path(), &corpus("impossible_offsets.csv"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        rejects(&db),
        ["3", "4", "6"]
            .iter()
            .map(|line| vec![
                line.to_string(),
                "created_at".to_string(),
                "not an ISO 8601 timestamp (nor, in a vendor export, an epoch number or a local \
                 date-time such as 10/04/2026 14:05)"
                    .to_string()
            ])
            .collect::<Vec<_>>()
    );
    assert_eq!(
        query(&db, "SELECT incident_id, CAST(epoch_us(created_at) // 1000000 AS VARCHAR) FROM incidents WHERE incident_id LIKE 'O-%' ORDER BY 1"),
        // 2026-10-05T08:00:00Z and 2026-10-06T04:00:00Z.
        vec![vec!["O-1", "1791187200"], vec!["O-18", "1791259200"]]
    );
    for month in ["9999-12", "1969-12", "2101-01"] {
        let r = run(
            dir.path(),
            &os(&["metrics", "--db", db.to_str().unwrap(), "--month", month]),
            &[&db],
        );
        assert_eq!(r.code, 2, "{month}: {}", r.stderr);
        assert!(r.stderr.contains("outside the years"), "{}", r.stderr);
    }
}

// ---- 9. Encodings, huge fields, deep JSON, errors once -----------------------------------------

const INCIDENT_HEADER: &str = "incident_id,created_at,title\n";

#[test]
fn utf16_files_are_refused_with_what_to_do() {
    let text = format!("{INCIDENT_HEADER}U-1,2026-10-05T10:00:00Z,t\n");
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let json = "[{\"incident_id\":\"U-1\",\"created_at\":\"2026-10-05T10:00:00Z\"}]";
    let json_le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(json.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let compressed = [("le.csv.gz", gzip(&le)), ("le.json.gz", gzip(&json_le))];
    for (name, bytes) in [
        ("le.csv", le.clone()),
        ("be.csv", be),
        ("le.json", json_le.clone()),
    ]
    .into_iter()
    .chain(compressed)
    {
        let (_dir, _, stderr) = refused_encoding(name, bytes);
        assert!(
            stderr.contains(name) && stderr.contains("this file is UTF-16: save it as UTF-8")
                || stderr.contains("UTF-16") && stderr.contains("save it as UTF-8"),
            "{name}: {stderr}"
        );
    }
}

/// Writes `bytes` as `name` in a new folder and loads it into a baseline database, which must
/// refuse it (exit 1): the folder (kept while in use), the file, and what the load said.
fn refused_encoding(name: &str, bytes: Vec<u8>) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let (r, _, _) = ingest_into_baseline(dir.path(), &file, &[]);
    assert_eq!(r.code, 1, "{name}: {}", r.stderr);
    (dir, file, r.stderr)
}

#[test]
fn utf32_files_are_refused_as_utf32() {
    let text = format!("{INCIDENT_HEADER}U-1,2026-10-05T10:00:00Z,t\n");
    let le: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    let be: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    let marked_le: Vec<u8> = [0xFF, 0xFE, 0, 0].into_iter().chain(le.clone()).collect();
    let marked_be: Vec<u8> = [0, 0, 0xFE, 0xFF].into_iter().chain(be.clone()).collect();
    for (name, bytes) in [
        ("le.csv", le),
        ("be.csv", be),
        ("marked-le.csv", marked_le),
        ("marked-be.csv", marked_be),
    ] {
        let (dir, file, stderr) = refused_encoding(name, bytes);
        assert!(
            stderr.contains(name) && stderr.contains("this file is UTF-32: save it as UTF-8"),
            "{name}: {stderr}"
        );
        // A mapping is not guessed from the garbled header either.
        socgauge()
            .args(["mapping", "init"])
            .arg(&file)
            .arg("-o")
            .arg(dir.path().join("mapping.toml"))
            .assert()
            .code(1)
            .stderr(predicates::str::contains(
                "this file is UTF-32: save it as UTF-8",
            ));
        assert!(!dir.path().join("mapping.toml").exists());
    }
}

/// gzip-compressed bytes, as exports are often shipped.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_damaged_gzip_file_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cut.csv.gz");
    let whole = gzip(format!("{INCIDENT_HEADER}G-1,2026-10-05T10:00:00Z,t\n").as_bytes());
    std::fs::write(&file, &whole[..4]).unwrap();
    let (r, _, _) = ingest_into_baseline(dir.path(), &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cut.csv.gz") && r.stderr.contains("not valid gzip"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_utf8_byte_order_mark_is_read_in_every_format() {
    let bom = "\u{feff}";
    let plain = [
        ("i.csv", format!("{bom}{INCIDENT_HEADER}B-1,2026-10-05T10:00:00Z,t\n")),
        ("i.json", format!("{bom}[{{\"incident_id\":\"B-1\",\"created_at\":\"2026-10-05T10:00:00Z\"}}]")),
        ("i.ndjson", format!("{bom}{{\"incident_id\":\"B-1\",\"created_at\":\"2026-10-05T10:00:00Z\"}}\n")),
        ("v.json", format!("{bom}{{\"value\":[{{\"incident_id\":\"B-1\",\"created_at\":\"2026-10-05T10:00:00Z\"}}]}}")),
    ];
    // The same texts gzip-compressed: the mark is inside the compressed stream.
    let files = plain
        .iter()
        .map(|(name, text)| (name.to_string(), text.clone().into_bytes()))
        .chain(
            plain
                .iter()
                .map(|(name, text)| (format!("{name}.gz"), gzip(text.as_bytes()))),
        );
    for (name, bytes) in files {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(&name);
        std::fs::write(&file, bytes).unwrap();
        let (r, db, _) = ingest_into_baseline(dir.path(), &file, &["--strict"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(
            scalar(
                &db,
                "SELECT count(*) FROM incidents WHERE incident_id = 'B-1'"
            ),
            "1",
            "{name}"
        );
    }
}

#[test]
fn latin1_lines_in_a_utf8_file_are_rejected_with_their_line() {
    // The file is UTF-8 (`✓`), one line of it Latin-1: that line is rejected. A file of nothing
    // but Latin-1 is read as Windows-1252 (tests/cli/load.rs).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.csv");
    let mut bytes = format!(
        "{INCIDENT_HEADER}L-1,2026-10-05T10:00:00Z,ok \u{2713}\nL-2,2026-10-05T10:00:00Z,caf"
    )
    .into_bytes();
    bytes.extend([0xE9, b'\n']);
    std::fs::write(&file, bytes).unwrap();
    let (r, db, _) = ingest_into_baseline(dir.path(), &file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rejected = rejects(&db);
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0][0], "3");
}

#[test]
fn a_field_of_five_megabytes_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let mut text = INCIDENT_HEADER.to_string();
    for i in 1..=10 {
        text.push_str(&format!("H-{i},2026-10-05T10:00:00Z,t\n"));
    }
    text.push_str(&format!(
        "H-11,2026-10-05T10:00:00Z,\"{}\"\n",
        "x".repeat(5 << 20)
    ));
    text.push_str("H-12,2026-10-05T10:00:00Z,t\n");
    std::fs::write(&file, text).unwrap();
    let (r, _, _) = ingest_into_baseline(dir.path(), &file, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("big.csv") && r.stderr.contains("line 12: a line is longer than 2 MB"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("max_line_size"), "{}", r.stderr);
    assert!(r.stderr.len() < 600, "{}", r.stderr);
}

#[test]
fn deeply_nested_json_is_read_or_a_short_error_naming_the_file() {
    let nest =
        |open: &str, close: &str| format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
    for (name, text) in [
        // Canonical records: the deep member is an ignored column.
        (
            "deep.json",
            format!(
                "[{{\"incident_id\":\"D-1\",\"created_at\":\"2026-10-05T10:00:00Z\",\"x\":{}}}]",
                nest("[", "]")
            ),
        ),
        // No canonical keys: recognising the source walks the structure.
        ("deeper.json", format!("{{\"x\":{}}}", nest("{\"a\":", "}"))),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let (r, _, _) = ingest_into_baseline(dir.path(), &file, &[]);
        if r.code != 0 {
            assert_eq!(r.code, 1);
            assert!(r.stderr.contains(name), "{}", r.stderr);
            assert!(r.stderr.len() < 600, "{}", r.stderr);
        }
    }
}

#[test]
fn errors_are_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    // A missing rubric: the cause once, naming the file; a usage error, as a bad flag is.
    let r = run(
        dir.path(),
        &os(&[
            "assess",
            "--rubric",
            "missing.toml",
            fixture("metrics").to_str().unwrap(),
        ]),
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing.toml"), "{}", r.stderr);
    assert!(
        r.stderr.matches("No such file").count() <= 1,
        "{}",
        r.stderr
    );

    // A database another process holds: DuckDB's text once, plain, with what to do.
    let db = baseline(dir.path());
    let holder = duckdb::Connection::open(&db).unwrap();
    let r = run(
        dir.path(),
        &os(&["metrics", "--db", db.to_str().unwrap()]),
        &[&db],
    );
    drop(holder);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("base.db"), "{}", r.stderr);
    assert!(
        r.stderr.contains("database in use by another process"),
        "{}",
        r.stderr
    );
    let first_line = r.stderr.lines().next().unwrap_or_default().to_string();
    let cause = first_line.rsplit(": ").next().unwrap_or_default();
    assert_eq!(r.stderr.matches(cause).count(), 1, "{}", r.stderr);
}

// ---- 10. A load that fails on a full disk or is killed leaves the file as it was ----------------

/// A CSV of `n` alerts, large enough to grow a database by several megabytes.
fn many_alerts(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("tenant,alert_id,created_at,title\n");
    for i in 0..n {
        text.push_str(&format!(
            "acme,big-{i},2026-10-{:02}T{:02}:{:02}:00Z,alert number {i} with a longish title to take room\n",
            1 + i % 28,
            i % 24,
            i % 60
        ));
    }
    crate::harness::write(dir, "many.csv", &text)
}

/// The files of a folder by name (hidden ones included), to see what a run left behind.
fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect()
}

#[test]
fn a_load_that_runs_out_of_space_leaves_the_database_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let big = many_alerts(dir.path(), 60_000);
    let bytes = std::fs::read(&db).unwrap();
    let files_before = names_in(dir.path());
    // A file-size limit stands for a disk that fills up during the load: the copy of the database
    // fits, what the load adds does not. The limit's unit differs between shells (512 or 1024
    // bytes); either way it lies between the database's size and the loaded one's.
    let blocks = bytes.len() / 512 + 2048;
    let script =
        format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" ingest --quiet --db \"$1\" \"$2\"");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("socgauge"))
        .arg(&db)
        .arg(&big)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        std::fs::read(&db).unwrap() == bytes,
        "the database file is byte for byte as it was (not grown)"
    );
    assert_eq!(names_in(dir.path()), files_before, "no copy left behind");
    // The database still loads.
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            big.as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM alerts WHERE alert_id LIKE 'big-%'"
        ),
        "60000"
    );
}

#[test]
fn temporaries_a_killed_run_left_beside_an_output_are_removed_by_the_next_run_writing_it() {
    // What SIGKILL leaves of `report -o r.html`: its temporary file, named after the output and
    // the killed process (an id above Linux's largest, so never a running one's). Untouched for
    // an hour, the next report to r.html removes it; a recent one, maybe another container's
    // run under way, and another output's stay.
    let dir = tempfile::tempdir().unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    let left = |name: &str, modified: std::time::SystemTime| {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        file.set_modified(modified).unwrap();
        path
    };
    let abandoned = left(".r.html.socgauge-4194305.tmp", old);
    let recent = left(".r.html.socgauge-4194306.tmp", std::time::SystemTime::now());
    let other = left(".other.html.socgauge-4194305.tmp", old);
    let out = socgauge()
        .current_dir(dir.path())
        .args([
            "report", "-o", "r.html", "--month", "2026-10", "--tenant", "acme",
        ])
        .arg(fixture("metrics"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("r.html").exists());
    assert!(!abandoned.exists(), "the abandoned temporary is removed");
    assert!(recent.exists(), "a recent one stays");
    assert!(other.exists(), "another output's stays");
}

#[test]
fn a_killed_load_leaves_the_database_as_it_was_and_the_next_load_clears_its_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let big = many_alerts(dir.path(), 200_000);
    let bytes = std::fs::read(&db).unwrap();
    let files_before = names_in(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("socgauge"))
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&big)
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once its copy of the database exists: midway through the load.
    let copy = dir.path().join(format!(".base.db.load-{}", child.id()));
    let started = std::time::Instant::now();
    while !copy.exists() {
        assert!(child.try_wait().unwrap().is_none(), "the load ended first");
        assert!(started.elapsed().as_secs() < 120, "no copy appeared");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        std::fs::read(&db).unwrap() == bytes,
        "the database file is byte for byte as it was"
    );
    // The next load removes the copy the killed one left.
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            fixture("metrics").as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(names_in(dir.path()), files_before, "the stale copy is gone");
}

#[test]
fn a_failed_first_load_leaves_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let bad = crate::harness::write(dir.path(), "bad.csv", "alert_id,created_at\nx,not a time\n");
    let files_before = names_in(dir.path());
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--strict".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            bad.as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("--strict"), "{}", r.stderr);
    assert_eq!(names_in(dir.path()), files_before, "nothing created");
}

/// A measuring command given files and a database loads them through a copy, and checks its
/// scope on the loaded data before the database keeps them: refused, it leaves the file as it
/// was.
#[test]
fn a_command_whose_scope_is_refused_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let extra = crate::harness::write(
        dir.path(),
        "more.csv",
        "tenant,alert_id,created_at\nacme,late,2026-10-03T00:00:00Z\n",
    );
    let before = std::fs::read(&db).unwrap();
    let html = dir.path().join("r.html");
    for (command, scope) in [
        ("report", ["--tenant", "nosuch"]),
        ("assess", ["--tenant", "nosuch"]),
        ("metrics", ["--tenant", "nosuch"]),
        ("report", ["--month", "2001-01"]),
        ("assess", ["--month", "2001-01"]),
        ("metrics", ["--history=3", "--tenant=nosuch"]),
    ] {
        let mut args: Vec<&std::ffi::OsStr> = vec![command.as_ref()];
        args.extend(scope.iter().map(std::ffi::OsStr::new));
        args.extend(["--db".as_ref(), db.as_os_str(), extra.as_os_str()]);
        if command == "report" {
            args.extend(["-o".as_ref(), html.as_os_str()]);
        }
        let r = run(dir.path(), &args, &[&db]);
        assert_eq!(r.code, 2, "{command} {scope:?}: {}", r.stderr);
        assert!(
            std::fs::read(&db).unwrap() == before,
            "{command} {scope:?} changed the database"
        );
        assert!(!html.exists());
    }
    // Accepted, the same run keeps the load.
    let r = run(
        dir.path(),
        &[
            "metrics".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            extra.as_os_str(),
        ],
        &[&db],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM alerts WHERE alert_id = 'late'"),
        "1"
    );
}

/// An output that cannot be written fails the run before the database keeps the load: the run
/// leaves the database, and every output it had already staged, as they were.
#[test]
fn a_run_whose_output_cannot_be_written_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let extra = crate::harness::write(
        dir.path(),
        "more.csv",
        "tenant,alert_id,created_at\nacme,late,2026-10-03T00:00:00Z\n",
    );
    let before = std::fs::read(&db).unwrap();
    // A folder cannot be created under a file.
    let blocker = crate::harness::write(dir.path(), "blocker", "a file, not a folder\n");
    let unwritable = blocker.join("out.json");
    let context = dir.path().join("context.json");
    let report = dir.path().join("r.html");
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["metrics".as_ref(), "-o".as_ref(), unwritable.as_os_str()],
        vec![
            "metrics".as_ref(),
            "--history".as_ref(),
            "2".as_ref(),
            "-o".as_ref(),
            unwritable.as_os_str(),
        ],
        vec![
            "assess".as_ref(),
            "--tenant".as_ref(),
            "acme".as_ref(),
            "-o".as_ref(),
            unwritable.as_os_str(),
        ],
        vec![
            "assess".as_ref(),
            "--all-tenants".as_ref(),
            "-o".as_ref(),
            unwritable.as_os_str(),
        ],
        vec!["tenants".as_ref(), "-o".as_ref(), unwritable.as_os_str()],
        // The context is staged first, then the report fails: neither is left behind.
        vec![
            "report".as_ref(),
            "--tenant".as_ref(),
            "acme".as_ref(),
            "--dump-context".as_ref(),
            context.as_os_str(),
            "-o".as_ref(),
            unwritable.as_os_str(),
        ],
        vec![
            "report".as_ref(),
            "--portfolio".as_ref(),
            "--with-reports".as_ref(),
            "-o".as_ref(),
            unwritable.as_os_str(),
        ],
    ];
    for head in runs {
        let mut args = head.clone();
        args.extend(["--db".as_ref(), db.as_os_str(), extra.as_os_str()]);
        let r = run(dir.path(), &args, &[&db]);
        assert_eq!(r.code, 1, "{head:?}: {}", r.stderr);
        assert!(r.stderr.contains("blocker"), "{head:?}: {}", r.stderr);
        assert!(
            std::fs::read(&db).unwrap() == before,
            "{head:?} changed the database"
        );
        assert!(!context.exists(), "{head:?} left the context");
        assert!(!report.exists());
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    // Written, the same report keeps the load and puts both files in place.
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            "--tenant".as_ref(),
            "acme".as_ref(),
            "--dump-context".as_ref(),
            context.as_os_str(),
            "-o".as_ref(),
            report.as_os_str(),
            "--db".as_ref(),
            db.as_os_str(),
            extra.as_os_str(),
        ],
        &[&db, &context, &report],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(context.exists() && report.exists());
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM alerts WHERE alert_id = 'late'"),
        "1"
    );
}

#[test]
fn a_database_reached_through_a_link_is_loaded_where_it_lives() {
    let dir = tempfile::tempdir().unwrap();
    let real = baseline(dir.path());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let extra = crate::harness::write(
        dir.path(),
        "more.csv",
        "tenant,alert_id,created_at\nacme,via-link,2026-10-03T00:00:00Z\n",
    );
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            link.as_os_str(),
            extra.as_os_str(),
        ],
        &[&real],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("link.db"), "named as given: {}", r.stdout);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        scalar(
            &real,
            "SELECT count(*) FROM alerts WHERE alert_id = 'via-link'"
        ),
        "1"
    );
    // A link to nothing is said plainly, and nothing is created.
    let dangling = dir.path().join("dangling.db");
    std::os::unix::fs::symlink(dir.path().join("missing.db"), &dangling).unwrap();
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            dangling.as_os_str(),
            extra.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a link to a file that does not exist"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("missing.db").exists());
    // A folder named as the database is a usage error, whichever way it is reached.
    let folder = dir.path().join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            folder.as_os_str(),
            extra.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is a folder"), "{}", r.stderr);
    // A device is neither loaded into nor replaced; an output onto it is written into.
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            "/dev/null".as_ref(),
            extra.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    let r = run(
        dir.path(),
        &[
            "tenants".as_ref(),
            extra.as_os_str(),
            "-o".as_ref(),
            "/dev/null".as_ref(),
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    // `-o /dev/stdout` with standard output redirected to a file (`> out.json`, `>> out.json`):
    // the output reaches the file through the process's own descriptor, appended after what a
    // `>>` kept, and the system's `/dev/stdout` stays what it was (a link, on Linux), never
    // replaced by a file.
    let was_link = std::fs::symlink_metadata("/dev/stdout")
        .ok()
        .map(|m| m.file_type().is_symlink());
    let redirected = dir.path().join("redirected.json");
    std::fs::write(&redirected, "kept\n").unwrap();
    let appending = std::fs::OpenOptions::new()
        .append(true)
        .open(&redirected)
        .unwrap();
    // (std's Command: its standard output can be a file)
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("socgauge"))
        .current_dir(dir.path())
        .arg("tenants")
        .arg(&extra)
        .args(["--format", "json", "-o", "/dev/stdout"])
        .stdout(appending)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&redirected).unwrap();
    assert!(
        written.starts_with("kept\n[") && written.contains("\"tenant\""),
        "{written}"
    );
    assert_eq!(
        std::fs::symlink_metadata("/dev/stdout")
            .ok()
            .map(|m| m.file_type().is_symlink()),
        was_link
    );
}

/// Files the readers cannot take are refused with what is wrong and what to do, not with the
/// engine's own words: a file of only a byte-order mark, JSON nested beyond what is read, a CSV
/// whose dialect no delimiter fits (a stray carriage return in an unquoted field), a header that
/// names a column twice.
#[test]
fn unreadable_files_are_refused_with_their_cause() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
    // A carriage return past the sniffer's sample, on line 30,002.
    let mut late_cr = String::from("tenant,alert_id,created_at\n");
    for i in 0..30_000 {
        late_cr.push_str(&format!("acme,a{i},2026-10-01T00:00:00Z\n"));
    }
    late_cr.push_str("acme,bad\rvalue,2026-10-01T00:00:00Z\nacme,last,2026-10-01T00:00:00Z\n");
    // A gzip stream cut in half: its start decompresses, its end is missing.
    let cut_gzip = {
        use std::io::Write as _;
        let mut text = String::from("tenant,alert_id,created_at\n");
        for i in 0..5_000 {
            text.push_str(&format!("acme,a{i},2026-10-01T00:{:02}:00Z\n", i % 60));
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        let mut bytes = gz.finish().unwrap();
        bytes.truncate(bytes.len() / 2);
        bytes
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bom.csv", b"\xef\xbb\xbf\n".to_vec(), "the file is empty"),
        // The last page of a paged download, named on its own.
        (
            "page.json",
            b"{\"@odata.context\": \"x\", \"value\": []}\n".to_vec(),
            "the file holds no records (an empty page of an export",
        ),
        // A sheet saved with no data: no header names a column.
        (
            "commas.csv",
            b",,,\r\n;;\r\n\"\",\"\"\r\n".to_vec(),
            "the file holds only empty fields",
        ),
        (
            "cut.csv.gz",
            cut_gzip,
            "this file is not valid gzip (its compressed data ends early",
        ),
        (
            "late_cr.csv",
            late_cr.into_bytes(),
            "line 30002: a carriage return (\\r) stands inside an unquoted field",
        ),
        (
            "bad.ndjson",
            b"{\"tenant\":\"acme\",\"alert_id\":\"a1\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n\
              {\"alert_id\":\"a2\" oops}\n\
              {\"tenant\":\"acme\",\"alert_id\":\"a3\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n"
                .to_vec(),
            "line 2 is not a JSON record",
        ),
        (
            // Blank lines before it: the reader counts lines that are not blank; the physical
            // line is named.
            "blank_lines.ndjson",
            b"{\"tenant\":\"acme\",\"alert_id\":\"a1\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n\n  \n\
              {\"tenant\":\"acme\",\"alert_id\":\"a2\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n\
              {\"alert_id\":\"a3\",\n\
              {\"tenant\":\"acme\",\"alert_id\":\"a4\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n"
                .to_vec(),
            "line 5 is not a JSON record",
        ),
        (
            "two_arrays.json",
            b"[{\"incident_id\":\"I1\",\"created_at\":\"2026-10-01T00:00:00Z\"}]\n\
              [{\"incident_id\":\"I2\",\"created_at\":\"2026-10-01T00:00:00Z\"}]\n"
                .to_vec(),
            "the file holds JSON arrays one after another",
        ),
        (
            "two_lists.json",
            b"{\"incidents\":[{\"incident_id\":\"I1\",\"created_at\":\"2026-10-01T00:00:00Z\"}],\
              \"alerts\":[{\"alert_id\":\"A1\",\"created_at\":\"2026-10-01T00:00:00Z\"}]}"
                .to_vec(),
            "the file holds 2 lists of records (`alerts`, `incidents`): socgauge reads one list per file",
        ),
        ("deep.json", deep.clone().into_bytes(), "nested more than 128 levels"),
        ("deep.ndjson", format!("{deep}\n").into_bytes(), "nested more than 128 levels"),
        (
            "cr.csv",
            b"tenant,alert_id,created_at\nacme,a\r1,2026-10-01T00:00:00Z\nacme,a2,2026-10-01T00:00:00Z\n"
                .to_vec(),
            "stray carriage return",
        ),
        (
            "latin1.ndjson",
            b"{\"tenant\":\"acme\",\"alert_id\":\"a1\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n\
              {\"tenant\":\"acme\",\"alert_id\":\"a\xe92\",\"created_at\":\"2026-10-01T00:00:00Z\"}\n"
                .to_vec(),
            "line 2: the text is not UTF-8",
        ),
        (
            "dup.csv",
            b"tenant,incident_id,created_at,Incident_ID\nacme,I1,2026-10-01T00:00:00Z,I2\n".to_vec(),
            "names the column `incident_id` more than once",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = run(dir.path(), &["metrics".as_ref(), path.as_os_str()], &[]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(name), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{name}: {}", r.stderr);
        for engine in [
            "Sniffer",
            "json_structure",
            "Invalid Input Error",
            "Malformed JSON",
        ] {
            assert!(!r.stderr.contains(engine), "{name}: {}", r.stderr);
        }
    }
}

/// An output that names a folder is refused before the database keeps the load (the rename at the
/// end would fail), and a portfolio's reports are never written beside a device.
#[test]
fn a_folder_or_device_output_is_refused_before_the_load_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = baseline(dir.path());
    let extra = crate::harness::write(
        dir.path(),
        "more.csv",
        "tenant,alert_id,created_at\nacme,late,2026-10-03T00:00:00Z\n",
    );
    let folder = dir.path().join("adir");
    std::fs::create_dir(&folder).unwrap();
    let before = std::fs::read(&db).unwrap();
    for head in [
        vec!["metrics", "-o"],
        vec!["tenants", "-o"],
        vec!["report", "--tenant", "acme", "-o"],
    ] {
        let mut args: Vec<&std::ffi::OsStr> = head.iter().map(std::ffi::OsStr::new).collect();
        args.extend([
            folder.as_os_str(),
            "--db".as_ref(),
            db.as_os_str(),
            extra.as_os_str(),
        ]);
        let r = run(dir.path(), &args, &[&db]);
        assert_eq!(r.code, 2, "{head:?}: {}", r.stderr);
        assert!(r.stderr.contains("is a folder"), "{head:?}: {}", r.stderr);
        assert!(
            std::fs::read(&db).unwrap() == before,
            "{head:?} changed the database"
        );
    }
    let r = run(
        dir.path(),
        &[
            "report".as_ref(),
            "--portfolio".as_ref(),
            "--with-reports".as_ref(),
            "-o".as_ref(),
            "/dev/null".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!Path::new("/dev/null-acme.html").exists());
}

/// One file named twice in a run is read once: its rows and rejects count once, as over two runs.
#[test]
fn a_file_named_twice_in_one_run_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    crate::harness::write(
        dir.path(),
        "a.csv",
        "tenant,alert_id,created_at,severity\nacme,a1,2026-10-01T00:00:00Z,high\n\
         acme,a2,2026-10-03T00:00:00Z,bogus\n",
    );
    let r = run(
        dir.path(),
        &[
            "ingest".as_ref(),
            "--max-rejects".as_ref(),
            "1".as_ref(),
            "--db".as_ref(),
            "t.db".as_ref(),
            "a.csv".as_ref(),
            "./a.csv".as_ref(),
            ".".as_ref(),
        ],
        &[&dir.path().join("t.db")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.totals(), (2, 1, 1));
    let db = dir.path().join("t.db");
    assert_eq!(scalar(&db, "SELECT count(*) FROM rejects"), "1");
    assert_eq!(scalar(&db, "SELECT sum(rows_read) FROM loads"), "2");
}

/// Files of the same name in two folders are two files: loading one keeps the other's rejects.
#[test]
fn files_of_one_name_in_two_folders_keep_their_own_rejects() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["x", "y"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        crate::harness::write(
            &dir.path().join(folder),
            "a.csv",
            &format!(
                "tenant,alert_id,created_at,severity\n{folder},a1,2026-10-01T00:00:00Z,high\n\
                 {folder},a2,2026-10-03T00:00:00Z,bogus\n"
            ),
        );
        let out = socgauge()
            .current_dir(dir.path().join(folder))
            .args([
                "ingest",
                "--quiet",
                "--max-rejects",
                "1",
                "--db",
                "../t.db",
                "a.csv",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        scalar(&dir.path().join("t.db"), "SELECT count(*) FROM rejects"),
        "2"
    );
}

/// A column named like a repeat the reader numbers (`title_01`) is a column of its own; a
/// compressed file of nothing but a byte-order mark is empty.
#[test]
fn numbered_columns_load_and_an_empty_compressed_file_says_so() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let numbered = crate::harness::write(
        dir.path(),
        "n.csv",
        "tenant,alert_id,created_at,title,title_01\nacme,a1,2026-10-01T00:00:00Z,t,u\n",
    );
    let r = run(dir.path(), &["metrics".as_ref(), numbered.as_os_str()], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let gz = dir.path().join("bom.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    encoder.write_all(b"\xef\xbb\xbf\n").unwrap();
    encoder.finish().unwrap();
    let r = run(dir.path(), &["metrics".as_ref(), gz.as_os_str()], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("the file is empty"), "{}", r.stderr);
}

/// DuckDB reads `*`, `?` and `[` in a path as a pattern, `~` as the home folder and
/// `scheme://` as a URL: each file named so is read as the file it is, nothing else is read,
/// and nothing is fetched (a URL-like path that is not a file does not exist).
#[test]
fn file_names_duckdb_would_read_as_patterns_or_urls_load_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let alerts = |tenant: &str, n: usize| {
        let mut csv = String::from("tenant,alert_id,created_at\n");
        for i in 0..n {
            csv.push_str(&format!("{tenant},{tenant}-{i},2026-10-01T00:00:00Z\n"));
        }
        csv
    };
    let write = |path: &str, text: String| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // The decoys a pattern would match instead of, or as well as, the file named.
    write("exports/alerts 1.csv", alerts("decoy", 3));
    write("exports/alerts-x.csv", alerts("decoy", 4));
    write("exports/alerts [1].csv", alerts("bracket", 1));
    write("exports/alerts*.csv", alerts("star", 2));
    write(
        "exports/alerts?.json",
        "[{\"tenant\": \"query\", \"alert_id\": \"q\", \"created_at\": \"2026-10-01T00:00:00Z\"}]"
            .to_string(),
    );
    write("https:/example.com/alerts.csv", alerts("web", 5));
    write("~home/alerts.csv", alerts("tilde", 6));
    // DuckDB drops a leading `file:`: `file:/…/real/alerts.csv` would read /…/real/alerts.csv.
    let absolute = dir.path().join("real/alerts.csv");
    let file_prefixed = format!("file:{}", absolute.display());
    write("real/alerts.csv", alerts("decoy", 7));
    write(file_prefixed.as_str(), alerts("prefixed", 2));
    let db = dir.path().join("x.db");
    let loaded = run(
        dir.path(),
        &os(&[
            "ingest",
            "--db",
            "x.db",
            "exports/alerts [1].csv",
            "exports/alerts*.csv",
            "exports/alerts?.json",
            "https://example.com/alerts.csv",
            "~home/alerts.csv",
            file_prefixed.as_str(),
        ]),
        &[&db],
    );
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(loaded.totals(), (17, 17, 0));
    assert_eq!(
        query(
            &db,
            "SELECT tenant, count(*), min(source_file) FROM alerts GROUP BY tenant ORDER BY tenant"
        ),
        [
            ["bracket", "1", "exports/alerts [1].csv"],
            ["prefixed", "2", file_prefixed.as_str()],
            ["query", "1", "exports/alerts?.json"],
            ["star", "2", "exports/alerts*.csv"],
            ["tilde", "6", "~home/alerts.csv"],
            ["web", "5", "https://example.com/alerts.csv"],
        ]
    );
    // `mapping init` reads the file named too.
    let mapping = run(
        dir.path(),
        &os(&[
            "mapping",
            "init",
            "exports/alerts*.csv",
            "--output",
            "m.toml",
        ]),
        &[&dir.path().join("m.toml")],
    );
    assert_eq!(mapping.code, 0, "{}", mapping.stderr);
    let written = std::fs::read_to_string(dir.path().join("m.toml")).unwrap();
    assert!(written.contains("alert_id"), "{written}");
    let missing = run(
        dir.path(),
        &os(&[
            "metrics",
            "https://socgauge.invalid/alerts.csv",
            "--month",
            "2026-10",
        ]),
        &[],
    );
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    // A database named like a service DuckDB attaches (`md:`) is a local file all the same.
    let service_like = dir.path().join("md:x.db");
    let loaded = run(
        dir.path(),
        &os(&[
            "ingest",
            "--db",
            "md:x.db",
            "https://example.com/alerts.csv",
        ]),
        &[&service_like],
    );
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(scalar(&service_like, "SELECT count(*) FROM alerts"), "5");
    // A database named after the home folder is a local file too.
    let tilde = dir.path().join("~x.db");
    let loaded = run(
        dir.path(),
        &os(&["ingest", "--db", "~x.db", "https://example.com/alerts.csv"]),
        &[&tilde],
    );
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(scalar(&tilde, "SELECT count(*) FROM alerts"), "5");
}

/// An export (or any file that is not a DuckDB database) named as --db is refused before the
/// database engine opens it: it would open it as an empty database, and a failed first load
/// would then remove the user's file. A SQLite file would make it load an extension.
#[test]
fn a_file_that_is_not_a_database_named_as_db_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("alerts.csv");
    std::fs::copy(fixture("metrics/alerts.csv"), &export).unwrap();
    let sqlite = dir.path().join("s.db");
    std::fs::write(&sqlite, b"SQLite format 3\0 and the rest of a SQLite file").unwrap();
    let incidents = fixture("metrics/incidents.csv");
    for (file, named) in [(&export, "alerts.csv"), (&sqlite, "s.db")] {
        let before = std::fs::read(file).unwrap();
        for args in [
            vec!["ingest", "--db", named, incidents.to_str().unwrap()],
            vec!["tenants", "--db", named],
        ] {
            let refused = run(dir.path(), &os(&args), &[]);
            assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
            assert!(
                refused
                    .stderr
                    .contains(&format!("--db `{named}` is not a socgauge database")),
                "{}",
                refused.stderr
            );
            assert_eq!(std::fs::read(file).unwrap(), before, "{named} unchanged");
        }
    }
}

/// An empty file named as --db is no database (DuckDB never takes one as new): every command,
/// a load too, says so in socgauge's words and what to do (exit 2, as for another kind of
/// file), and leaves it empty.
#[test]
fn an_empty_file_named_as_db_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soc.db");
    std::fs::write(&db, b"").unwrap();
    let incidents = fixture("metrics/incidents.csv");
    for args in [
        vec!["tenants", "--db", "soc.db"],
        vec!["metrics", "--db", "soc.db"],
        vec!["rejects", "--db", "soc.db"],
        vec!["ingest", "--db", "soc.db", incidents.to_str().unwrap()],
    ] {
        let refused = run(dir.path(), &os(&args), &[]);
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert!(
            refused.stderr.contains(
                "the database `soc.db` is an empty file, not a socgauge database: remove it"
            ),
            "{}",
            refused.stderr
        );
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    }
}

/// A pipe is no export: named, it is refused as such (not called empty); inside a folder, it is
/// skipped and said so, and the folder's exports load.
#[cfg(unix)]
#[test]
fn a_pipe_named_or_in_a_folder_is_refused_or_skipped_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    std::fs::copy(fixture("metrics/alerts.csv"), exports.join("alerts.csv")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(exports.join("incidents.csv"))
        .status()
        .unwrap();
    assert!(made.success());
    let named = run(dir.path(), &os(&["ingest", "exports/incidents.csv"]), &[]);
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert!(
        named
            .stderr
            .contains("`exports/incidents.csv`: cannot read this file: it is not a regular file"),
        "{}",
        named.stderr
    );
    let folder = run(dir.path(), &os(&["ingest", "exports"]), &[]);
    assert_eq!(folder.code, 0, "{}", folder.stderr);
    assert_eq!(folder.totals(), (23, 23, 0));
    assert!(
        folder
            .stderr
            .contains("`exports/incidents.csv`: skipped (not a regular file: a pipe or a device)"),
        "{}",
        folder.stderr
    );
}

/// Standard error and output piped into a reader that has gone (`… 2>&1 | head -2`): the
/// messages that cannot be shown are dropped, the run goes on and exits as it would (it
/// panicked, exit 101, at its first message).
#[test]
fn a_closed_pipe_on_standard_error_or_output_is_no_crash() {
    let dir = tempfile::tempdir().unwrap();
    let alerts = dir.path().join("alerts.csv");
    std::fs::write(
        &alerts,
        "alert_id,created_at,severity\na-1,2026-10-01T10:00:00Z,high\na-2,2026-10-01T11:00:00Z,huge\n",
    )
    .unwrap();
    for max in ["1", "0.05"] {
        let (reader, err_writer) = std::io::pipe().unwrap();
        drop(reader);
        let (reader, out_writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("socgauge"))
            .args(["ingest", "--max-rejects", max])
            .arg(&alerts)
            .stdout(out_writer)
            .stderr(err_writer)
            .status()
            .unwrap();
        assert_eq!(
            status.code(),
            Some(if max == "1" { 0 } else { 1 }),
            "--max-rejects {max}"
        );
    }
}

/// A folder that holds only logs: none is read (logs in a folder are skipped), and the refusal
/// says how to read one.
#[test]
fn a_folder_of_logs_says_how_to_read_one() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    std::fs::write(
        exports.join("alerts.log"),
        "{\"alert_id\": \"a-1\", \"created_at\": \"2026-10-01T10:00:00Z\"}\n",
    )
    .unwrap();
    let refused = run(dir.path(), &os(&["ingest", "exports"]), &[]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "a `.log` file is read (as NDJSON) only when named on its own: name it, e.g. `FOLDER/*.log`"
        ),
        "{}",
        refused.stderr
    );
    let named = run(dir.path(), &os(&["ingest", "exports/alerts.log"]), &[]);
    assert_eq!(named.code, 0, "{}", named.stderr);
}

/// Parquet ids typed DECIMAL keep their exact text: two ids of 23 digits that differ in the
/// last are two incidents (through a double they were one), and `1.50` stays `1.50`, so an
/// alert naming it links.
#[test]
fn decimal_ids_in_parquet_keep_their_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let d = dir.path().to_string_lossy().replace('\'', "''");
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM (VALUES (12345678901234567890123.1::DECIMAL(30,1)), (12345678901234567890123.2::DECIMAL(30,1)))
                    AS t(incident_id), (SELECT '2026-10-01T00:00:00Z' AS created_at))
           TO '{d}/incidents.parquet' (FORMAT parquet);
         COPY (SELECT 1.50::DECIMAL(5,2) AS incident_id, '2026-10-01T00:00:00Z' AS created_at)
           TO '{d}/more_incidents.parquet' (FORMAT parquet);
         COPY (SELECT 'a1' AS alert_id, '1.50' AS incident_id, '2026-10-01T00:00:00Z' AS created_at)
           TO '{d}/alerts.parquet' (FORMAT parquet);"
    ))
    .unwrap();
    let db = dir.path().join("soc.db");
    let loaded = run(
        dir.path(),
        &os(&[
            "ingest",
            "--db",
            "soc.db",
            "incidents.parquet",
            "more_incidents.parquet",
            "alerts.parquet",
        ]),
        &[&db],
    );
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(
        query(
            &db,
            "SELECT incident_id FROM incidents ORDER BY incident_id"
        ),
        vec![
            vec!["1.50"],
            vec!["12345678901234567890123.1"],
            vec!["12345678901234567890123.2"]
        ]
    );
    assert_eq!(
        scalar(&db, "SELECT incident_id FROM alerts WHERE alert_id = 'a1'"),
        "1.50"
    );
}

/// Pages of one list (`{"value": [...]}` per line, or an array of such pages) are one list of
/// records, not several: every page's records load.
#[test]
fn pages_of_one_list_load_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = |id: &str| {
        format!(
            "{{\"value\":[{{\"incident_id\":\"{id}\",\"created_at\":\"2026-10-01T00:00:00Z\"}}]}}"
        )
    };
    std::fs::write(
        dir.path().join("pages.ndjson"),
        format!("{}\n{}\n", page("I1"), page("I2")),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pages.json"),
        format!("[{},{}]", page("I3"), page("I4")),
    )
    .unwrap();
    let db = dir.path().join("soc.db");
    let loaded = run(
        dir.path(),
        &os(&["ingest", "--db", "soc.db", "pages.ndjson", "pages.json"]),
        &[&db],
    );
    assert_eq!(loaded.code, 0, "{}", loaded.stderr);
    assert_eq!(
        scalar(
            &db,
            "SELECT string_agg(incident_id, ',' ORDER BY incident_id) FROM incidents"
        ),
        "I1,I2,I3,I4"
    );
}

/// A tenant name that reorders or hides text (`rtl\u{202e}gnp.exe` reads "rtlexe.png" on a
/// terminal) is shown escaped in the `assess` table, as `tenants` shows it, never raw.
#[test]
fn the_assess_table_shows_reordering_and_invisible_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "rtl\u{202e}gnp.exe\u{200b}";
    let file = crate::harness::write(
        dir.path(),
        "alerts.csv",
        &format!("tenant,alert_id,created_at,severity\n{name},A1,2026-10-31T10:00:00Z,high\n"),
    );
    let out = socgauge()
        .args(["assess", "--month", "2026-10", "--tenant", name])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains('\u{202e}') && !table.contains('\u{200b}'),
        "{table}"
    );
    assert!(table.contains("rtl\\u{202e}gnp.exe\\u{200b}"), "{table}");
}
