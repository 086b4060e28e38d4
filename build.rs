//! Rebuilds when the files the binary embeds change (`src/plan/project_files.rs`): `include_dir!`
//! alone does not see a file added to a folder.
fn main() {
    for folder in ["features", "fixtures", "docs/spec"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
