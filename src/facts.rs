//! Facts: what the metrics of any period read about each incident and alert (merge chains
//! resolved, linked alerts aggregated, effective verdict and closer), resolved once at the end of
//! every load (`queries/facts/`). A metrics run then filters these rows by period and tenant
//! instead of joining millions of alerts to their incidents again.

use serde::Deserialize;

use crate::db::Db;
use crate::error::Result;
use crate::queries::facts as q;

// Version of the facts' definition: a hash of the facts SQL, computed at build time. A database
// whose facts carry another version (written by another socgauge) or none gets fresh facts for
// the session, in temporary tables.
include!(concat!(env!("OUT_DIR"), "/facts_version.rs"));

/// Rebuilds the stored facts from the canonical tables (inside the load's transaction).
pub fn build(db: &Db) -> Result<()> {
    db.batch(&q::IDENTITIES)?;
    db.batch(&q::INCIDENT_FACTS)?;
    db.batch(&q::ALERT_FACTS)?;
    let stamp = q::STAMP.fill("/*version*/", VERSION)?;
    db.batch_sql(stamp.name, &stamp.text)
}

/// Makes sure the facts metrics read are current: the stored ones when they are of this version,
/// else temporary ones built now (which shadow stored tables of the same name), so that a
/// database from another version, or one opened read-only, still reads correctly.
pub fn ensure(db: &Db) -> Result<()> {
    #[derive(Deserialize)]
    struct State {
        current: bool,
    }
    // Who counts as a person: the facts and the oversight measure read it.
    db.batch(&q::IDENTITIES)?;
    let state: State = db.one(&q::STATE, &[&VERSION])?;
    if state.current {
        return Ok(());
    }
    for query in [&q::INCIDENT_FACTS, &q::ALERT_FACTS] {
        let temporary = query.fill("CREATE OR REPLACE TABLE", "CREATE OR REPLACE TEMP TABLE")?;
        db.batch_sql(temporary.name, &temporary.text)?;
    }
    Ok(())
}
