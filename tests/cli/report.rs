//! The HTML report: structure, numbers equal to the metrics engine's, escaping of hostile data,
//! determinism, template overrides and template errors.

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{fixture, socgauge, write};

/// A parsed page with the few queries the tests need (tl: an HTML parser without build-time
/// dependencies, so the test build shares the release build's DuckDB).
struct Page<'a> {
    dom: tl::VDom<'a>,
}

impl<'a> Page<'a> {
    fn parse(html: &'a str) -> Page<'a> {
        Page {
            dom: tl::parse(html, tl::ParserOptions::default()).unwrap(),
        }
    }

    fn all(&self, selector: &str) -> Vec<&tl::HTMLTag<'a>> {
        let parser = self.dom.parser();
        self.dom
            .query_selector(selector)
            .map(|it| {
                it.filter_map(|h| h.get(parser).and_then(|n| n.as_tag()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn within(&self, tag: &tl::HTMLTag<'a>, selector: &str) -> usize {
        tag.query_selector(self.dom.parser(), selector)
            .map_or(0, |it| it.count())
    }

    fn text(&self, selector: &str) -> String {
        self.all(selector)
            .first()
            .map(|t| t.inner_text(self.dom.parser()).to_string())
            .unwrap_or_default()
    }

    fn tags(&self) -> Vec<&tl::HTMLTag<'a>> {
        self.dom.nodes().iter().filter_map(|n| n.as_tag()).collect()
    }
}

fn attr(tag: &tl::HTMLTag<'_>, name: &str) -> Option<String> {
    tag.attributes()
        .get(name)
        .flatten()
        .map(|b| b.as_utf8_str().to_string())
}

fn render(dir: &std::path::Path, data: &std::path::Path, extra: &[&str]) -> String {
    let out = dir.join("report.html");
    socgauge()
        .arg("report")
        .arg(data)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

fn sample_data() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn the_sample_report_has_every_section_and_one_svg_per_chart() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(dir.path(), &sample_data(), &[]);
    let page = Page::parse(&html);
    assert_eq!(
        page.all("header")
            .iter()
            .filter_map(|t| attr(t, "id"))
            .collect::<Vec<_>>(),
        ["header"]
    );
    let sections: Vec<String> = page
        .all("section")
        .iter()
        .filter_map(|t| attr(t, "id"))
        .collect();
    assert_eq!(
        sections,
        [
            "summary",
            "trend",
            "maturity",
            "response",
            "signals",
            "automation",
            "coverage",
            "workload",
            "categories",
            "quality"
        ]
    );
    // Fourteen charts of the period (the backlog ages and the categories among them), four of
    // the twelve-month trend.
    let figures = page.all("figure");
    assert_eq!(figures.len(), 18);
    for f in &figures {
        let id = attr(f, "id").unwrap_or_default();
        assert_eq!(page.within(f, "svg"), 1, "{id}");
        assert!(page.within(f, "tr") > 1, "chart without its numbers: {id}");
    }
    for alt in page.all(".svg") {
        assert!(
            attr(alt, "aria-label").is_some_and(|a| a.len() > 10),
            "chart without a text alternative"
        );
        assert_eq!(attr(alt, "role").as_deref(), Some("img"));
    }
    assert_eq!(page.all("svg").len(), 18);
    assert_eq!(page.all("script").len(), 0);
    let csp = page
        .all("meta")
        .into_iter()
        .find(|m| attr(m, "http-equiv").as_deref() == Some("Content-Security-Policy"))
        .unwrap();
    assert!(attr(csp, "content").unwrap().contains("script-src 'none'"));
    for remote in [
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
        "src=\"//",
        "href=\"//",
    ] {
        assert!(
            !html.contains(remote),
            "the report must not load anything: {remote}"
        );
    }
    assert_eq!(page.all(".kpi").len(), 6);
    assert!(page.within(page.all(".findings")[0], "li") >= 3);
    assert_eq!(page.all(".layer").len(), 6);
}

#[test]
fn kpi_values_equal_the_metrics_engine() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(dir.path(), &sample_data(), &[]);
    let out = socgauge()
        .args(["metrics", "--format", "json"])
        .arg(sample_data())
        .output()
        .unwrap();
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &m["metrics"];
    let page = Page::parse(&html);
    let kpi = |key: &str| {
        let tile = page.all(&format!("#kpi-{key}"))[0];
        tile.query_selector(page.dom.parser(), ".value")
            .and_then(|mut it| it.next())
            .and_then(|h| h.get(page.dom.parser()))
            .map(|n| n.inner_text(page.dom.parser()).to_string())
            .unwrap()
    };
    use socgauge::humanize::{minutes, number, percent};
    assert_eq!(kpi("mttd"), minutes(m["mttd"]["median_minutes"].as_f64()));
    assert_eq!(kpi("mtta"), minutes(m["mtta"]["median_minutes"].as_f64()));
    assert_eq!(kpi("mttr"), minutes(m["mttr"]["median_minutes"].as_f64()));
    assert_eq!(
        kpi("noise_ratio"),
        percent(m["noise_ratio"]["value"].as_f64())
    );
    assert_eq!(
        kpi("automation_rate"),
        percent(m["automation_rate"]["value"].as_f64())
    );
    assert_eq!(kpi("backlog"), number(m["backlog"]["value"].as_f64()));
    assert!(page.text("title").contains("October 2026"));
}

#[test]
fn hostile_data_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(
        dir.path(),
        &fixture("hostile"),
        // The data holds part of October only: the default period (the last complete month)
        // would be September, without data.
        &[
            "--tenant",
            "<script>alert(1)</script>",
            "--month",
            "2026-10",
        ],
    );
    for raw in ["<script", "<img", "\"><img", "</svg><script"] {
        assert!(!html.contains(raw), "unescaped {raw:?} in the report");
    }
    assert!(
        !html.contains(">49<") && !html.contains(" 49 title"),
        "template syntax in data was evaluated"
    );
    assert!(html.contains("{{ 7*7 }}"), "data text must survive as text");
    let page = Page::parse(&html);
    for tag in ["script", "img", "iframe", "object"] {
        assert_eq!(page.all(tag).len(), 0, "<{tag}> in the report");
    }
    for tag in page.tags() {
        assert!(
            tag.attributes()
                .iter()
                .all(|(name, _)| !name.to_ascii_lowercase().starts_with("on")),
            "event handler on <{}>",
            tag.name().as_utf8_str()
        );
    }
    // Still a complete report: every chart drew one SVG (the backlog ages and the categories
    // among them).
    assert_eq!(page.all("svg").len(), 18);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.html");
    for out in [&a, &b] {
        socgauge()
            .arg("report")
            .arg(sample_data())
            .args(["--as-of", "2026-11-03T09:00:00Z", "-o"])
            .arg(out)
            .assert()
            .success();
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let html = std::fs::read_to_string(&a).unwrap();
    // Generated at --as-of; the data's latest timestamp is a separate fact. Both, and the
    // period's bounds, on the clock of the period's zone (UTC here).
    assert!(html.contains("generated 2026-11-03 09:00 (UTC)"));
    assert!(
        html.contains("Data up to 2026-10-31 "),
        "the data's latest timestamp"
    );
    assert!(html.contains("2026-10-01 00:00 → 2026-11-01 00:00 (UTC)"));
}

#[test]
fn without_as_of_the_report_is_generated_at_the_run_time() {
    let dir = tempfile::tempdir().unwrap();
    let before = chrono::Utc::now().timestamp();
    let html = render(dir.path(), &sample_data(), &[]);
    let after = chrono::Utc::now().timestamp();
    // Shown to the minute on the report zone's clock (UTC here).
    let at = html
        .split("generated ")
        .nth(1)
        .and_then(|rest| rest.get(..16))
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").ok())
        .expect("a generation time")
        .and_utc()
        .timestamp();
    assert!(
        before - 60 <= at && at <= after + 1,
        "{at} not in [{before} - 60 s, {after}]"
    );
}

#[test]
fn the_header_names_the_organisation_and_the_period_as_people_say_it() {
    let dir = tempfile::tempdir().unwrap();
    // One tenant: its report without --tenant carries its name, not "All tenants".
    let html = render(
        dir.path(),
        &sample_data(),
        &["--as-of", "2026-11-03T09:00:00Z"],
    );
    let page = Page::parse(&html);
    assert_eq!(page.text("h1"), "contoso · SOC report");
    assert!(page.text("header").contains("October 2026"));
    let html = render(
        dir.path(),
        &sample_data(),
        &[
            "--tenant-name",
            "Contoso <Ltd>",
            "--from",
            "2026-07-01",
            "--to",
            "2026-10-01",
        ],
    );
    let page = Page::parse(&html);
    assert_eq!(page.text("h1"), "Contoso &lt;Ltd&gt; · SOC report");
    assert!(page.text("header").contains("Q3 2026"));
    let names = write(dir.path(), "names.toml", "contoso = \"Contoso Group\"\n");
    let html = render(
        dir.path(),
        &sample_data(),
        &["--tenant-names", names.to_str().unwrap()],
    );
    assert_eq!(Page::parse(&html).text("h1"), "Contoso Group · SOC report");
    // A name for a tenant the data does not hold (a typo) is refused, naming it.
    let typo = write(dir.path(), "typo.toml", "contosoo = \"Contoso Group\"\n");
    for portfolio in [false, true] {
        let out = socgauge()
            .args(["report", "--tenant-names"])
            .arg(&typo)
            .args(if portfolio {
                &["--portfolio"][..]
            } else {
                &[][..]
            })
            .arg("-o")
            .arg(dir.path().join("typo.html"))
            .arg(sample_data())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("no tenant `contosoo` in the data; its tenants are `contoso`"),
            "{stderr}"
        );
        assert!(!dir.path().join("typo.html").exists());
    }
}

#[test]
fn as_of_sets_the_generation_time() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(
        dir.path(),
        &fixture("metrics"),
        &[
            "--input-timezone",
            "Europe/Paris",
            "--tenant",
            "acme",
            "--as-of",
            "2026-11-02T08:00:00Z",
        ],
    );
    // Shown on the clock of the report's zone (UTC: --input-timezone is the exports' zone).
    assert!(html.contains("generated 2026-11-02 08:00 (UTC)"));
}

#[test]
fn a_user_partial_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("tpl");
    std::fs::create_dir_all(templates.join("partials")).unwrap();
    write(
        &templates.join("partials"),
        "summary.html",
        "<section id=\"summary\"><h2>Board summary</h2><p>{{ summary.stage_name }}</p></section>\n",
    );
    let html = render(
        dir.path(),
        &sample_data(),
        &["--templates", templates.to_str().unwrap()],
    );
    assert!(html.contains("Board summary"));
    assert!(html.contains("<p>Signal-Driven</p>"));
    assert!(!html.contains("Executive summary"));
    assert!(
        html.contains("id=\"maturity\""),
        "other partials stay built in"
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("tpl");
    std::fs::create_dir_all(templates.join("partials")).unwrap();
    write(
        &templates.join("partials"),
        "coverage.html",
        "<section id=\"coverage\">\n<h2>Coverage</h2>\n{{ coverage.no_such_field }}\n</section>\n",
    );
    socgauge()
        .arg("report")
        .arg(sample_data())
        .arg("-o")
        .arg(dir.path().join("r.html"))
        .arg("--templates")
        .arg(&templates)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("partials/coverage.html")
                .and(predicate::str::contains("line 3")),
        );
    assert!(!dir.path().join("r.html").exists());
}

