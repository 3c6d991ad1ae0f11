//! Regenerates `generated/` from `specs/` (and `specs/overlays/`) when the `codegen` feature is
//! on (the default). Files are written only when their content changes, so a clean checkout
//! builds without touching the tree; consumers with `default-features = false` never compile the
//! generator.

fn main() {
    #[cfg(feature = "codegen")]
    regenerate();
}

#[cfg(feature = "codegen")]
fn regenerate() {
    use std::path::PathBuf;

    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-changed=generated");
    let generator = hubspot_calling_codegen::Generator::new()
        .specs_dir(root.join("specs"))
        .out_dir(root.join("generated"));
    match generator.generate() {
        Ok(report) => {
            for path in report.written.iter().chain(&report.removed) {
                let shown = path.strip_prefix(&root).unwrap_or(path);
                println!(
                    "cargo:warning=regenerated {} (review the diff)",
                    shown.display()
                );
            }
        }
        Err(error) => {
            // The whole message, with file, JSON pointer, line and snippet, reaches the user.
            eprintln!("error: {error}");
            for line in error.to_string().lines() {
                println!("cargo:warning={line}");
            }
            std::process::exit(1);
        }
    }
}
