//! The integration tests: the real `socgauge` binary run on the fixtures in `tests/fixtures/`.
//! One test binary (see Cargo.toml) with a module per area.
// A failed unwrap is how a test reports an impossible state; the crate's deny applies to the
// product, as src/lib.rs's test allowance says.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod assess;
mod cli_usage;
mod concurrency;
mod load;
mod metrics;
mod portfolio;
mod report;
mod sample;
mod sources;
mod tenants;
