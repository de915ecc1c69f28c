//! Rebuild when an embedded SQL file, template or rubric changes: `include_str!` alone does not
//! notice files that are added to these folders. Also embeds every file under `queries/sources/`
//! so that adding a source is adding a folder, with no Rust to touch.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    for dir in ["queries", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let root = manifest_dir().join("queries/sources");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out =
        String::from("/// Every file under `queries/sources/`: (path below that folder, text).\n");
    out.push_str("pub static SOURCE_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    write(&out_dir.join("sources.rs"), &out);
    write(&out_dir.join("facts_version.rs"), &facts_version());
}

/// The facts' version is a hash of their definition (the facts SQL): a change to it makes
/// databases built before it rebuild their facts, without anyone remembering to bump a number.
fn facts_version() -> String {
    let dir = manifest_dir().join("queries/facts");
    // FNV-1a, 64 bits: stable across Rust versions (std's hashers are not).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for name in [
        "identities.sql",
        "incident_facts.sql",
        "alert_facts.sql",
        "incident_fields.sql",
        "alert_fields.sql",
        "created_days.sql",
        "alert_days.sql",
        "alert_day_attack.sql",
        "alert_hours.sql",
        "alert_months.sql",
    ] {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for byte in name.bytes().chain(text) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!(
        "/// Hash of the facts SQL in queries/facts (build.rs).\n\
         pub const VERSION: &str = \"{hash:016x}\";\n"
    )
}

/// Read at run time: `env!` would bake in the folder the build script was first compiled in,
/// and a clone elsewhere sharing the target folder would read that stale folder.
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()))
}

fn write(dest: &Path, text: &str) {
    if let Err(e) = std::fs::write(dest, text) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
