//! socgauge: SOC outcome metrics and maturity from incident, alert and automation exports.
//!
//! The pipeline, one module per arrow:
//! exports → [`load`] → canonical tables in DuckDB → [`metrics`] → numbers → output.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

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
pub mod settings_file;
pub mod sources;
pub mod targets;
pub mod tenants;
pub mod terminal;
pub mod time;