#[test]
fn a_missing_templates_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    socgauge()
        .arg("report")
        .arg(sample_data())
        .arg("--templates")
        .arg(dir.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--templates"));
}

/// Writes the built-in templates into `target` with `templates eject`, which must succeed.
fn eject(target: &std::path::Path) {
    socgauge()
        .args(["templates", "eject"])
        .arg(target)
        .assert()
        .success();
}

#[test]
fn a_report_never_writes_into_its_templates_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("tpl");
    eject(&target);
    let base = std::fs::read(target.join("base.html")).unwrap();
    let link = dir.path().join("link.html");
    #[cfg(unix)]
    std::os::unix::fs::symlink(target.join("base.html"), &link).unwrap();
    #[cfg(not(unix))]
    let link = target.join("base.html");
    for (flag, out) in [
        ("-o", target.join("base.html")),
        ("-o", link.clone()),
        ("--dump-context", link),
    ] {
        socgauge()
            .args(["report", "--templates"])
            .arg(&target)
            .arg(flag)
            .arg(&out)
            .arg(sample_data())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--templates"));
        assert_eq!(
            std::fs::read(target.join("base.html")).unwrap(),
            base,
            "{flag} {}",
            out.display()
        );
    }
}

#[test]
fn a_refused_eject_writes_nothing() {
    // One template already there, late in the list: refused before any other is written.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("tpl");
    std::fs::create_dir_all(target.join("partials")).unwrap();
    std::fs::write(target.join("partials/trend.html"), "mine").unwrap();
    socgauge()
        .args(["templates", "eject"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("partials/trend.html"));
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        1,
        "only partials/"
    );
    assert_eq!(
        std::fs::read_dir(target.join("partials")).unwrap().count(),
        1
    );
    assert_eq!(
        std::fs::read_to_string(target.join("partials/trend.html")).unwrap(),
        "mine"
    );
}

