//! The publishing configuration (`socgauge.toml`): what `socgauge publish` ingests, measures and
//! writes, checked whole before any work starts. `socgauge config init` writes a commented one
//! ([`TEMPLATE`]); every key is documented there.
//!
//! Relative paths in the file are relative to the folder of the file, so that a scheduler may
//! start the job from any working folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::targets::Targets;

use crate::error::{Error, Result};
use crate::time::Zone;

/// The commented configuration `socgauge config init` writes: every key, what it means, its
/// default. It parses as it is (the test below checks it).
pub const TEMPLATE: &str = include_str!("config_template.toml");

/// Where `publish` and `config init` look without `--config` / `--output`.
pub const DEFAULT_PATH: &str = "socgauge.toml";

/// The file as written; see [`PublishConfig`] for the checked form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    database: PathBuf,
    output: PathBuf,
    #[serde(default = "utc")]
    timezone: String,
    // Any TOML integer, so that a negative or huge one is told in months, not in Rust's types.
    backfill: Option<i64>,
    rubric: Option<PathBuf>,
    #[serde(default)]
    input: Vec<RawInput>,
    #[serde(default)]
    tenant: Vec<RawTenant>,
    #[serde(default)]
    fail_on: FailOn,
    targets: Option<PathBuf>,
    // The targets tables inline (crate::targets::KEYS), checked by the targets module.
    calendar: Option<toml::Table>,
    target: Option<Vec<toml::Table>>,
    amber_band: Option<toml::Value>,
    compliance_objective: Option<toml::Value>,
    time_saved: Option<toml::Table>,
}

fn utc() -> String {
    "UTC".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    path: PathBuf,
    source: Option<String>,
    mapping: Option<PathBuf>,
    tenant: Option<String>,
    #[serde(default)]
    tenant_override: bool,
    input_timezone: Option<String>,
    date_format: Option<String>,
    max_rejects: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenant {
    id: String,
    name: Option<String>,
    answers: Option<PathBuf>,
    rubric: Option<PathBuf>,
}

/// When a published run still exits 3: each condition is off unless set.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailOn {
    /// A tenant's overall stage is lower than the month before.
    #[serde(default)]
    pub stage_drop: bool,
    /// A tenant has no incident and no alert in the month.
    #[serde(default)]
    pub no_data: bool,
    /// Rows rejected / rows read, over the latest load of every file, above this share.
    pub max_reject_share: Option<f64>,
    /// A tenant's lowest service-level compliance below this share (evaluated when a targets
    /// table is configured and gives compliance figures).
    pub min_sla_compliance: Option<f64>,
}

/// One `[[input]]`: exports loaded into the database before publishing, as `socgauge ingest`
/// would load them.
#[derive(Debug, Clone, PartialEq)]
pub struct InputConfig {
    pub path: PathBuf,
    pub source: String,
    pub mapping: Option<PathBuf>,
    pub tenant: Option<String>,
    pub tenant_override: bool,
    pub input_timezone: Option<String>,
    pub date_format: Option<String>,
    pub max_rejects: f64,
}

/// One `[[tenant]]` to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct TenantConfig {
    pub id: String,
    /// Display name; the id without one.
    pub name: String,
    pub answers: Option<PathBuf>,
    pub rubric: Option<PathBuf>,
}

/// Where the service-level targets and calendar come from. They are kept as written (raw TOML)
/// for the targets module to read; publishing itself only passes them on.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum TargetsSource {
    /// No targets: `min_sla_compliance` cannot be evaluated.
    #[default]
    None,
    /// `targets = "FILE"` (resolved against the configuration's folder).
    File(PathBuf),
    /// Inline `[calendar]` and `[[target]]` tables, as one table with those two keys.
    Inline(toml::Table),
}

/// The checked configuration: paths resolved, values in range.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishConfig {
    /// The configuration file itself (never written).
    pub path: PathBuf,
    pub database: PathBuf,
    pub output: PathBuf,
    pub timezone: String,
    pub zone: Zone,
    /// Months before the month also published (`--backfill` replaces it).
    pub backfill: u32,
    /// Rubric of every tenant without its own (default: the built-in rubric).
    pub rubric: Option<PathBuf>,
    pub inputs: Vec<InputConfig>,
    /// Empty: every tenant of the database.
    pub tenants: Vec<TenantConfig>,
    pub fail_on: FailOn,
    targets: TargetsSource,
    /// The targets and calendar read and checked from [`TargetsSource`].
    parsed_targets: Option<Targets>,
}

