//! Vendor sources: each is a folder `queries/sources/<name>/` holding `source.toml` (the shapes
//! of export it reads, the keys that recognise each, what each can and cannot provide) and one
//! SQL script per shape that maps the file's records into the canonical staging tables. The
//! folders are embedded by build.rs, so adding a source adds no Rust.

pub mod detect;
pub mod mapped;
pub mod sandbox;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::queries::Query;

include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// One supported source, as its `source.toml` declares it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(skip)]
    pub name: String,
    pub title: String,
    pub about: String,
    #[serde(rename = "shape")]
    pub shapes: Vec<Shape>,
}

impl Source {
    /// Whether this is the user's mapping file rather than a built-in source: one tool's files,
    /// or another's, through a mapping each time (its own formats decide its dates; its script
    /// is the mapping's).
    pub fn is_mapping(&self) -> bool {
        self.name == mapped::NAME
    }
}

/// One shape of export a source reads (a table, an API response), and how it is recognised.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// Short id, unique within the source.
    pub id: String,
    /// What the user exports, in their words.
    pub describe: String,
    /// File formats it comes in.
    pub formats: Vec<String>,
    /// Canonical kinds it yields.
    pub kinds: Vec<String>,
    /// Keys every record must have (dotted paths for nested keys; `a|b` = either). Matching
    /// ignores case and a `[UTC]`-style suffix on CSV headers.
    pub requires: Vec<String>,
    /// Keys that rule the shape out.
    #[serde(default)]
    pub excludes: Vec<String>,
    /// The SQL script (in the source's folder).
    pub query: String,
    /// Canonical fields the shape fills.
    pub provides: Vec<String>,
    /// Canonical fields the export does not carry, with why (shown by `socgauge sources`).
    #[serde(default)]
    pub lacks: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl Shape {
    /// The embedded SQL script of this shape.
    pub fn script(&self, source: &str) -> Result<Query> {
        let path = format!("{source}/{}", self.query);
        SOURCE_FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(name, sql)| Query { name, sql })
            .ok_or_else(|| Error::Internal(format!("source script `{path}` is not embedded")))
    }
}

/// Every built-in source, sorted by name.
pub fn registry() -> Result<&'static [Source]> {
    static REGISTRY: OnceLock<std::result::Result<Vec<Source>, String>> = OnceLock::new();
    REGISTRY
        .get_or_init(parse_registry)
        .as_deref()
        .map_err(|m| Error::Internal(m.clone()))
}

fn parse_registry() -> std::result::Result<Vec<Source>, String> {
    let mut sources = Vec::new();
    for (path, text) in SOURCE_FILES {
        let Some(name) = path.strip_suffix("/source.toml") else {
            continue;
        };
        let mut source: Source =
            toml::from_str(text).map_err(|e| format!("queries/sources/{path}: {e}"))?;
        source.name = name.to_string();
        sources.push(source);
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sources)
}

/// The source with this name.
pub fn find(name: &str) -> Result<Option<&'static Source>> {
    Ok(registry()?.iter().find(|s| s.name == name))
}

/// Helper macros every source script may use (`queries/sources/*.sql`, outside any folder):
/// `macros.sql` and `domains.sql` first, because the others are written with their macros, then
/// in name order.
pub fn helpers() -> Vec<Query> {
    let mut helpers: Vec<Query> = SOURCE_FILES
        .iter()
        .filter(|(p, _)| !p.contains('/') && p.ends_with(".sql"))
        .map(|(name, sql)| Query { name, sql })
        .collect();
    let rank = |name: &str| match name {
        "macros.sql" => 0,
        "domains.sql" => 1,
        _ => 2,
    };
    helpers.sort_by_key(|q| (rank(q.name), q.name));
    helpers
}

/// How files are read: recognised per file, or one source forced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChoice {
    Auto,
    Canonical,
    Named(String),
}

impl SourceChoice {
    /// Parses `--source` (the setting `named` so in messages): `auto`, `canonical`, `mapped` or
    /// a built-in source name.
    pub fn parse(text: &str, named: &str) -> Result<SourceChoice> {
        let name = text.trim().to_ascii_lowercase();
        match name.as_str() {
            "auto" => Ok(SourceChoice::Auto),
            "canonical" => Ok(SourceChoice::Canonical),
            mapped::NAME => Ok(SourceChoice::Named(name)),
            _ if find(&name)?.is_some() => Ok(SourceChoice::Named(name)),
            _ => Err(Error::Usage(format!(
                "{named}: unknown source `{text}`; choose auto, canonical, mapped or one of: {}",
                registry()?
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_parses_and_every_script_is_embedded() {
        let sources = registry().unwrap();
        assert!(sources.len() >= 7, "{} sources", sources.len());
        for source in sources {
            assert!(!source.shapes.is_empty(), "{}", source.name);
            for shape in &source.shapes {
                assert!(!shape.requires.is_empty(), "{}/{}", source.name, shape.id);
                let script = shape.script(&source.name).unwrap();
                assert!(script.sql.contains("INSERT INTO stage_"), "{}", script.name);
                for kind in &shape.kinds {
                    assert!(
                        ["incidents", "alerts", "automation", "reviews"].contains(&kind.as_str()),
                        "{}/{}: {kind}",
                        source.name,
                        shape.id
                    );
                }
            }
        }
    }

    #[test]
    fn shared_macros_come_first() {
        let names: Vec<&str> = helpers().iter().map(|q| q.name).collect();
        assert_eq!(names[..2], ["macros.sql", "domains.sql"]);
        assert!(names.contains(&"defender.sql") && names.contains(&"domains.sql"));
    }

    #[test]
    fn source_choice_names() {
        assert_eq!(
            SourceChoice::parse("AUTO", "--source").unwrap(),
            SourceChoice::Auto
        );
        assert_eq!(
            SourceChoice::parse("sentinel", "--source").unwrap(),
            SourceChoice::Named("sentinel".into())
        );
        assert!(SourceChoice::parse("qradar", "--source").is_err());
    }
}
