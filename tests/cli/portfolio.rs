//! `report --portfolio`: every tenant side by side in one self-contained, escaped, deterministic
//! HTML file, with each tenant's full report beside it on request.

use crate::harness::{fixture, socgauge};

/// Two sample organisations (acme reactive, globex automated, four months to October 2026) and
/// the hostile fixture (a tenant named `<script>alert(1)</script>`) in one database.
fn clients(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("clients.db");
    for (tenant, stage) in [("acme", "reactive"), ("globex", "automated")] {
        let out = dir.join(tenant);
        socgauge()
            .args([
                "sample",
                "--months",
                "4",
                "--alerts-per-day",
                "10",
                "--stage",
                stage,
            ])
            .args(["--tenant", tenant, "--out"])
            .arg(&out)
            .assert()
            .success();
        socgauge()
            .args(["ingest", "--quiet", "--db"])
            .arg(&db)
            .arg(&out)
            .assert()
            .success();
    }
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(fixture("hostile"))
        .assert()
        .success();
    db
}

fn portfolio(db: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> String {
    socgauge()
        .args([
            "report",
            "--portfolio",
            "--as-of",
            "2026-11-03T09:00:00Z",
            "--db",
        ])
        .arg(db)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

/// The page's header and main content (the stylesheet is the report's) with every SVG replaced
/// by its size, so that the snapshot reads as the page's text.
fn without_svg(html: &str) -> String {
    let start = html.find("<header").unwrap_or(0);
    let end = html
        .find("</main>")
        .map_or(html.len(), |e| e + "</main>".len());
    let html = &html[start..end];
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</svg>")
            .map_or(rest.len(), |e| start + e + "</svg>".len());
        out.push_str(&format!("<svg …{} bytes…>", end - start));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_portfolio_shows_every_tenant_escaped_and_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = clients(dir.path());
    let a = portfolio(&db, &dir.path().join("a.html"), &[]);
    let b = portfolio(&db, &dir.path().join("b.html"), &[]);
    assert_eq!(a, b);
    assert!(a.contains("Content-Security-Policy"));
    assert!(a.contains("script-src 'none'"));
    assert!(!a.to_ascii_lowercase().contains("<script"));
    assert!(
        a.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || a.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    let dom = tl::parse(&a, tl::ParserOptions::default()).unwrap();
    for tag in dom.nodes().iter().filter_map(|n| n.as_tag()) {
        let name = tag.name().as_utf8_str().to_ascii_lowercase();
        assert!(
            !["script", "img", "iframe", "object"].contains(&name.as_str()),
            "<{name}>"
        );
        assert!(
            tag.attributes()
                .iter()
                .all(|(attr, _)| !attr.to_ascii_lowercase().starts_with("on")),
            "event handler on <{name}>"
        );
    }
    // Two real verdicts: acme reactive, globex automated.
    assert!(a.contains("Stage 1, Reactive"));
    assert!(a.contains("Stage 4, Automated"));
    insta::assert_snapshot!(without_svg(&a));
}

#[test]
fn a_page_name_too_long_for_the_file_system_writes_nothing() {
    // `<stem>-<slug>.html` of the longest tenant name goes over 255 bytes: refused (exit 2)
    // before any page is in place, naming the file and what to do, not half a set of pages.
    let dir = tempfile::tempdir().unwrap();
    let db = clients(dir.path());
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    let out = site.join(format!("{}.html", "p".repeat(240)));
    let run = socgauge()
        .args(["report", "--portfolio", "--with-reports", "--db"])
        .arg(&db)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("more than the 255 a file system takes: choose a shorter output name"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(&site).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn with_reports_writes_each_tenants_report_beside_the_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let db = clients(dir.path());
    let out = dir.path().join("site/portfolio.html");
    let html = portfolio(&db, &out, &["--with-reports"]);
    // Named by the tenant's slug (only `[a-z0-9-]`), never by its name as it is; a name that
    // is not its own slug gets a hash of the name.
    let hostile = std::fs::read_dir(dir.path().join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("portfolio-script-alert-1-script--"))
        .expect("the page of the tenant named with markup");
    let hostile = hostile
        .trim_start_matches("portfolio-")
        .trim_end_matches(".html")
        .to_string();
    assert_eq!(
        hostile.len(),
        "script-alert-1-script--".len() + 8,
        "{hostile}"
    );
    for (slug, tenant) in [
        (hostile.as_str(), "&lt;script&gt;"),
        ("acme", "acme"),
        ("globex", "globex"),
    ] {
        let path = dir.path().join(format!("site/portfolio-{slug}.html"));
        let report = std::fs::read_to_string(&path).unwrap();
        assert!(report.contains(tenant), "{}", path.display());
        assert!(html.contains(&format!("href=\"portfolio-{slug}.html\"")));
    }
    let files = std::fs::read_dir(dir.path().join("site")).unwrap().count();
    assert_eq!(files, 4);
    // A client joining the portfolio leaves every other page where it was, even one whose name
    // gives the same slug (a page named by position, or by the first name in order, would have
    // moved: the links handed out and the pages kept in version control would name another
    // client).
    let acme_before = std::fs::read(dir.path().join("site/portfolio-acme.html")).unwrap();
    let newcomer = dir.path().join("newcomer");
    socgauge()
        .args(["sample", "--months", "1", "--alerts-per-day", "5"])
        .args(["--tenant", "ACME", "--out"])
        .arg(&newcomer)
        .assert()
        .success();
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&newcomer)
        .assert()
        .success();
    let html = portfolio(&db, &out, &["--with-reports"]);
    assert!(html.contains("href=\"portfolio-acme--"), "ACME's page");
    assert!(html.contains("href=\"portfolio-acme.html\""));
    assert_eq!(
        std::fs::read(dir.path().join("site/portfolio-acme.html")).unwrap(),
        acme_before,
        "acme's page changed when another client joined"
    );
}

/// A tenant with a stage the month before and no verdict this month (no data) moved down: it is
/// listed with the tenants that regressed, not with the unchanged ones, and its bar in the chart
/// (at 0) says it has no verdict.
#[test]
fn a_stage_lost_to_no_verdict_is_a_move_down() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clients.db");
    crate::harness::write(
        dir.path(),
        "incidents.csv",
        "tenant,incident_id,created_at,status,closed_at\n\
         gone,G1,2026-09-05T10:00:00Z,closed,2026-09-05T12:00:00Z\n\
         kept,K1,2026-09-05T10:00:00Z,closed,2026-09-05T12:00:00Z\n\
         kept,K2,2026-10-05T10:00:00Z,closed,2026-10-05T12:00:00Z\n",
    );
    socgauge()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(dir.path().join("incidents.csv"))
        .assert()
        .success();
    let html = portfolio(&db, &dir.path().join("p.html"), &["--month", "2026-10"]);
    let regressed = html
        .split("<h3>Regressed</h3>")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or("");
    assert!(
        regressed.contains(">gone</a>: stage 1 → no verdict (") && !regressed.contains(">kept</a>"),
        "{html}"
    );
    assert!(html.contains("gone (no verdict)"), "the chart names it");
}