/// Most months `backfill` may reach back (ten years).
pub const MAX_BACKFILL: u32 = 120;

impl PublishConfig {
    /// Reads and checks `path`. A missing or invalid file is a usage error (exit 2) naming the
    /// file, the key and, for TOML syntax, the line and column.
    pub fn load(path: &Path) -> Result<PublishConfig> {
        // The paths it names, and so the site's key and its pages' fingerprints, must not depend
        // on how the configuration was named (`socgauge.toml` from its folder, or its full path
        // from a scheduler): both name the same site, whose unchanged pages are then copied.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path = absolute.as_path();
        let text = crate::settings_file::read_or_say(
            path,
            &format!(
                "`socgauge config init -o {}` writes a commented one",
                path.display()
            ),
        )?;
        let config = Self::parse(&text, path)?;
        config.check_files()?;
        Ok(config)
    }

    /// Checks the text of the configuration file `path`.
    pub fn parse(text: &str, path: &Path) -> Result<PublishConfig> {
        let bad = |message: String| Error::Usage(format!("`{}`: {message}", path.display()));
        let raw: RawConfig = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        let resolve = |p: &Path| -> PathBuf {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let non_empty = |key: &str, p: &Path| -> Result<()> {
            if p.as_os_str().is_empty() {
                Err(bad(format!("`{key}` is empty")))
            } else {
                Ok(())
            }
        };
        non_empty("database", &raw.database)?;
        non_empty("output", &raw.output)?;
        let zone = Zone::parse(&raw.timezone).map_err(|m| bad(format!("timezone: {m}")))?;
        let backfill = raw.backfill.unwrap_or(0);
        let backfill = u32::try_from(backfill)
            .ok()
            .filter(|months| *months <= MAX_BACKFILL)
            .ok_or_else(|| {
                bad(format!(
                    "backfill: {backfill} is not a number of months from 0 to {MAX_BACKFILL}"
                ))
            })?;
        if let Some(rubric) = &raw.rubric {
            non_empty("rubric", rubric)?;
        }
        if let Some(targets) = &raw.targets {
            non_empty("targets", targets)?;
        }
        let mut inputs = Vec::new();
        for (i, input) in raw.input.into_iter().enumerate() {
            let at = format!("[[input]] #{}", i + 1);
            non_empty(&format!("{at} path"), &input.path)?;
            if let Some(mapping) = &input.mapping {
                non_empty(&format!("{at} mapping"), mapping)?;
            }
            if let Some(share) = input.max_rejects {
                if !(0.0..=1.0).contains(&share) {
                    return Err(bad(format!(
                        "{at} max_rejects: {share} is not a share from 0 to 1"
                    )));
                }
            }
            if input.tenant_override && input.tenant.is_none() {
                return Err(bad(format!("{at}: tenant_override needs tenant")));
            }
            if input.tenant.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(bad(format!("{at} tenant: the name is empty")));
            }
            inputs.push(InputConfig {
                path: resolve(&input.path),
                source: input.source.unwrap_or_else(|| "auto".into()),
                mapping: input.mapping.as_deref().map(resolve),
                tenant: input.tenant.map(|t| t.trim().to_string()),
                tenant_override: input.tenant_override,
                input_timezone: input.input_timezone,
                date_format: input.date_format,
                max_rejects: input.max_rejects.unwrap_or(0.05),
            });
        }
        let mut tenants: Vec<TenantConfig> = Vec::new();
        for tenant in raw.tenant {
            // Trimmed as the data's tenants are at load: ` acme ` names the tenant `acme`.
            let id = tenant.id.trim().to_string();
            if id.is_empty() {
                return Err(bad("[[tenant]] id: the id is empty".into()));
            }
            for (key, path) in [("answers", &tenant.answers), ("rubric", &tenant.rubric)] {
                if let Some(path) = path {
                    non_empty(
                        &format!("[[tenant]] `{}` {key}", crate::tenants::printable(&id)),
                        path,
                    )?;
                }
            }
            if tenants.iter().any(|t| t.id == id) {
                return Err(bad(format!(
                    "[[tenant]] id `{}` is listed twice",
                    crate::tenants::printable(&id)
                )));
            }
            let name = match tenant.name {
                Some(n) if n.trim().is_empty() => {
                    return Err(bad(format!(
                        "[[tenant]] `{}`: the name is empty",
                        crate::tenants::printable(&id)
                    )))
                }
                Some(n) => n,
                None => id.clone(),
            };
            tenants.push(TenantConfig {
                id,
                name,
                answers: tenant.answers.as_deref().map(resolve),
                rubric: tenant.rubric.as_deref().map(resolve),
            });
        }
        let fail_on = raw.fail_on;
        for (key, value) in [
            ("max_reject_share", fail_on.max_reject_share),
            ("min_sla_compliance", fail_on.min_sla_compliance),
        ] {
            if let Some(v) = value {
                if !(0.0..=1.0).contains(&v) {
                    return Err(bad(format!(
                        "[fail_on] {key}: {v} is not a share from 0 to 1"
                    )));
                }
            }
        }
        let mut inline = toml::Table::new();
        let mut put = |key: &str, value: Option<toml::Value>| {
            if let Some(value) = value {
                inline.insert(key.into(), value);
            }
        };
        put("calendar", raw.calendar.map(toml::Value::Table));
        put(
            "target",
            raw.target
                .map(|t| toml::Value::Array(t.into_iter().map(toml::Value::Table).collect())),
        );
        put("amber_band", raw.amber_band);
        put("compliance_objective", raw.compliance_objective);
        put("time_saved", raw.time_saved.map(toml::Value::Table));
        let targets = match (raw.targets, inline.is_empty()) {
            (Some(_), false) => {
                return Err(bad(
                    "targets = \"FILE\" and inline targets ([calendar], [[target]], \
                     [time_saved], amber_band, compliance_objective) exclude each other: keep one"
                        .into(),
                ))
            }
            (Some(file), true) => TargetsSource::File(resolve(&file)),
            (None, true) => TargetsSource::None,
            (None, false) => TargetsSource::Inline(inline),
        };
        // Read and checked now, like the rest of the configuration, before any work starts.
        let parsed_targets = match &targets {
            TargetsSource::None => None,
            TargetsSource::File(file) if !file.exists() => {
                return Err(bad(format!("targets: `{}` does not exist", file.display())))
            }
            TargetsSource::File(file) => Some(Targets::from_file(file)?),
            TargetsSource::Inline(table) => Some(Targets::from_table(table, path)?),
        };
        // A gate that cannot be evaluated must not pass silently.
        if fail_on.min_sla_compliance.is_some()
            && parsed_targets.as_ref().is_none_or(|t| t.targets.is_empty())
        {
            return Err(bad(
                "[fail_on] min_sla_compliance: needs service-level targets (targets = \"FILE\" \
                 or inline [[target]] tables), and the configuration gives none"
                    .into(),
            ));
        }
        Ok(PublishConfig {
            path: path.to_path_buf(),
            database: resolve(&raw.database),
            output: resolve(&raw.output),
            timezone: raw.timezone.trim().to_string(),
            zone,
            backfill,
            rubric: raw.rubric.as_deref().map(resolve),
            inputs,
            tenants,
            fail_on,
            targets,
            parsed_targets,
        })
    }

