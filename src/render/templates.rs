//! The report templates: embedded from `templates/`, each overridable by a file of the same name
//! in `--templates DIR`. One minijinja environment, strict about undefined values, HTML
//! auto-escaping always on.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, Result};

/// Every built-in template, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("style.css", include_str!("../../templates/style.css")),
    (
        "partials/head.html",
        include_str!("../../templates/partials/head.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    (
        "portfolio.html",
        include_str!("../../templates/portfolio.html"),
    ),
    (
        "site_index.html",
        include_str!("../../templates/site_index.html"),
    ),
    (
        "site_tenant.html",
        include_str!("../../templates/site_tenant.html"),
    ),
    (
        "partials/trend.html",
        include_str!("../../templates/partials/trend.html"),
    ),
    (
        "partials/stage_cell.html",
        include_str!("../../templates/partials/stage_cell.html"),
    ),
    (
        "partials/portfolio_header.html",
        include_str!("../../templates/partials/portfolio_header.html"),
    ),
    (
        "partials/portfolio_sections.html",
        include_str!("../../templates/partials/portfolio_sections.html"),
    ),
    (
        "partials/header.html",
        include_str!("../../templates/partials/header.html"),
    ),
    (
        "partials/summary.html",
        include_str!("../../templates/partials/summary.html"),
    ),
    (
        "partials/maturity.html",
        include_str!("../../templates/partials/maturity.html"),
    ),
    (
        "partials/response.html",
        include_str!("../../templates/partials/response.html"),
    ),
    (
        "partials/signals.html",
        include_str!("../../templates/partials/signals.html"),
    ),
    (
        "partials/automation.html",
        include_str!("../../templates/partials/automation.html"),
    ),
    (
        "partials/coverage.html",
        include_str!("../../templates/partials/coverage.html"),
    ),
    (
        "partials/workload.html",
        include_str!("../../templates/partials/workload.html"),
    ),
    (
        "partials/categories.html",
        include_str!("../../templates/partials/categories.html"),
    ),
    (
        "partials/quality.html",
        include_str!("../../templates/partials/quality.html"),
    ),
    (
        "partials/service_levels.html",
        include_str!("../../templates/partials/service_levels.html"),
    ),
];

/// The entry template.
pub const ENTRY: &str = "base.html";
/// The entry template of `report --portfolio`.
pub const PORTFOLIO: &str = "portfolio.html";
/// The entry templates of `publish`: the site's index and a tenant's months.
pub const SITE_INDEX: &str = "site_index.html";
pub const SITE_TENANT: &str = "site_tenant.html";

/// Builds the environment. A user folder, when given, must exist; a template found in it
/// replaces the built-in one of the same name.
pub fn environment(user_dir: Option<&Path>) -> Result<Environment<'static>> {
    if let Some(dir) = user_dir {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--templates: `{}` is not a folder",
                dir.display()
            )));
        }
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Everything is HTML, including the stylesheet partial (it holds no data).
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_debug(true);
    let dir: Option<PathBuf> = user_dir.map(Path::to_path_buf);
    env.set_loader(move |name| {
        if name.split('/').any(|part| part == ".." || part.is_empty())
            || name.starts_with('/')
            || name.contains('\\')
        {
            return Ok(None);
        }
        if let Some(dir) = &dir {
            let path = dir.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read `{}`: {e}", path.display()),
                    )
                });
            }
        }
        Ok(BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, source)| (*source).to_string()))
    });
    Ok(env)
}

/// Renders the entry template with `context`.
pub fn render<S: Serialize>(env: &Environment<'static>, context: &S) -> Result<String> {
    render_entry(env, ENTRY, context)
}

/// Renders the entry template `entry` with `context`.
pub fn render_entry<S: Serialize>(
    env: &Environment<'static>,
    entry: &str,
    context: &S,
) -> Result<String> {
    let template = env.get_template(entry).map_err(template_error)?;
    template
        .render(minijinja::value::Serde(context))
        .map_err(template_error)
}

/// A template error naming the template and the line, with the source excerpt. An error inside
/// an included partial is reported at the partial, not at the include.
pub fn template_error(e: minijinja::Error) -> Error {
    let mut deepest = &e;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
    while let Some(c) = cause {
        if let Some(inner) = c.downcast_ref::<minijinja::Error>() {
            if inner.line().is_some() {
                deepest = inner;
            }
        }
        cause = c.source();
    }
    let name = deepest.name().unwrap_or(ENTRY).to_string();
    let line = deepest
        .line()
        .map_or_else(String::new, |l| format!("line {l}: "));
    let what = deepest.detail().map_or_else(
        || deepest.kind().to_string(),
        |d| format!("{}: {d}", deepest.kind()),
    );
    let mut message = format!("{line}{what}");
    let excerpt = deepest.display_debug_info().to_string();
    if !excerpt.trim().is_empty() {
        message.push('\n');
        message.push_str(excerpt.trim_end());
    }
    Error::Template { name, message }
}

/// Writes the built-in templates into `dir` for customising; never overwrites a file.
pub fn eject(dir: &Path) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = BUILT_IN.iter().map(|(name, _)| dir.join(name)).collect();
    // Every name is checked before anything is written: a refused eject writes nothing.
    if let Some(taken) = paths.iter().find(|p| std::fs::symlink_metadata(p).is_ok()) {
        return Err(Error::Usage(format!(
            "`{}` already exists: eject into an empty folder",
            taken.display()
        )));
    }
    let mut written = Vec::new();
    for (path, (_, source)) in paths.iter().zip(BUILT_IN) {
        // Each file whole (a temporary file renamed into place), and all of them or none: a
        // missing or empty template would silently drop a section of every report.
        if let Err(err) = crate::output::write_file(path, source.as_bytes()) {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(err);
        }
        written.push(path.clone());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_parses() {
        let env = environment(None).unwrap();
        for (name, _) in BUILT_IN {
            env.get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }

    #[test]
    fn names_outside_the_folder_are_not_loaded() {
        let env = environment(None).unwrap();
        assert!(env.get_template("../Cargo.toml").is_err());
        assert!(env.get_template("/etc/passwd").is_err());
    }
}
