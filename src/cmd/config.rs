//! `socgauge config init`: the commented publishing configuration, to edit.

use std::path::Path;

use crate::cli::ConfigInitArgs;
use crate::error::Result;
use crate::publish::config::TEMPLATE;

pub fn init(args: &ConfigInitArgs) -> Result<()> {
    if args.output != Path::new("-") {
        crate::output::refuse_overwrite(std::slice::from_ref(&args.output), args.force)?;
    }
    crate::output::write(Some(&args.output), TEMPLATE.as_bytes())?;
    if args.output != Path::new("-") {
        crate::say!(
            "configuration written to {}: edit it, then `socgauge publish --config {}`",
            args.output.display(),
            args.output.display()
        );
    }
    Ok(())
}
