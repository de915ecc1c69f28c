//! A run interrupted by a signal (Ctrl-C, a scheduler's timeout, a closed terminal) leaves every
//! file as it was, removes the temporary files it was filling, and ends with the signal
//! (src/cleanup.rs). Each test waits until the run has created what it must clean up, then
//! signals it; a run that finished first fails the test rather than passing it unchecked.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::harness::metrics_fixture_db;

/// A canonical alerts file of `rows` rows, big enough that loading it takes a while after the
/// load's copy of the database appears.
fn many_alerts(path: &Path, rows: usize) {
    let mut text = String::from("tenant,alert_id,title,severity,created_at,status\n");
    for i in 0..rows {
        let _ = writeln!(
            text,
            "acme,A{i},Alert number {i},high,2026-10-{:02}T{:02}:{:02}:00Z,new",
            1 + i % 28,
            i % 24,
            i % 60
        );
    }
    std::fs::write(path, text).unwrap();
}

fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect()
}

fn spawn(args: &[&std::ffi::OsStr], tmpdir: &Path) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("socgauge"))
        .args(args)
        .env("TMPDIR", tmpdir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// `ingest --db db input`, as `spawn` starts it.
fn ingest(db: &Path, input: &Path, tmpdir: &Path) -> Child {
    spawn(
        &[
            "ingest".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            input.as_os_str(),
        ],
        tmpdir,
    )
}

/// `sample --out out`, big enough to be interrupted while it writes.
fn big_sample(out: &Path, tmpdir: &Path) -> Child {
    spawn(
        &[
            "sample".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--months".as_ref(),
            "12".as_ref(),
            "--alerts-per-day".as_ref(),
            "5000".as_ref(),
        ],
        tmpdir,
    )
}

/// Sends `signal` to `child` as soon as `ready` holds, and waits for it to end.
fn interrupt_when(mut child: Child, signal: &str, ready: impl Fn() -> bool) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(300);
    while !ready() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the run ended ({status}) before it could be interrupted: make its input bigger"
            );
        }
        assert!(Instant::now() < deadline, "the run never got ready");
        std::thread::sleep(Duration::from_millis(2));
    }
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    child.wait().unwrap()
}

fn has_entry_starting(dir: &Path, prefix: &str) -> bool {
    entries(dir).iter().any(|name| name.starts_with(prefix))
}

/// Folders of one test: the data (database, outputs), the inputs, and the temporary folder the
/// run is given, which must be left empty.
fn folders() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let [data, inputs, tmp] = ["data", "inputs", "tmp"].map(|n| root.path().join(n));
    for dir in [&data, &inputs, &tmp] {
        std::fs::create_dir(dir).unwrap();
    }
    (root, data, inputs, tmp)
}

