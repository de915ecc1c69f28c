//! socgauge: SOC outcome metrics and maturity from incident, alert and automation exports.
//!
//! The pipeline, one module per arrow:
//! exports → [`load`] → canonical tables in DuckDB → [`metrics`] → numbers → output.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

/// A line for the user on standard error. `eprintln!` panics when standard error is a pipe whose
/// reader has gone (`socgauge ingest … 2>&1 | head`); a message that cannot be shown is no
/// reason to stop a run midway, so the write's failure is ignored.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($arg)*);
    }};
}

/// A closing line on standard output (what a command did, after its work is saved), ignored when
/// no one reads it any more, as [`say!`] on standard error. Results themselves go through
/// [`output`], where a closed pipe ends the run quietly.
#[macro_export]
macro_rules! show {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout(), $($arg)*);
    }};
}

pub mod assess;
pub mod cleanup;
pub mod cli;
pub mod cmd;
pub mod csv_safe;
pub mod db;
pub mod error;
pub mod facts;
pub mod humanize;
pub mod input;
pub mod load;
pub mod load_copy;
pub mod metrics;
pub mod model;
pub mod output;
pub mod progress;
pub mod publish;
pub mod queries;
pub mod render;
pub mod sample;
pub mod setting_names;
pub mod settings_file;
pub mod sources;
pub mod targets;
pub mod tenants;
pub mod terminal;
pub mod time;
