//! The `socgauge` binary: parse the command line, run the command, report errors once, exit.

use std::process::ExitCode;

use clap::Parser;
use socgauge::cli::Cli;
use socgauge::error::Error;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            let code = err.downcast_ref::<Error>().map_or(1, Error::exit_code);
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(code)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    // The only wall-clock read: commands below receive it (reports use --as-of or the data).
    let now = chrono::Utc::now();
    socgauge::cmd::run(cli.command, now)?;
    Ok(ExitCode::SUCCESS)
}

/// Output piped into `head` that closes early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) || matches!(err.downcast_ref::<Error>(), Some(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
}
