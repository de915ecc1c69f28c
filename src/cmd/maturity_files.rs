//! The files an assessment reads beside the data — rubric, answers, the per-tenant answers index
//! and the files it names, targets — checked before any data is read, and listed so that no
//! output is written over one of them. Shared by `assess` and `report`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::assess::{tenant_answers, Answers, Rubric};
use crate::cli::MaturityArgs;
use crate::db::Db;
use crate::error::{Error, Result};

pub(crate) struct MaturityFiles<'a> {
    args: &'a MaturityArgs,
    targets: Option<&'a Path>,
    /// The answers files of `--tenant-answers`, by tenant id.
    index_files: Option<BTreeMap<String, PathBuf>>,
}

impl<'a> MaturityFiles<'a> {
    /// `every_tenant` is the flag that assesses every tenant at once (`--all-tenants`,
    /// `--portfolio`) and whether it was given: `--tenant-answers` only goes with it.
    pub fn checked(
        args: &'a MaturityArgs,
        targets: Option<&'a Path>,
        (every_tenant, given): (&str, bool),
    ) -> Result<MaturityFiles<'a>> {
        let index = args.tenant_answers.as_deref();
        if index.is_some() && !given {
            return Err(Error::Usage(format!(
                "--tenant-answers goes with {every_tenant}; for one tenant give --answers FILE"
            )));
        }
        Ok(MaturityFiles {
            args,
            targets,
            index_files: index.map(tenant_answers::paths).transpose()?,
        })
    }

    /// Every file read, named as the messages name it.
    pub fn inputs(&self) -> Vec<(&'static str, Option<&Path>)> {
        let mut inputs = vec![
            ("the rubric (--rubric)", self.args.rubric.as_deref()),
            ("the answers file (--answers)", self.args.answers.as_deref()),
            (
                "the tenant answers index (--tenant-answers)",
                self.args.tenant_answers.as_deref(),
            ),
            ("the targets file (--targets)", self.targets),
        ];
        for file in self.index_files.iter().flat_map(|files| files.values()) {
            inputs.push(("an answers file of --tenant-answers", Some(file.as_path())));
        }
        inputs
    }

    /// Each tenant's answers (`--tenant-answers`), checked against the rubric and the tenants
    /// of the data; empty without the flag.
    pub fn answers_by_tenant(&self, db: &Db, rubric: &Rubric) -> Result<BTreeMap<String, Answers>> {
        match (self.args.tenant_answers.as_deref(), &self.index_files) {
            (Some(index), Some(files)) => {
                tenant_answers::load(index, files, rubric, &crate::tenants::names(db)?)
            }
            _ => Ok(BTreeMap::new()),
        }
    }
}
