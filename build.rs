//! Rebuild when an embedded SQL file, template or rubric changes: `include_str!` alone does not
//! notice files that are added to these folders. Also embeds every file under `queries/sources/`
//! so that adding a source is adding a folder, with no Rust to touch.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    for dir in ["queries", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/sources");
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
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("sources.rs");
    if let Err(e) = std::fs::write(&dest, out) {
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