#[test]
fn an_interrupted_load_leaves_the_database_and_removes_its_copy() {
    let (_root, data, inputs, tmp) = folders();
    let db = metrics_fixture_db(&data);
    let before = std::fs::read(&db).unwrap();
    let files_before = entries(&data);
    // A name DuckDB would read as a pattern: read through a link in a private temporary folder.
    let input = inputs.join("alerts[big].csv");
    many_alerts(&input, 400_000);
    let child = ingest(&db, &input, &tmp);
    let status = interrupt_when(child, "TERM", || has_entry_starting(&data, ".soc.db.load-"));
    assert_eq!(status.signal(), Some(15), "{status}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    assert_eq!(entries(&data), files_before);
    assert_eq!(entries(&tmp), BTreeSet::new());
}

#[test]
fn an_interrupted_first_load_leaves_no_database() {
    let (_root, data, inputs, tmp) = folders();
    let db = data.join("soc.db");
    let input = inputs.join("alerts.csv");
    many_alerts(&input, 400_000);
    let child = ingest(&db, &input, &tmp);
    let status = interrupt_when(child, "INT", || has_entry_starting(&data, ".soc.db.load-"));
    assert_eq!(status.signal(), Some(2), "{status}");
    assert_eq!(entries(&data), BTreeSet::new());
    assert_eq!(entries(&tmp), BTreeSet::new());
}

/// The handler removes what the run created while the run goes on: a signal at any moment of a
/// first load (as the database is created and checked, as the copy is made and opened, as its
/// tables are created, as rows are written) leaves nothing behind, not even a file the run
/// creates just after the removal.
#[test]
fn a_first_load_interrupted_at_any_moment_leaves_nothing() {
    let (_root, data, inputs, tmp) = folders();
    let input = inputs.join("alerts.csv");
    many_alerts(&input, 400_000);
    let db = data.join("soc.db");
    // Moments after the start, then after the copy appears.
    let since_start = [0, 2, 5, 10, 20, 40, 70, 100].map(|ms| (ms, false));
    let since_copy = [0, 0, 1, 2, 5, 10, 30, 100].map(|ms| (ms, true));
    for (delay_ms, after_copy) in since_start.into_iter().chain(since_copy) {
        let child = ingest(&db, &input, &tmp);
        let started = Instant::now();
        let status = interrupt_when(child, "INT", || {
            if !after_copy {
                return started.elapsed() >= Duration::from_millis(delay_ms);
            }
            let ready = has_entry_starting(&data, ".soc.db.load-");
            if ready {
                std::thread::sleep(Duration::from_millis(delay_ms));
            }
            ready
        });
        let moment = format!(
            "{delay_ms} ms after the {}",
            if after_copy { "copy" } else { "start" }
        );
        assert_eq!(status.signal(), Some(2), "{moment}: {status}");
        assert_eq!(entries(&data), BTreeSet::new(), "{moment}");
        assert_eq!(entries(&tmp), BTreeSet::new(), "{moment}");
    }
}

#[test]
fn an_interrupted_sample_leaves_no_folder() {
    let (_root, data, _inputs, tmp) = folders();
    // Folders above it are made too, and removed with it.
    let out = data.join("clients/acme/sample");
    let child = big_sample(&out, &tmp);
    let status = interrupt_when(child, "TERM", || out.exists());
    assert_eq!(status.signal(), Some(15), "{status}");
    assert_eq!(entries(&data), BTreeSet::new());
    assert_eq!(entries(&tmp), BTreeSet::new());
}

/// A folder the run made is shared with other jobs as soon as it exists: an interrupted run
/// removes only what it wrote, and the folders it made only if nothing else is in them.
#[test]
fn an_interrupted_run_keeps_what_others_wrote_in_a_folder_it_made() {
    let (_root, data, _inputs, tmp) = folders();
    let month = data.join("2026-11");
    let out = month.join("acme");
    let child = big_sample(&out, &tmp);
    let other = month.join("globex.html");
    let status = interrupt_when(child, "TERM", || {
        // Another job's finished report, written once the folder exists.
        out.exists() && std::fs::write(&other, "globex").is_ok()
    });
    assert_eq!(status.signal(), Some(15), "{status}");
    assert_eq!(entries(&data), BTreeSet::from(["2026-11".to_string()]));
    assert_eq!(entries(&month), BTreeSet::from(["globex.html".to_string()]));
    assert_eq!(entries(&tmp), BTreeSet::new());
}

#[test]
fn a_run_started_ignoring_hangup_keeps_going_on_one() {
    // `nohup` starts the run ignoring SIGHUP: a closed terminal must not end it.
    let (_root, data, inputs, tmp) = folders();
    let db = data.join("soc.db");
    let input = inputs.join("alerts.csv");
    many_alerts(&input, 400_000);
    let child = std::process::Command::new("nohup")
        .arg(assert_cmd::cargo::cargo_bin("socgauge"))
        .args([
            "ingest".as_ref(),
            "--quiet".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            input.as_os_str(),
        ])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = interrupt_when(child, "HUP", || has_entry_starting(&data, ".soc.db.load-"));
    assert!(status.success(), "{status}");
    assert_eq!(entries(&data), BTreeSet::from(["soc.db".to_string()]));
}
