//! Regenerates `generated/` from `specs/` (and `specs/overlays/`) when the `codegen` feature is
//! on. The feature is off by default, so a crate that depends on hubspot-calling compiles the
//! committed `generated/` and never the generator; this workspace turns it on for its own builds
//! (the member tests/support depends on hubspot-calling with `features = ["codegen"]`).
//!
//! # Where it writes
//!
//! Only into this crate's own `generated/`, and only when the crate is built from this
//! repository's working tree: `HUBSPOT_CALLING_SOURCE_DIR`, which the repository's
//! `.cargo/config.toml` sets for every cargo command run inside it, must be this crate's
//! directory. A copy built as a dependency (from crates.io, a git checkout, `cargo vendor`, or
//! the verification build of `cargo package`) is somewhere else: even with `codegen` on it
//! writes nothing at all, not even to `OUT_DIR`, and compiles `generated/` as shipped. Files are
//! written only when their content changes (all or none), and a spec the generator cannot handle
//! fails the build with its file, line and JSON pointer, leaving `generated/` as it was.
//!
//! # What it watches
//!
//! `build.rs` and `specs/` (overlays included). The generator is a build-dependency: cargo
//! reruns this script when it changes. Not `generated/`: this script writes it, so watching it
//! would rerun the script (and recompile the crate) on the build after every regeneration. A
//! hand edit of `generated/` is caught by `hubspot-calling-codegen check` in CI.

fn main() {
    // Without `codegen` nothing here reads any file: no reason to rerun (cargo's default would
    // be to rerun on every change in the package).
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "codegen")]
    regenerate();
}

/// The environment variable naming the working tree that may be regenerated.
#[cfg(feature = "codegen")]
const SOURCE_DIR_VAR: &str = "HUBSPOT_CALLING_SOURCE_DIR";

#[cfg(feature = "codegen")]
fn regenerate() {
    use std::path::PathBuf;

    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-env-changed={SOURCE_DIR_VAR}");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    if let Err(reason) = own_working_tree(&root) {
        println!("cargo:warning=codegen: generated/ is not regenerated: {reason}");
        return;
    }
    let generator = hubspot_calling_codegen::Generator::new()
        .specs_dir(root.join("specs"))
        .out_dir(root.join("generated"));
    match generator.generate() {
        Ok(report) => {
            let shown = |path: &std::path::Path| {
                let path = path.strip_prefix(&root).unwrap_or(path);
                path.display().to_string()
            };
            for path in &report.written {
                println!(
                    "cargo:warning=regenerated {} (review the diff)",
                    shown(path)
                );
            }
            for path in &report.removed {
                println!(
                    "cargo:warning=removed {} (no spec produces it)",
                    shown(path)
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

/// `Ok` when `root` (this crate's directory) is the working tree `HUBSPOT_CALLING_SOURCE_DIR`
/// names; otherwise why not.
#[cfg(feature = "codegen")]
fn own_working_tree(root: &std::path::Path) -> Result<(), String> {
    let Some(source) = std::env::var_os(SOURCE_DIR_VAR).filter(|v| !v.is_empty()) else {
        return Err(format!(
            "{SOURCE_DIR_VAR} is not set (only cargo commands run inside the repository set it, \
             through its .cargo/config.toml)"
        ));
    };
    let same = match (std::fs::canonicalize(&source), std::fs::canonicalize(root)) {
        (Ok(source), Ok(root)) => source == root,
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(format!(
            "this copy ({}) is not the working tree {SOURCE_DIR_VAR} names ({}), e.g. it is \
             built as a dependency",
            root.display(),
            std::path::Path::new(&source).display()
        ))
    }
}