#[test]
fn eject_writes_every_template_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("tpl");
    eject(&target);
    assert!(target.join("base.html").is_file());
    assert!(target.join("partials/maturity.html").is_file());
    socgauge()
        .args(["templates", "eject"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    // The ejected templates render the same report as the built-in ones.
    let as_of = ["--as-of", "2026-11-03T09:00:00Z"];
    let built_in = render(dir.path(), &sample_data(), &as_of);
    let ejected = render(
        dir.path(),
        &sample_data(),
        &[&as_of[..], &["--templates", target.to_str().unwrap()]].concat(),
    );
    assert_eq!(built_in, ejected);
}

#[test]
fn dump_context_writes_the_view_model() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = dir.path().join("ctx.json");
    render(
        dir.path(),
        &sample_data(),
        &["--dump-context", ctx.to_str().unwrap()],
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&ctx).unwrap()).unwrap();
    assert_eq!(v["header"]["stage"], 3);
    assert_eq!(v["summary"]["kpis"].as_array().unwrap().len(), 6);
    // The trend ends with the period: its last month is the period's own assessment.
    let rows = v["trend"]["stage_rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[11]["month"], "2026-10");
    assert_eq!(rows[11]["cells"][0]["text"], "3");
    // The sample holds three months: nine gaps, never zeros.
    let gaps = rows
        .iter()
        .filter(|r| r["cells"][0]["class"] == "stage-none")
        .count();
    assert_eq!(gaps, 9);
}

