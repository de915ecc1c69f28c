//! Rebuild when an embedded SQL file, template or rubric changes: `include_str!` alone does not
//! notice files that are added to these folders.
fn main() {
    for dir in ["queries", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
