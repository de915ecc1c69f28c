//! The integration tests: the real `socgauge` binary run on the fixtures in `tests/fixtures/`.
//! One test binary (see Cargo.toml) with a module per area.

mod harness;

mod assess;
mod cli_usage;
mod exports;
mod load;
mod metrics;
mod report;
mod sample;
mod sources;