#[test]
fn an_output_never_replaces_an_export_the_database_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    for name in ["incidents.csv", "alerts.csv"] {
        std::fs::copy(sample_data().join(name), exports.join(name)).unwrap();
    }
    let db = dir.path().join("soc.db");
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&exports)
        .assert()
        .success();
    let before = std::fs::read(exports.join("alerts.csv")).unwrap();
    let alerts = exports.join("alerts.csv");
    for command in [
        &["report"][..],
        &["metrics", "--format", "json"][..],
        &["rejects"][..],
        &[
            "rejects",
            "--format",
            "json",
            "--file",
            alerts.to_str().unwrap(),
        ][..],
    ] {
        let out = socgauge()
            .args(command)
            .arg("--db")
            .arg(&db)
            .arg("-o")
            .arg(exports.join("alerts.csv"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(
            stderr.contains("is an export the database has loaded"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(exports.join("alerts.csv")).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(&exports).unwrap().flatten().collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    // Beside them, an output is written as usual.
    socgauge()
        .args(["report", "--db"])
        .arg(&db)
        .arg("-o")
        .arg(exports.join("report.html"))
        .assert()
        .success();
}

/// A report for a zone shows its header's times on that zone's clock, the zone named: a Paris
/// reader's October starts at 00:00, not at 2026-09-30T22:00:00Z.
#[test]
fn the_header_speaks_the_reports_zone() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(
        dir.path(),
        &sample_data(),
        &[
            "--timezone",
            "Europe/Paris",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-03T09:00:00Z",
        ],
    );
    assert!(
        html.contains("2026-10-01 00:00 → 2026-11-01 00:00 (Europe&#x2f;Paris)"),
        "{}",
        &html[..html.find("</header>").unwrap_or(0)]
    );
    assert!(html.contains("generated 2026-11-03 10:00 (Europe&#x2f;Paris)"));
}