    /// Every file the configuration names exists (the database is checked when it is opened,
    /// after the output): a path that names nothing is a mistake in the file, a usage error
    /// (exit 2) naming its key, found before any work starts.
    pub fn check_files(&self) -> Result<()> {
        let missing = |key: String, path: &Path| -> Result<()> {
            if path.exists() {
                return Ok(());
            }
            Err(Error::Usage(format!(
                "`{}`: {key}: `{}` does not exist",
                self.path.display(),
                path.display()
            )))
        };
        if self.database.is_dir() {
            return Err(Error::Usage(format!(
                "`{}`: database: `{}` is a folder; name the database file (publish creates it)",
                self.path.display(),
                self.database.display()
            )));
        }
        if let Some(rubric) = &self.rubric {
            missing("rubric".into(), rubric)?;
        }
        for (i, input) in self.inputs.iter().enumerate() {
            missing(format!("[[input]] #{} path", i + 1), &input.path)?;
            if let Some(mapping) = &input.mapping {
                missing(format!("[[input]] #{} mapping", i + 1), mapping)?;
            }
        }
        for tenant in &self.tenants {
            let id = crate::tenants::printable(&tenant.id);
            if let Some(answers) = &tenant.answers {
                missing(format!("[[tenant]] `{id}` answers"), answers)?;
            }
            if let Some(rubric) = &tenant.rubric {
                missing(format!("[[tenant]] `{id}` rubric"), rubric)?;
            }
        }
        Ok(())
    }

