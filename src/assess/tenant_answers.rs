//! Questionnaire answers per tenant (`--tenant-answers FILE`), for the commands that assess
//! every tenant at once (`assess --all-tenants`, `report --portfolio`): a consultant keeps one
//! answers file per client and one small index of them, all in version control.
//!
//! The index is TOML, one line per tenant id: `acme = "answers/acme.toml"`. A relative path is
//! relative to the index file. The paths come from the user's file, never from the data: a
//! tenant's name never becomes a path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::tenants::{listed, printable};

use super::{answers, Answers, Rubric};

/// The answers files named by the index at `path`, by tenant id, each resolved against the
/// index's folder. Read before any data, so that a broken index fails early.
pub fn paths(path: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let text = crate::settings_file::read(path)?;
    let index: BTreeMap<String, String> = toml::from_str(&text).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        message: format!(
            "{}; expected lines of tenant id = \"answers file\", e.g. acme = \"answers/acme.toml\"",
            e.to_string().trim_end()
        ),
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    index
        .into_iter()
        .map(|(tenant, file)| {
            if file.trim().is_empty() {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    message: format!(
                        "the answers file of tenant `{}` is empty",
                        printable(&tenant)
                    ),
                });
            }
            let answers = folder.join(&file);
            // Told here, naming the index and the tenant: the answers file alone would not say
            // which line of which index named it.
            if !answers.exists() {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    message: format!(
                        "tenant `{}`: the answers file `{}` does not exist ({})",
                        printable(&tenant),
                        crate::csv_safe::escape_controls(&file),
                        if Path::new(&file).is_relative() {
                            "a relative path is read from the index's folder"
                        } else {
                            "check the path"
                        }
                    ),
                });
            }
            Ok((tenant, answers))
        })
        .collect()
}

/// The answers of each tenant the index names, checked against the rubric. A tenant id that
/// names no tenant of the data is an error (a typo would otherwise leave a client assessed on
/// data only without a word); a tenant the index leaves out is assessed on data only.
pub fn load(
    index: &Path,
    files: &BTreeMap<String, PathBuf>,
    rubric: &Rubric,
    tenants: &[String],
) -> Result<BTreeMap<String, Answers>> {
    if let Some(unknown) = files.keys().find(|id| !tenants.contains(id)) {
        return Err(Error::Config {
            path: index.to_path_buf(),
            message: format!(
                "no tenant `{}` in the data; its tenants are {}",
                printable(unknown),
                listed(tenants)
            ),
        });
    }
    files
        .iter()
        .map(|(tenant, file)| Ok((tenant.clone(), answers::load(file, rubric)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_index_and_unknown_tenants_refused() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("clients.toml");
        std::fs::write(
            &index,
            "acme = \"answers/acme.toml\"\n\"odd name\" = \"/abs/o.toml\"\n",
        )
        .unwrap();
        let error = paths(&index).unwrap_err().to_string();
        assert!(
            error.contains("clients.toml")
                && error.contains(
                    "tenant `acme`: the answers file `answers/acme.toml` does not exist (a relative path \
                     is read from the index's folder)"
                ),
            "{error}"
        );
        std::fs::create_dir(dir.path().join("answers")).unwrap();
        std::fs::write(dir.path().join("answers/acme.toml"), "").unwrap();
        let odd = dir.path().join("o.toml");
        std::fs::write(&odd, "").unwrap();
        std::fs::write(
            &index,
            format!(
                "acme = \"answers/acme.toml\"\n\"odd name\" = {:?}\n",
                odd.display().to_string()
            ),
        )
        .unwrap();
        let files = paths(&index).unwrap();
        assert_eq!(files["acme"], dir.path().join("answers/acme.toml"));
        assert_eq!(files["odd name"], odd);
        let rubric = Rubric::default_rubric().unwrap();
        let error = load(&index, &files, &rubric, &["acme".to_string()])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("no tenant `odd name`") && error.contains("`acme`"),
            "{error}"
        );
        std::fs::write(&index, "acme = 3\n").unwrap();
        let error = paths(&index).unwrap_err().to_string();
        assert!(error.contains("expected lines of tenant id"), "{error}");
    }
}
