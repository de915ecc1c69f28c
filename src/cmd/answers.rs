//! `socgauge answers init`: the questionnaire as a commented TOML file.

use crate::assess::{answers, Rubric};
use crate::cli::AnswersInitArgs;
use crate::error::Result;

pub fn init(args: &AnswersInitArgs) -> Result<()> {
    if let Some(rubric) = &args.rubric {
        crate::output::refuse_inputs(
            "--output",
            args.output.as_deref(),
            &[("the rubric (--rubric)", rubric)],
        )?;
    }
    if let Some(out) = args
        .output
        .as_deref()
        .filter(|o| *o != std::path::Path::new("-"))
    {
        crate::output::refuse_overwrite(&[out.to_path_buf()], args.force)?;
    }
    let rubric = match &args.rubric {
        Some(path) => Rubric::load(path)?,
        None => Rubric::default_rubric()?,
    };
    crate::output::write(
        args.output.as_deref(),
        answers::template(&rubric).as_bytes(),
    )?;
    // Said on stderr, as `config init` does, when the questionnaire went to a file.
    if let Some(out) = args
        .output
        .as_deref()
        .filter(|o| *o != std::path::Path::new("-"))
    {
        let name = out.display().to_string();
        let shown = crate::csv_safe::escape_controls(&name);
        crate::say!(
            "questionnaire written to {shown}: uncomment each question you can answer, set it to true or \
             false, then pass the file with `--answers {shown}`"
        );
    }
    Ok(())
}
