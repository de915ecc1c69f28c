//! The integration tests: the real `socgauge` binary run on the fixtures in `tests/fixtures/`.
//! One test binary (see Cargo.toml) with a module per area.

// A test fails by panicking: unwrap and expect are how it says what it expected.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod assess;
mod cli_usage;
mod concurrency;
mod export;
mod exports;
mod facts;
mod fuzz;
mod history;
mod hostile;
#[cfg(unix)]
mod interrupted;
mod load;
mod metrics;
mod month_results;
mod portfolio;
mod publish;
mod report;
mod sample;
mod service_levels;
mod sources;
mod tenants;
mod workload;