    /// The service-level targets and calendar, as configured (file or inline tables), for the
    /// targets module; [`TargetsSource::None`] without any.
    pub fn targets_source(&self) -> &TargetsSource {
        &self.targets
    }

    /// The service-level targets and calendar every tenant's pages are measured against.
    pub fn targets(&self) -> Option<&Targets> {
        self.parsed_targets.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commented_template_parses_and_documents_every_key() {
        let config = PublishConfig::parse(TEMPLATE, Path::new("/srv/soc/socgauge.toml")).unwrap();
        assert_eq!(config.database, Path::new("/srv/soc/soc.db"));
        assert_eq!(config.output, Path::new("/srv/soc/site"));
        for key in [
            "database",
            "output",
            "timezone",
            "backfill",
            "rubric",
            "[[input]]",
            "path",
            "source",
            "mapping",
            "tenant",
            "tenant_override",
            "input_timezone",
            "date_format",
            "max_rejects",
            "[[tenant]]",
            "id",
            "name",
            "answers",
            "[fail_on]",
            "stage_drop",
            "no_data",
            "max_reject_share",
            "min_sla_compliance",
            "targets",
            "[calendar]",
            "[[target]]",
            "compliance_objective",
            "amber_band",
            "[time_saved]",
        ] {
            assert!(TEMPLATE.contains(key), "{key} is not documented");
        }
    }

    #[test]
    fn relative_paths_are_relative_to_the_file() {
        let text = r#"
            database = "data/soc.db"
            output = "/var/www/soc"
            timezone = "Europe/Paris"
            [[input]]
            path = "exports"
            tenant = "acme"
            [[tenant]]
            id = "acme"
            name = "ACME Corp"
            answers = "acme-answers.toml"
            [fail_on]
            stage_drop = true
            max_reject_share = 0.01
        "#;
        let config = PublishConfig::parse(text, Path::new("conf/socgauge.toml")).unwrap();
        assert_eq!(config.database, Path::new("conf/data/soc.db"));
        assert_eq!(config.output, Path::new("/var/www/soc"));
        assert_eq!(config.inputs[0].path, Path::new("conf/exports"));
        assert_eq!(
            config.tenants[0].answers.as_deref(),
            Some(Path::new("conf/acme-answers.toml"))
        );
        assert!(config.fail_on.stage_drop && !config.fail_on.no_data);
        assert_eq!(config.fail_on.max_reject_share, Some(0.01));
        assert_eq!(config.targets_source(), &TargetsSource::None);
    }

    #[test]
    fn targets_from_a_file_or_inline_but_not_both() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("targets.toml"),
            "[[target]]\nseverity = \"high\"\nacknowledge_minutes = 30\n",
        )
        .unwrap();
        let file = PublishConfig::parse(
            "database = \"a.db\"\noutput = \"site\"\ntargets = \"targets.toml\"\n",
            &dir.path().join("socgauge.toml"),
        )
        .unwrap();
        assert_eq!(
            file.targets_source(),
            &TargetsSource::File(dir.path().join("targets.toml"))
        );
        assert_eq!(file.targets().unwrap().targets.len(), 1);
        let inline = PublishConfig::parse(
            "database = \"a.db\"\noutput = \"site\"\n[calendar]\ntimezone = \"UTC\"\nworkdays = [\"mon\"]\nhours = \"08:00-18:00\"\n[[target]]\nseverity = \"critical\"\nacknowledge_minutes = 15\n",
            Path::new("socgauge.toml"),
        )
        .unwrap();
        let TargetsSource::Inline(table) = inline.targets_source() else {
            panic!("inline targets expected");
        };
        assert!(table.contains_key("calendar") && table.contains_key("target"));
        assert!(inline.targets().unwrap().calendar.is_some());
        // Every key of a targets file inline: the objective, the band and the time-saved table.
        let every = PublishConfig::parse(
            "database = \"a.db\"\noutput = \"site\"\ncompliance_objective = 0.9\namber_band = 0.2\n[[target]]\nseverity = \"critical\"\nacknowledge_minutes = 15\n[time_saved]\nhours_per_fte_month = 120\n",
            Path::new("socgauge.toml"),
        )
        .unwrap();
        let parsed = every.targets().unwrap();
        assert_eq!(parsed.amber_band, 0.2);
        assert_eq!(parsed.targets[0].compliance_objective, 0.9);
        assert_eq!(parsed.time_saved.hours_per_fte_month, 120.0);
        let both = PublishConfig::parse(
            "database = \"a.db\"\noutput = \"site\"\ntargets = \"t.toml\"\namber_band = 0.2\n",
            Path::new("socgauge.toml"),
        );
        assert_eq!(both.unwrap_err().exit_code(), 2);
        let both = PublishConfig::parse(
            "database = \"a.db\"\noutput = \"site\"\ntargets = \"t.toml\"\n[calendar]\n",
            Path::new("socgauge.toml"),
        );
        assert_eq!(both.unwrap_err().exit_code(), 2);
        // Targets are checked with the configuration: a bad one fails before any work.
        let bad = PublishConfig::parse(
            "database = \"a.db\"\noutput = \"site\"\n[[target]]\nseverity = \"urgent\"\nacknowledge_minutes = 5\n",
            Path::new("socgauge.toml"),
        );
        assert_eq!(bad.unwrap_err().exit_code(), 2);
    }

    #[test]
    fn tenant_ids_are_trimmed_as_the_datas_tenants_are() {
        let config = PublishConfig::parse(
            "database = \"a\"\noutput = \"s\"\n[[tenant]]\nid = \" acme \"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(
            (
                config.tenants[0].id.as_str(),
                config.tenants[0].name.as_str()
            ),
            ("acme", "acme")
        );
        let twice = PublishConfig::parse(
            "database = \"a\"\noutput = \"s\"\n[[tenant]]\nid = \"acme\"\n[[tenant]]\nid = \"acme \"\n",
            Path::new("x.toml"),
        );
        assert!(twice.unwrap_err().to_string().contains("listed twice"));
    }

    #[test]
    fn a_database_that_is_a_folder_is_a_usage_error() {
        let config =
            PublishConfig::parse("database = \"/\"\noutput = \"s\"\n", Path::new("x.toml"))
                .unwrap();
        let err = config.check_files().unwrap_err();
        assert_eq!(err.exit_code(), 2, "{err}");
        assert!(
            err.to_string()
                .contains("database: `/` is a folder; name the database file"),
            "{err}"
        );
    }

    #[test]
    fn mistakes_are_usage_errors_naming_the_key() {
        for (text, key) in [
            ("output = \"s\"\n", "database"),
            ("database = \"a\"\noutput = \"s\"\ntimezone = \"Mars/Base\"\n", "timezone"),
            ("database = \"a\"\noutput = \"s\"\nfrobnicate = 1\n", "frobnicate"),
            ("database = \"a\"\noutput = \"s\"\n[fail_on]\nmax_reject_share = 2.0\n", "max_reject_share"),
            ("database = \"a\"\noutput = \"s\"\n[fail_on]\nmin_sla_compliance = 0.9\n", "min_sla_compliance: needs service-level targets"),
            ("database = \"a\"\noutput = \"s\"\n[calendar]\nhours = \"24x7\"\n[fail_on]\nmin_sla_compliance = 0.9\n", "min_sla_compliance: needs service-level targets"),
            ("database = \"a\"\noutput = \"s\"\n[[tenant]]\nid = \"a\"\n[[tenant]]\nid = \"a\"\n", "twice"),
            ("database = \"a\"\noutput = \"s\"\nrubric = \"\"\n", "rubric"),
            ("database = \"a\"\noutput = \"s\"\ntargets = \"\"\n", "targets"),
            ("database = \"a\"\noutput = \"s\"\ntargets = \"no-such-targets.toml\"\n", "targets"),
            ("database = \"a\"\noutput = \"s\"\n[[input]]\npath = \"e\"\nmapping = \"\"\n", "mapping"),
            ("database = \"a\"\noutput = \"s\"\n[[tenant]]\nid = \"a\"\nanswers = \"\"\n", "answers"),
            ("database = \"a\"\noutput = \"s\"\n[[tenant]]\nid = \"a\"\nrubric = \"\"\n", "rubric"),
            // Told in months, never as Rust's integer types.
            ("database = \"a\"\noutput = \"s\"\nbackfill = -1\n", "backfill: -1 is not a number of months from 0 to 120"),
            ("database = \"a\"\noutput = \"s\"\nbackfill = 121\n", "backfill: 121 is not a number of months from 0 to 120"),
            ("database = \"a\"\noutput = \"s\"\nbackfill = 5000000000\n", "backfill: 5000000000 is not a number of months"),
        ] {
            let err = PublishConfig::parse(text, Path::new("x.toml")).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{err}");
            assert!(err.to_string().contains(key), "{key}: {err}");
        }
    }
}
