//! `socgauge sources`: the exports socgauge reads, each shape, and what each can and cannot
//! provide, from the sources' own declarations (queries/sources/*/source.toml).

use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::{SourcesArgs, SourcesFormat};
use crate::error::{Error, Result};
use crate::sources::{registry, Source};

#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    title: &'a str,
    about: &'a str,
    shapes: Vec<ListedShape<'a>>,
}

/// The two sources that are not vendor declarations: socgauge's own columns, and any export
/// through a mapping file. Listed first, in the table and in JSON.
const CANONICAL_TITLE: &str = "socgauge's own columns (docs/canonical-model.md)";
const CANONICAL_SHAPE: &str =
    "incidents / alerts / automation: CSV, JSON, NDJSON, Parquet; every canonical field";
const MAPPED_TITLE: &str = "any CSV, JSON or Parquet export through --mapping FILE (`socgauge \
     mapping init FILE` writes one)";

/// What the two built-in sources read, listed as the vendors' declarations are.
fn built_in() -> [Listed<'static>; 2] {
    const FORMATS: &[&str] = &["csv", "json", "ndjson", "parquet"];
    const KINDS: &[&str] = &["incidents", "alerts", "automation"];
    [
        Listed {
            name: "canonical",
            title: CANONICAL_TITLE,
            about: CANONICAL_SHAPE,
            shapes: vec![ListedShape {
                id: "canonical/files",
                describe: "one file per kind, recognised from its columns",
                formats: FORMATS.to_vec(),
                kinds: KINDS.to_vec(),
                recognised_by: vec![
                    "incident_id, created_at",
                    "alert_id, created_at",
                    "run_id, started_at",
                ],
                provides: vec!["every canonical field"],
                lacks: Vec::new(),
                notes: None,
            }],
        },
        Listed {
            name: crate::sources::mapped::NAME,
            title: MAPPED_TITLE,
            about: "the columns a TOML mapping file names feed the canonical fields, with value \
                    maps, timestamp formats and a zone (docs/sources.md)",
            shapes: vec![ListedShape {
                id: "mapping",
                describe: "the columns a mapping file names",
                formats: FORMATS.to_vec(),
                kinds: KINDS.to_vec(),
                recognised_by: vec!["the columns the mapping file names"],
                provides: vec!["the canonical fields the mapping file maps"],
                lacks: Vec::new(),
                notes: None,
            }],
        },
    ]
}

#[derive(Serialize)]
struct ListedShape<'a> {
    id: &'a str,
    describe: &'a str,
    formats: Vec<&'a str>,
    kinds: Vec<&'a str>,
    recognised_by: Vec<&'a str>,
    provides: Vec<&'a str>,
    lacks: Vec<&'a str>,
    notes: Option<&'a str>,
}

pub fn run(args: &SourcesArgs) -> Result<()> {
    let sources = registry()?;
    let text = match args.format {
        SourcesFormat::Json => {
            let listed: Vec<Listed> = built_in()
                .into_iter()
                .chain(sources.iter().map(listed_source))
                .collect();
            let mut json = serde_json::to_string_pretty(&listed).map_err(|e| Error::Output {
                what: "sources",
                message: e.to_string(),
            })?;
            json.push('\n');
            json
        }
        SourcesFormat::Table => table(sources),
    };
    crate::output::write(None, text.as_bytes())
}

fn listed_source(source: &Source) -> Listed<'_> {
    Listed {
        name: &source.name,
        title: &source.title,
        about: &source.about,
        shapes: source
            .shapes
            .iter()
            .map(|s| ListedShape {
                id: &s.id,
                describe: &s.describe,
                formats: strs(&s.formats),
                kinds: strs(&s.kinds),
                recognised_by: strs(&s.requires),
                provides: strs(&s.provides),
                lacks: strs(&s.lacks),
                notes: s.notes.as_deref(),
            })
            .collect(),
    }
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

fn table(sources: &[Source]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "canonical — {CANONICAL_TITLE}\n  {CANONICAL_SHAPE}\n\nmapped — {MAPPED_TITLE}\n"
    );
    for source in sources {
        let _ = writeln!(out, "{} — {}", source.name, source.title);
        let _ = writeln!(out, "  {}", source.about);
        for shape in &source.shapes {
            let _ = writeln!(
                out,
                "  {}/{}: {}\n    formats: {}; yields: {}\n    recognised by: {}\n    provides: {}",
                source.name,
                shape.id,
                shape.describe,
                shape.formats.join(", "),
                shape.kinds.join(", "),
                shape.requires.join(", "),
                shape.provides.join(", ")
            );
            if !shape.lacks.is_empty() {
                let _ = writeln!(out, "    cannot provide: {}", shape.lacks.join(", "));
            }
            if let Some(notes) = &shape.notes {
                let _ = writeln!(out, "    note: {notes}");
            }
        }
        out.push('\n');
    }
    out
}
