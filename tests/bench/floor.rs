//! The benchmark's two references, driven with the same DuckDB as socgauge:
//!
//! - `floor DIR`: load DIR's canonical CSVs with `read_csv` (typed columns, no validation, no
//!   rejects, no de-duplication) into the canonical tables, then run socgauge's own metric
//!   queries for the default period. What is left between this and `socgauge report` is
//!   socgauge's overhead: validation, staging, merging and rendering.
//! - `scan DIR`: stream each file once with a trivial aggregate, the least any tool must spend
//!   to read the files.
//!
//! Prints one line: `rows=<n>`.

// A measuring tool, not the product: a failed setup ends the run with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use socgauge::db::{Db, EngineOptions};
use socgauge::metrics::{self, PeriodRequest, PeriodSettings};
use socgauge::time::Zone;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (mode, dir) = match args.as_slice() {
        [_, mode, dir] => (mode.as_str(), Path::new(dir)),
        _ => anyhow::bail!("usage: bench-floor floor|scan DIR"),
    };
    let db = Db::open_in_memory(&EngineOptions::default())?;
    let conn = db.conn();
    let file = |name: &str| dir.join(name).to_string_lossy().replace('\'', "''");
    match mode {
        "scan" => {
            let mut rows: i64 = 0;
            for (name, time) in [
                ("incidents.csv", "created_at"),
                ("alerts.csv", "created_at"),
                ("automation.csv", "started_at"),
            ] {
                let sql = format!(
                    "SELECT count(*), max({time}) FROM read_csv('{}', header = true)",
                    file(name)
                );
                let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
                rows += n;
            }
            println!("rows={rows}");
        }
        "floor" => {
            socgauge::load::ensure_schema(&db)?;
            let csv = |name: &str, columns: &str| {
                format!(
                    "read_csv('{}', header = true, types = {{{columns}}})",
                    file(name)
                )
            };
            // Typed where socgauge's tables need a type; the rest as the reader detects it.
            // Inserted by name: the files of `socgauge sample` and of gen_canonical.py differ in
            // their optional columns (entity_ip), which stay NULL when absent.
            let incidents = csv(
                "incidents.csv",
                "'first_activity_at': 'TIMESTAMPTZ', 'created_at': 'TIMESTAMPTZ', 'acknowledged_at': 'TIMESTAMPTZ', \
                 'contained_at': 'TIMESTAMPTZ', 'closed_at': 'TIMESTAMPTZ', 'ai_assisted': 'BOOLEAN', \
                 'incident_id': 'VARCHAR', 'redirected_to': 'VARCHAR'",
            );
            let alerts = csv(
                "alerts.csv",
                "'first_activity_at': 'TIMESTAMPTZ', 'created_at': 'TIMESTAMPTZ', 'closed_at': 'TIMESTAMPTZ', \
                 'alert_id': 'VARCHAR', 'incident_id': 'VARCHAR', 'rule_id': 'VARCHAR', \
                 'tactics': 'VARCHAR', 'techniques': 'VARCHAR'",
            );
            let automation = csv(
                "automation.csv",
                "'started_at': 'TIMESTAMPTZ', 'finished_at': 'TIMESTAMPTZ', 'approved_at': 'TIMESTAMPTZ', \
                 'run_id': 'VARCHAR', 'incident_id': 'VARCHAR', 'alert_id': 'VARCHAR', 'approved_by': 'VARCHAR'",
            );
            let provenance = "0 AS load_id, '' AS source_file, 0 AS source_line";
            conn.execute_batch(&format!(
                "INSERT INTO incidents BY NAME SELECT *, {provenance} FROM {incidents};
                 INSERT INTO alerts BY NAME SELECT * REPLACE (string_split(tactics, ';') AS tactics, string_split(techniques, ';') AS techniques), {provenance} FROM {alerts};
                 INSERT INTO automation BY NAME SELECT *, {provenance} FROM {automation};"
            ))?;
            let zone = Zone::parse("UTC").map_err(anyhow::Error::msg)?;
            let settings = PeriodSettings {
                request: PeriodRequest::LatestMonth,
                zone,
                zone_name: "UTC".into(),
            };
            let period = settings.resolve(&db, None)?;
            let report = metrics::compute(&db, &period, None, true)?;
            println!("rows={}", report.metrics.alerts.value);
        }
        other => anyhow::bail!("unknown mode `{other}`: use floor or scan"),
    }
    Ok(())
}
