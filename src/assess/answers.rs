//! Questionnaire answers: a TOML file of `question_id = true|false`, one per organisation and
//! assessment, kept in version control. `socgauge answers init` writes the blank form.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::assess::rubric::{Rubric, STAGE_NAMES};
use crate::error::{Error, Result};

/// Answers by question id.
pub type Answers = BTreeMap<String, bool>;

/// Reads an answers file and checks every key against the rubric's questions.
pub fn load(path: &Path, rubric: &Rubric) -> Result<Answers> {
    let text = crate::settings_file::read(path)?;
    parse(&text, path, rubric)
}

pub fn parse(text: &str, path: &Path, rubric: &Rubric) -> Result<Answers> {
    let config = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text.get(..s.start)
                .map_or(1, |t| t.matches('\n').count() + 1)
        });
        config(format!("line {line}: {}", e.message()))
    })?;
    let mut answers = Answers::new();
    for (key, value) in table {
        if !rubric.questions.iter().any(|q| q.id == key) {
            let known: Vec<&str> = rubric.questions.iter().map(|q| q.id.as_str()).collect();
            return Err(config(format!(
                "unknown question `{key}`; the questions are: {}",
                known.join(", ")
            )));
        }
        let answer = value
            .as_bool()
            .ok_or_else(|| config(format!("`{key}` must be true or false")))?;
        answers.insert(key, answer);
    }
    Ok(answers)
}

/// The questionnaire as a commented TOML file: every question commented out, to be answered by
/// uncommenting its line and setting true or false.
pub fn template(rubric: &Rubric) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# socgauge maturity questionnaire");
    let _ = writeln!(out, "#");
    let _ = writeln!(
        out,
        "# Answer a question by removing the `#` before its key and setting true or false."
    );
    let _ = writeln!(
        out,
        "# An unanswered question fails its gate, as `false` would: a blank is never better"
    );
    let _ = writeln!(
        out,
        "# than a no. Without --answers the verdict is from data only and says so."
    );
    let _ = writeln!(out, "# Use with: socgauge assess --answers THIS_FILE ...");
    for q in &rubric.questions {
        let stages: Vec<String> = rubric
            .criteria
            .iter()
            .filter(|c| matches!(&c.test, crate::assess::rubric::Test::Answer { question, .. } if *question == q.id))
            .map(|c| format!("{} {} ({})", c.layer, c.stage, STAGE_NAMES.get(usize::from(c.stage) - 1).unwrap_or(&"")))
            .collect();
        let _ = writeln!(out);
        let _ = writeln!(out, "# {}", q.text);
        if !stages.is_empty() {
            let _ = writeln!(out, "# gates: {}", stages.join(", "));
        }
        let _ = writeln!(out, "# {} = true", q.id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_round_trips_once_uncommented() {
        let rubric = Rubric::default_rubric().unwrap();
        let form = template(&rubric);
        assert!(parse(&form, Path::new("a.toml"), &rubric)
            .unwrap()
            .is_empty());
        let filled = form.replace("# idp_logs_collected = true", "idp_logs_collected = true");
        let answers = parse(&filled, Path::new("a.toml"), &rubric).unwrap();
        assert_eq!(answers.get("idp_logs_collected"), Some(&true));
    }

    #[test]
    fn unknown_questions_and_non_booleans_are_errors() {
        let rubric = Rubric::default_rubric().unwrap();
        let e = parse("nope = true", Path::new("a.toml"), &rubric)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown question `nope`"), "{e}");
        let e = parse("idp_logs_collected = \"yes\"", Path::new("a.toml"), &rubric)
            .unwrap_err()
            .to_string();
        assert!(e.contains("must be true or false"), "{e}");
    }
}
