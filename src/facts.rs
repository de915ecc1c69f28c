//! Facts: what the metrics of any period read about each incident and alert (merge chains
//! resolved, linked alerts aggregated, effective verdict and closer), resolved at the end of
//! every load (`queries/facts/`). A metrics run then filters these rows by period and tenant
//! instead of joining millions of alerts to their incidents again. A load into a database whose
//! facts are current recomputes only the rows it can have changed ([`update`]): a month's load
//! into years of history costs about the month.

use serde::Deserialize;

use crate::db::Db;
use crate::error::Result;
use crate::queries::{facts as q, Query, Sql};

// Version of the facts' definition: a hash of the facts SQL, computed at build time. A database
// whose facts carry another version (written by another socgauge) or none gets fresh facts for
// the session, in temporary tables.
include!(concat!(env!("OUT_DIR"), "/facts_version.rs"));

/// The filters of the facts queries: none for every row.
const EVERY_ROW: [(&str, &str); 4] = [
    ("/*in scope: counted*/", ""),
    ("/*in scope: people*/", ""),
    ("/*in scope: incidents*/", ""),
    ("/*in scope: alerts*/", ""),
];

/// The filters of the facts queries for the rows of `fact_scope_incidents` and
/// `fact_scope_alerts` (facts/scope_*.sql) only.
const IN_SCOPE: [(&str, &str); 4] = [
    (
        "/*in scope: counted*/",
        "AND EXISTS (SELECT 1 FROM fact_scope_incidents s \
         WHERE s.tenant = resolved.tenant AND s.incident_id = resolved.final_id)",
    ),
    (
        "/*in scope: people*/",
        "AND EXISTS (SELECT 1 FROM counted c \
         WHERE c.tenant = alerts.tenant AND c.incident_id = alerts.incident_id)",
    ),
    (
        "/*in scope: incidents*/",
        "WHERE EXISTS (SELECT 1 FROM fact_scope_incidents s \
         WHERE s.tenant = i.tenant AND s.incident_id = i.incident_id)",
    ),
    (
        "/*in scope: alerts*/",
        "WHERE EXISTS (SELECT 1 FROM fact_scope_alerts s \
         WHERE s.tenant = a.tenant AND s.alert_id = a.alert_id)",
    ),
];

/// The two facts queries, the table each creates and the order its rows are stored in.
const QUERIES: [(&Query, &str, &str); 2] = [
    (
        &q::INCIDENT_FACTS,
        "incident_facts",
        "ORDER BY i.created_at",
    ),
    (&q::ALERT_FACTS, "alert_facts", "ORDER BY a.created_at"),
];

/// The facts' `/*stored order*/`: creation order in a database file, where every later run's
/// period scans skip the row groups outside their period; none in memory, where a run on files
/// measures the rows once and sorting them would cost more than it saves (the files' own order,
/// usually by time, keeps most of the skipping).
fn stored_order<'a>(db: &Db, order: &'a str) -> (&'static str, &'a str) {
    ("/*stored order*/", if db.in_memory() { "" } else { order })
}

/// The facts derived from whole tables (a few rows each), built whole after every load: a
/// replaced row can change any of their rows, so an update of the touched keys would not be
/// exact, and a grouping of the tables is cheap next to a load.
const WHOLE: [(&Query, &str); 3] = [
    (&q::INCIDENT_FIELDS, "incident_fields"),
    (&q::ALERT_FIELDS, "alert_fields"),
    (&q::CREATED_DAYS, "created_days"),
];

/// The alerts counted per tenant and UTC day or hour (facts/alert_days.sql, alert_hours.sql):
/// built whole with the facts, or, when a load updates the facts in place, for the days its
/// alerts reach ([`update_days`]).
const DAYS: [(&Query, &str); 3] = [
    (&q::ALERT_DAYS, "alert_days"),
    (&q::ALERT_DAY_ATTACK, "alert_day_attack"),
    (&q::ALERT_HOURS, "alert_hours"),
];

/// The daily counts summed per UTC month (facts/alert_months.sql), built from [`DAYS`] after
/// them.
const MONTHS: (&Query, &str) = (&q::ALERT_MONTHS, "alert_months");

