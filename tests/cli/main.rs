//! The integration tests: the real `socgauge` binary run on the fixtures in `tests/fixtures/`.
//! One test binary (see Cargo.toml) with a module per area.
// A test fails by panicking: unwrap and expect are how it says what it expected.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// A test that cannot set up its fixture should stop at once, with the reason: panicking is how a
// test fails, so the product's ban on unwrap/expect does not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod assess;
mod cli_usage;
mod fuzz;
mod hostile;
mod load;
mod metrics;
mod report;
mod sample;
mod sources;
