//! `socgauge answers init`: the questionnaire as a commented TOML file.

use crate::assess::{answers, Rubric};
use crate::cli::AnswersInitArgs;
use crate::error::Result;

pub fn init(args: &AnswersInitArgs) -> Result<()> {
    super::refuse_overwrite(args.output.as_deref(), args.force)?;
    let rubric = match &args.rubric {
        Some(path) => Rubric::load(path)?,
        None => Rubric::default_rubric()?,
    };
    crate::output::write(
        args.output.as_deref(),
        answers::template(&rubric).as_bytes(),
    )
}
