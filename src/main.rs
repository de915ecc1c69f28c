//! The `socgauge` binary: parse the command line, run the command, report errors once, exit.

use std::process::ExitCode;

use clap::Parser;
use socgauge::cli::Cli;
use socgauge::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // An interrupted run removes its temporary files before it ends (cleanup.rs).
    socgauge::cleanup::install();
    // What runs killed outright left in the temporary folder (cleanup/abandoned.rs).
    socgauge::cleanup::remove_abandoned();
    // The only wall-clock read: commands below receive it (reports use --as-of or the data).
    let now = chrono::Utc::now();
    let result = socgauge::cmd::run(cli.command, now);
    // A signal being handled ends the run with its own status; the result may be the error of
    // a query it interrupted, which is not the run's to report.
    socgauge::cleanup::ending();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Every error's message already holds its cause (cleaned): print it alone, not the
            // chain of sources, which would repeat the cause.
            // A published site whose fail_on conditions hold is not an error of the run.
            let prefix = match err {
                Error::ConditionsHold(_) => "fail_on",
                _ => "error",
            };
            // A message names files and values from the data: their ESC sequences must not
            // drive the terminal.
            let message = err.to_string();
            socgauge::say!(
                "{prefix}: {}",
                socgauge::csv_safe::escape_controls(&message)
            );
            ExitCode::from(err.exit_code())
        }
    }
}

/// Output piped into `head` that closes early is not an error.
fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}