/// Builds the derived facts ([`WHOLE`], [`DAYS`], [`MONTHS`]), each table created by `head`.
/// The daily and monthly counts are kept in a database file only: left empty in memory.
fn build_whole(db: &Db, head: &str) -> Result<()> {
    for (query, table) in WHOLE {
        let sql = facts_sql(query, table, head, &[])?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    let every_day = if db.in_memory() { "false" } else { "true" };
    for (query, table) in DAYS {
        let sql = facts_sql(query, table, head, &[("/*days counted*/", every_day)])?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    let (query, table) = MONTHS;
    let sql = facts_sql(query, table, head, &[("/*months counted*/", "true")])?;
    db.batch_sql(sql.name, &sql.text)
}

/// Counts again the days of the alerts an in-place update reached (facts/scope_days.sql): their
/// rows are replaced by the counts of every alert of those days, and the rows of their months by
/// the sums of those months' days. A month loaded into a year of history counts its month, not
/// the year.
fn update_days(db: &Db) -> Result<()> {
    db.batch(&q::SCOPE_DAYS)?;
    let reached = "alert_facts.created_at >= getvariable('fact_days_from') \
                   AND alert_facts.created_at < getvariable('fact_days_to') \
                   AND EXISTS (SELECT 1 FROM fact_scope_days s WHERE s.tenant = alert_facts.tenant \
                   AND s.day_us = epoch_us(alert_facts.created_at) // 86400000000 * 86400000000)";
    for (query, table) in DAYS {
        let sql = facts_sql(
            query,
            table,
            "INSERT INTO {table} BY NAME",
            &[("/*days counted*/", reached)],
        )?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    let months_reached =
        "EXISTS (SELECT 1 FROM fact_scope_days s WHERE s.tenant = alert_days.tenant \
                          AND date_trunc('month', make_timestamp(s.day_us)) \
                          = date_trunc('month', make_timestamp(alert_days.day_us)))";
    let (query, table) = MONTHS;
    let sql = facts_sql(
        query,
        table,
        "INSERT INTO {table} BY NAME",
        &[("/*months counted*/", months_reached)],
    )?;
    db.batch_sql(sql.name, &sql.text)
}

/// A facts query whose `CREATE OR REPLACE TABLE <table> AS` is replaced with `head` (formatted
/// with the table's name), its scope filters filled.
fn facts_sql(query: &Query, table: &str, head: &str, filters: &[(&str, &str)]) -> Result<Sql> {
    let mut sql = query.fill(
        &format!("CREATE OR REPLACE TABLE {table} AS"),
        &head.replace("{table}", table),
    )?;
    for (placeholder, filter) in filters {
        if sql.text.contains(placeholder) {
            sql = sql.fill(placeholder, filter)?;
        }
    }
    Ok(sql)
}

/// The definitions the facts and the metrics read, as temporary macros: who counts as a person
/// (identities.sql) and the ATT&CK tactics by name (attack_tactics.sql).
pub fn definitions(db: &Db) -> Result<()> {
    db.batch(&q::IDENTITIES)?;
    db.batch(&q::ATTACK_TACTICS)
}

/// Rebuilds the stored facts from the canonical tables (inside the load's transaction).
pub fn build(db: &Db) -> Result<()> {
    definitions(db)?;
    for (query, table, order) in QUERIES {
        let filters = [&EVERY_ROW[..], &[stored_order(db, order)]].concat();
        let sql = facts_sql(query, table, "CREATE OR REPLACE TABLE {table} AS", &filters)?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    build_whole(db, "CREATE OR REPLACE TABLE {table} AS")?;
    let stamp = q::STAMP.fill("/*version*/", VERSION)?;
    db.batch_sql(stamp.name, &stamp.text)
}

/// Whether the database stores facts of this version, which a load can update in place
/// ([`update`]) rather than build again.
pub fn stored_current(db: &Db) -> Result<bool> {
    #[derive(Deserialize)]
    struct State {
        current: bool,
    }
    let state: State = db.one(&q::STATE, &[&VERSION])?;
    Ok(state.current)
}

/// Above this share of the stored incidents in a load's reach, the facts are built whole: an
/// update reads and deletes the rows it replaces besides computing them, so that it only pays
/// off for a part of the database (a month's load into a year of history is about a twelfth;
/// an export whose alerts link to incidents of every month reaches nearly all of them).
const UPDATE_UP_TO: f64 = 1.0 / 3.0;

/// Brings stored facts of this version up to date after a load that recorded the keys it touched
/// (`facts_touched_incidents`, `facts_touched_alerts`: load/touched_*.sql): the rows those keys
/// can change (facts/scope_*.sql) are deleted and computed again by the same queries as
/// [`build`], filtered to them. A load that reaches most of the database builds them whole.
pub fn update(db: &Db) -> Result<()> {
    #[derive(Deserialize)]
    struct Share {
        share: f64,
    }
    db.batch(&q::SCOPE_INCIDENTS)?;
    let reach: Share = db.one(&q::SCOPE_SHARE, &[])?;
    if reach.share > UPDATE_UP_TO {
        return build(db);
    }
    definitions(db)?;
    db.batch(&q::SCOPE_ALERTS)?;
    for (query, table, order) in QUERIES {
        let filters = [&IN_SCOPE[..], &[stored_order(db, order)]].concat();
        let sql = facts_sql(query, table, "INSERT INTO {table} BY NAME", &filters)?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    update_days(db)?;
    for (query, table) in WHOLE {
        let sql = facts_sql(query, table, "CREATE OR REPLACE TABLE {table} AS", &[])?;
        db.batch_sql(sql.name, &sql.text)?;
    }
    Ok(())
}

/// Makes sure the facts metrics read are current: the stored ones when they are of this version,
/// else temporary ones built now (which shadow stored tables of the same name), so that a
/// database from another version, or one opened read-only, still reads correctly. The temporary
/// ones are built once per session, however many callers make sure of them.
pub fn ensure(db: &Db) -> Result<()> {
    // Who counts as a person and which tactic a name is: the facts, the oversight measure and
    // the ATT&CK counts read them.
    definitions(db)?;
    if db.has_session_facts() || stored_current(db)? {
        return Ok(());
    }
    for (query, table, order) in QUERIES {
        let filters = [&EVERY_ROW[..], &[stored_order(db, order)]].concat();
        let temporary = facts_sql(
            query,
            table,
            "CREATE OR REPLACE TEMP TABLE {table} AS",
            &filters,
        )?;
        db.batch_sql(temporary.name, &temporary.text)?;
    }
    build_whole(db, "CREATE OR REPLACE TEMP TABLE {table} AS")?;
    db.set_session_facts();
    Ok(())
}
