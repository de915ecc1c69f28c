//! `socgauge templates eject DIR`: the built-in report templates, written out for customising.

use crate::cli::EjectArgs;
use crate::error::Result;
use crate::render::templates;

pub fn eject(args: &EjectArgs) -> Result<()> {
    let written = templates::eject(&args.dir)?;
    for path in &written {
        crate::show!("{}", path.display());
    }
    crate::show!(
        "edit these, then pass --templates {} to `socgauge report`",
        args.dir.display()
    );
    Ok(())
}
