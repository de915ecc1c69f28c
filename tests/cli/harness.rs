//! Helpers shared by the integration tests: run the binary, find fixtures, read a database.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `socgauge` binary under test.
pub fn socgauge() -> Command {
    let mut cmd = Command::cargo_bin("socgauge").expect("the socgauge binary is built");
    cmd.env_remove("RUST_LOG");
    cmd
}

/// Runs `cmd`, which must succeed (its standard error is shown if not), and parses its standard
/// output as JSON.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on standard output")
}

/// Runs `cmd` with `SOCGAUGE_TIMINGS=1`; it must succeed. Returns its standard error: the
/// queries it ran, one `timing:` line each, with any warnings.
pub fn timings_of(cmd: &mut Command) -> String {
    let out = cmd
        .env("SOCGAUGE_TIMINGS", "1")
        .output()
        .expect("the command runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file or folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `sql` against a socgauge database file and returns every value as text (NULL → "NULL").
pub fn query(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let conn = duckdb::Connection::open(db).expect("database opens");
    let mut stmt = conn.prepare(sql).expect("query prepares");
    let mut rows = stmt.query([]).expect("query runs");
    let n = rows.as_ref().map(|s| s.column_count()).unwrap_or(0);
    let mut out = Vec::new();
    while let Some(row) = rows.next().expect("row") {
        let mut values = Vec::new();
        for i in 0..n {
            let v: duckdb::types::Value = row.get(i).expect("value");
            values.push(match v {
                duckdb::types::Value::Null => "NULL".to_string(),
                duckdb::types::Value::Text(s) => s,
                duckdb::types::Value::Boolean(b) => b.to_string(),
                duckdb::types::Value::BigInt(i) => i.to_string(),
                duckdb::types::Value::Int(i) => i.to_string(),
                duckdb::types::Value::HugeInt(i) => i.to_string(),
                other => format!("{other:?}"),
            });
        }
        out.push(values);
    }
    out
}

/// A single value of a one-row, one-column query.
pub fn scalar(db: &Path, sql: &str) -> String {
    query(db, sql)
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .expect("one value")
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("fixture written");
    path
}

/// Writes `text` gzip-compressed as `dir/name`; returns the path.
pub fn write_gzip(dir: &Path, name: &str, text: &str) -> PathBuf {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, text.as_bytes()).expect("text compressed");
    let path = dir.join(name);
    std::fs::write(&path, gz.finish().expect("text compressed")).expect("fixture written");
    path
}

/// Loads `files` (one ingest) into the database `db`, new or not; the load must succeed. Returns
/// its standard error (warnings and notes).
pub fn ingest_stderr(db: &Path, files: &[PathBuf], extra: &[&str]) -> String {
    let out = socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(db)
        .args(extra)
        .args(files)
        .output()
        .expect("ingest runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// Writes the mapping `mapping init` guesses for `export` to `out` (the command must succeed)
/// and returns its text.
pub fn mapping_init(export: &Path, out: &Path) -> String {
    socgauge()
        .args(["mapping", "init"])
        .arg(export)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out).expect("the mapping is written")
}

/// The header of a Sentinel portal (Logs blade) export of SecurityIncident: times in `[UTC]`
/// columns, written as the portal writes them.
pub const PORTAL_HEADER: &str = "\"TimeGenerated [UTC]\",\"IncidentName\",\"Title\",\"Severity\",\"Status\",\"CreatedTime [UTC]\",\"ClosedTime [UTC]\",\"IncidentNumber\"\n";

/// Loads `input` (a file or folder) into the database `db`, rows with problems kept as counted
/// rejects rather than failing the load (`--max-rejects 1`); the load must succeed.
pub fn ingest_keeping_rejects(db: &Path, input: &Path) {
    socgauge()
        .args(["ingest", "--max-rejects", "1", "--db"])
        .arg(db)
        .arg(input)
        .assert()
        .success();
}

/// The metrics fixture (tenants acme and globex, Paris local times) loaded into `dir/soc.db`.
pub fn metrics_fixture_db(dir: &Path) -> PathBuf {
    let db = dir.join("soc.db");
    socgauge()
        .args([
            "ingest",
            "--quiet",
            "--input-timezone",
            "Europe/Paris",
            "--db",
        ])
        .arg(&db)
        .arg(fixture("metrics"))
        .assert()
        .success();
    db
}

/// One `socgauge sample` folder per (tenant, seed) under `dir`, named after the tenant: the four
/// months before `end_month`, `alerts_per_day` alerts a day.
pub fn sample_tenants(
    dir: &Path,
    tenants: &[(&str, &str)],
    end_month: &str,
    alerts_per_day: &str,
) -> Vec<PathBuf> {
    tenants
        .iter()
        .map(|(tenant, seed)| {
            let data = dir.join(tenant);
            socgauge()
                .args(["sample", "--months", "4", "--end-month", end_month])
                .args(["--alerts-per-day", alerts_per_day])
                .args(["--tenant", tenant, "--seed", seed])
                .arg("--out")
                .arg(&data)
                .assert()
                .success();
            data
        })
        .collect()
}
